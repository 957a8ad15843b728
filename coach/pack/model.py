"""The content schema: a frozen dataclass for every file of a content pack, validated by
pydantic (:mod:`coach.pack.validate`) from the rules it carries (:mod:`coach.pack.fields`).

One model a file: ``pack.toml`` -> :class:`PackInfo`, ``program.toml`` -> :class:`Program`,
``protocols/*.toml`` -> :class:`Protocol`, ``faq.toml`` -> :class:`FaqFile`,
``safety.toml`` -> :class:`Safety`. :class:`Pack` is the assembled, frozen whole.

Every model forbids unknown keys so a typo is an error with a hint, never silently ignored.
Cross-file references (a protocol named in ``pack.toml``, a FAQ link) are checked by the loader,
which knows which file each piece came from.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from coach.pack.durations import DurationError, Span, parse_span
from coach.pack.fields import Limits, Model, Parsed, check, check_input, model, spec
from coach.pack.ranges import CountRange, RangeError, parse_count_range

Id = Annotated[
    str,
    Limits(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64),
    Limits(description="A short identifier: lower-case letters, digits, '-' and '_'."),
]
Title = Annotated[str, Limits(min_length=1, max_length=200)]
Markdown = Annotated[
    str,
    Limits(max_length=200_000),
    Limits(description="Markdown text. Links of the form [text](faq:ID) open another FAQ entry."),
]


Basis = Literal["source", "general", "mixed"]
"""Where text comes from: the pack's source, general guidance (the pack author's own), or some
of each. FAQ entries, protocols and the safety sections say it; coach shows it with them."""

SignUrgency = Literal["urgent", "same-day", "soon", "stop-today", "routine", "normal"]
"""How urgent a sign is, most urgent first: get urgent help now; contact a clinician the same
day; the same day or the next (pausing the routine); stop for today (a warning sign); book a
visit or mention it at the next one; can be normal."""

Signs = Annotated[
    dict[Id, SignUrgency],
    Limits(
        max_length=200,
        description="The signs this text names, each with the urgency it gives it, e.g. "
        "{ heavy-bleeding = 'urgent' }. `coach check` reports a sign given different "
        "urgencies in different places.",
    ),
]

_PARAM = re.compile(r"^\{((?:previous\.)?[a-z][a-z0-9_]*)\}$")
PREVIOUS = "previous."
"""``"{previous.hold}"``: the parameter of the level before the last change of level."""


@dataclass(frozen=True, slots=True)
class ParamRef:
    """``"{hold}"`` in a step: the value of the level's parameter ``hold``, set per level and
    filled in by :func:`coach.pack.levels.protocol_for_level` before a session runs;
    ``"{previous.hold}"``: the same of the level the person was on before the last change."""

    name: str

    def __str__(self) -> str:
        return "{" + self.name + "}"


def _param(value: Any) -> ParamRef | None:
    if isinstance(value, ParamRef):
        return value
    match = _PARAM.match(value) if isinstance(value, str) else None
    return ParamRef(match.group(1)) if match else None


def _span(value: Any) -> Span:
    if isinstance(value, Span):
        return value
    try:
        return parse_span(value)
    except DurationError as exc:
        raise ValueError(str(exc)) from None


def _count(value: Any) -> CountRange:
    if isinstance(value, CountRange):
        return value
    try:
        return parse_count_range(value)
    except RangeError as exc:
        raise ValueError(str(exc)) from None


_DURATION_SCHEMA = {
    "anyOf": [
        {"type": "number", "exclusiveMinimum": 0, "description": "seconds"},
        {
            "type": "string",
            "pattern": r"^\s*[0-9. hHmMiInNsSeEcCrR]+(-[0-9. hHmMiInNsSeEcCrR]+)?\s*$",
            "examples": ["90s", "4m", "1m30s", "3-5m"],
        },
    ],
    "description": "Seconds, or a text such as '90s', '4m', '1m30s'; a range as '3-5m'.",
}
_COUNT_SCHEMA = {
    "anyOf": [
        {"type": "integer", "minimum": 1},
        {"type": "string", "pattern": r"^\s*\d+\s*(-\s*\d+\s*)?$", "examples": ["4-6"]},
    ],
    "description": "A whole number, or a range such as '4-6'.",
}

Duration = Annotated[
    Span,
    Parsed(_span, _DURATION_SCHEMA),
]
Count = Annotated[
    CountRange,
    Parsed(_count, _COUNT_SCHEMA),
]
_PARAM_SCHEMA = {
    "type": "string",
    "pattern": r"^\{(previous\.)?[a-z][a-z0-9_]*\}$",
    "examples": ["{hold}", "{previous.hold}"],
}


def _span_or_param(value: Any) -> Span | ParamRef:
    return _param(value) or _span(value)


def _count_or_param(value: Any) -> CountRange | ParamRef:
    return _param(value) or _count(value)


def _repetitions(value: Any) -> int | ParamRef:
    ref = _param(value)
    if ref is not None:
        return ref
    if isinstance(value, str) and "-" in value:
        raise ValueError(
            f"repetitions is one whole number: a range such as {value!r} is not allowed here "
            "(for a range of tries, use an 'attempts' step)"
        )
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("repetitions is a whole number from 1 to 1000, or a level's '{name}'")
    if not 1 <= value <= 1000:
        raise ValueError(f"repetitions must be from 1 to 1000, not {value}")
    return value


DurationOrParam = Annotated[
    Span | ParamRef,
    Parsed(_span_or_param, {"anyOf": [_DURATION_SCHEMA, _PARAM_SCHEMA]}),
]
CountOrParam = Annotated[
    CountRange | ParamRef,
    Parsed(_count_or_param, {"anyOf": [_COUNT_SCHEMA, _PARAM_SCHEMA]}),
]
Repetitions = Annotated[
    int | ParamRef,
    Parsed(
        _repetitions,
        {"anyOf": [{"type": "integer", "minimum": 1, "maximum": 1000}, _PARAM_SCHEMA]},
        dump=lambda v: v if isinstance(v, int) else str(v),
    ),
]


# --- pack.toml -------------------------------------------------------------------------------


@model
class Source(Model):
    """Where the guidance comes from, so a reader can trace it."""

    title: Title
    publisher: Title | None = None
    clinician: Title | None = spec(None, description="Who wrote or owns the protocol.")
    reviewed: dt.date | None = spec(None, description="When it was last medically reviewed.")
    url: str | None = spec(None, description="Shown as text only; coach never opens it.")
    note: Markdown | None = None
    follows_source: Markdown = spec(
        "", description="Which parts of the pack follow this source (shown in About)."
    )
    own_choices: Markdown = spec(
        "",
        description="Which parts are the pack author's own choices, not the source's (shown in About).",
    )
    affiliation: Markdown = spec(
        "",
        description="How the pack's author relates to the source, e.g. 'not affiliated with or "
        "endorsed by it' (shown in About).",
    )


@model
class PackInfo(Model):
    """``pack.toml``: what the pack is and where it comes from."""

    id: Id
    title: Title
    language: Annotated[str, Limits(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = "en"
    version: Annotated[str, Limits(min_length=1, max_length=40)] = "1"
    description: Markdown = ""
    default_protocol: Id | None = spec(
        None, description="The protocol `coach start` runs when none is named."
    )
    source: Source | None = None
    disclaimer: Markdown = ""
    before_you_start: Id | None = spec(
        None,
        description="The FAQ entry to offer before the first session (what to check with a "
        "clinician first): shown on its own screen, and reachable from the palette.",
    )
    signs: Signs = spec(default_factory=dict)


# --- program.toml ----------------------------------------------------------------------------

ParamName = Annotated[str, Limits(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
ParamValue = Annotated[
    int | Annotated[str, Limits(min_length=1, max_length=40)],
    Limits(description="A whole number (repetitions, tries) or a duration such as '5s'."),
]


@model
class Level(Model):
    """One step of progression: a dilator size, a hold length, a drill level.

    ``params`` are values the protocols' steps read as ``"{name}"``: a level can lengthen a
    hold or add repetitions without a protocol file of its own.
    """

    id: Id
    name: Title
    length_cm: Annotated[float, Limits(gt=0, le=100)] | None = None
    girth_cm: Annotated[float, Limits(gt=0, le=100)] | None = None
    diameter_cm: Annotated[float, Limits(gt=0, le=100)] | None = None
    note: Markdown = ""
    params: dict[ParamName, ParamValue] = spec(
        default_factory=dict,
        max_length=50,
        description="Values steps read as '{name}', e.g. { hold = '5s', reps = 5 }.",
    )


_PERIOD = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?(day|week|month|year)s?\s*$")


@dataclass(frozen=True, slots=True)
class Period:
    """A calendar length such as '12 weeks' or '2 years'; a window such as '2-8 weeks'."""

    low: int
    high: int
    unit: str  # day, week, month or year

    def __str__(self) -> str:
        amount = str(self.low) if self.low == self.high else f"{self.low}-{self.high}"
        return f"{amount} {self.unit}" + ("" if amount == "1" else "s")

    def after(self, day: dt.date, *, high: bool = False) -> dt.date:
        """``day`` plus the period's low (or high) end, by the calendar."""
        n = self.high if high else self.low
        if self.unit == "day":
            return day + dt.timedelta(days=n)
        if self.unit == "week":
            return day + dt.timedelta(weeks=n)
        months = n * (12 if self.unit == "year" else 1)
        year, month = divmod(day.month - 1 + months, 12)
        year += day.year
        month += 1
        # 31 Jan + 1 month: the last day of February, as a person would count it.
        for last in (31, 30, 29, 28):
            try:
                return day.replace(year=year, month=month, day=min(day.day, last))
            except ValueError:
                continue
        raise AssertionError("unreachable")


def _period(value: Any) -> Period:
    if isinstance(value, Period):
        return value
    match = _PERIOD.match(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError(
            f"cannot read {value!r} as a length of time: write e.g. '12 weeks', '2 years' "
            "or a window '2-8 weeks' (days, weeks, months or years)"
        )
    low, high = int(match.group(1)), int(match.group(2) or match.group(1))
    if low > high:
        raise ValueError(f"the window starts after it ends ({low} > {high})")
    if high > 10_000:
        raise ValueError("too long: at most 10000 of a unit")
    return Period(low, high, match.group(3))


PeriodText = Annotated[
    Period,
    Parsed(
        _period,
        {
            "type": "string",
            "pattern": r"^\s*\d+\s*(-\s*\d+\s*)?(day|week|month|year)s?\s*$",
            "examples": ["12 weeks", "2 years", "2-8 weeks"],
        },
    ),
]


@model
class Start(Model):
    """When the programme starts: the first session, or a date the person gives."""

    ask: Title | None = spec(
        None,
        description="Ask the person for a date, e.g. 'When did your treatment end?'. "
        "Without it, the programme starts with the first session.",
    )
    window: PeriodText | None = spec(
        None, description="When to start after that date, e.g. '2-8 weeks'."
    )
    passed_text: Title | None = spec(
        None,
        description="What coach says once the window has passed without a start, e.g. 'It is "
        "never too late to start.' Left out: only that the window has passed.",
    )

    @check
    def _window_needs_ask(self) -> Start:
        if self.window is not None and self.ask is None:
            raise ValueError("a start 'window' counts from a date the person gives: add 'ask'")
        return self


_ONGOING = ("ongoing",)
_AT_LEAST = "at least "


@dataclass(frozen=True, slots=True)
class Length:
    """How long a plan runs: a fixed period ('12 weeks'), a minimum ('at least 2 years': the
    plan goes on after it), or no end at all ('ongoing')."""

    period: Period | None  # None: ongoing
    minimum: bool = False

    def __str__(self) -> str:
        if self.period is None:
            return _ONGOING[0]
        return (_AT_LEAST if self.minimum else "") + str(self.period)

    @property
    def ends(self) -> bool:
        """Whether the plan stops asking for sessions once the length is over."""
        return self.period is not None and not self.minimum


def _length(value: Any) -> Length:
    if isinstance(value, Length):
        return value
    text = value.strip().lower() if isinstance(value, str) else value
    if isinstance(text, str) and text in _ONGOING:
        return Length(None)
    if isinstance(text, str) and text.startswith(_AT_LEAST):
        return Length(_period(text.removeprefix(_AT_LEAST)), minimum=True)
    try:
        return Length(_period(value))
    except ValueError:
        raise ValueError(
            f"cannot read {value!r} as a length of time: write e.g. '12 weeks', 'at least 2 "
            "years' (a minimum: the plan goes on after it) or 'ongoing' (no end)"
        ) from None


LengthText = Annotated[
    Length,
    Parsed(
        _length,
        {
            "type": "string",
            "pattern": r"^\s*(ongoing|(at least\s+)?\d+\s*(-\s*\d+\s*)?(day|week|month|year)s?)\s*$",
            "examples": ["12 weeks", "at least 2 years", "ongoing"],
        },
    ),
]


@model
class Plan(Model):
    """``[plan]``: how often, from when, for how long, and when to review it."""

    sessions: Count = spec(description="How many sessions, e.g. '3' or '2-3'.")
    per: Literal["day", "week"] = spec(description="What 'sessions' counts over: day or week.")
    start: Start = spec(default_factory=lambda: Start())
    length: LengthText | None = spec(
        None,
        description="How long the programme runs from its first session: '12 weeks' (then "
        "it ends), 'at least 2 years' (a minimum: it goes on after it) or 'ongoing'.",
    )
    length_text: Title | None = spec(
        None,
        description="The length in the source's words, e.g. 'for as long as you want the "
        "results' (shown by coach plan; default: the length as written).",
    )
    ended_text: Title | None = spec(
        None,
        description="What coach says once the length is over (a fixed length: the plan has "
        "ended; a minimum: it has been reached). Left out: a neutral sentence.",
    )
    review_after: PeriodText | None = spec(
        None, description="When the first review with a clinician is due, from the start."
    )
    review_every: PeriodText | None = spec(
        None,
        description="Reviews repeat this often, e.g. '1 month': from the last visit logged "
        "(review_cleared_by), else from the start.",
    )
    review_at_levels: list[Id] | None = spec(
        None, max_length=50, description="A review is due on reaching each of these levels."
    )
    review_cleared_by: Id | None = spec(
        None,
        description="The activity (in [[activities]]) whose logging is the review, e.g. "
        "'visit': it clears the review due, and the next is counted from it.",
    )
    review_text: Title = spec(
        "Review the programme with your clinician.", description="Shown once review is due."
    )


@model
class Option(Model):
    """One answer of a choice question; ``grade`` orders them for rules (0: nothing wrong)."""

    id: Id
    label: Title
    grade: Annotated[int, Limits(ge=0, le=100)] = 0


@model
class Question(Model):
    """A check-in question. ``kind``: scale, yes_no, choice or text."""

    id: Id
    kind: Literal["scale", "yes_no", "choice", "text"]
    ask: Title = spec(description="The question as the person reads it.")
    hint: Title | None = None
    min: Annotated[int, Limits(ge=-1000, le=1000)] | None = spec(None, description="scale only")
    max: Annotated[int, Limits(ge=-1000, le=1000)] | None = spec(None, description="scale only")
    min_label: Title | None = spec(None, description="scale only: what the lowest number means")
    max_label: Title | None = spec(None, description="scale only: what the highest number means")
    options: list[Option] | None = spec(None, max_length=20, description="choice only")
    pain: bool = spec(
        False,
        description="yes_no only: a yes is pain (a pain stop answers it yes); it always leads "
        "to the safety guidance and counts as pain in rules.",
    )
    safety_from: Id | None = spec(
        None,
        description="choice only: this option, or any of a higher grade, shows the safety "
        "guidance right after the check-in.",
    )

    @check
    def _fits_kind(self) -> Question:
        scale_only = ("min", "max", "min_label", "max_label")
        if self.kind == "scale":
            if self.min is None or self.max is None:
                raise ValueError("a scale question needs 'min' and 'max'")
            if self.min >= self.max:
                raise ValueError(f"'min' ({self.min}) must be below 'max' ({self.max})")
        elif any(getattr(self, name) is not None for name in scale_only):
            raise ValueError(f"{', '.join(scale_only)} belong to a scale question only")
        if self.kind == "choice":
            if not self.options or len(self.options) < 2:
                raise ValueError("a choice question needs at least 2 'options'")
            ids = [o.id for o in self.options]
            if len(set(ids)) != len(ids):
                raise ValueError("two options of this question have the same id")
            if self.safety_from is not None and self.safety_from not in ids:
                raise ValueError(
                    f"'safety_from' names no option of this question: {self.safety_from!r}; "
                    f"options: {', '.join(ids)}"
                )
        elif self.options is not None or self.safety_from is not None:
            raise ValueError("'options' and 'safety_from' belong to a choice question only")
        if self.pain and self.kind != "yes_no":
            raise ValueError("'pain = true' belongs to a yes_no question only")
        return self

    def option(self, option_id: str) -> Option | None:
        for option in self.options or ():
            if option.id == option_id:
                return option
        return None


_MATCH = re.compile(r"^\s*(>=|<=|=)?\s*([A-Za-z0-9_-]+)\s*$")


@model
class When(Model):
    """The condition of a rule. Every part given must hold (and); absent parts don't matter."""

    answers: dict[Id, bool | int | Annotated[str, Limits(max_length=80)]] = spec(
        default_factory=dict,
        description="Answers a session must have to match, by question id: true/false for "
        "yes_no; a number or '>= 7' / '<= 3' for a scale; an option id or '>= spotting' for a "
        "choice.",
    )
    sessions: Annotated[int, Limits(ge=1, le=1000)] = spec(
        1, description="At least this many sessions match..."
    )
    of_last: Annotated[int, Limits(ge=1, le=1000)] | None = spec(
        None, description="...among the newest this many (default: all in scope)."
    )
    in_a_row: bool = spec(False, description="The matching sessions are the newest ones.")
    within_days: Annotated[int, Limits(ge=1, le=3650)] | None = spec(
        None, description="Only sessions of the last N days are in scope."
    )
    on_level: bool = spec(
        False, description="Only sessions since the current level began are in scope."
    )
    counted_only: bool = spec(
        False, description="Only sessions that count toward the plan are in scope."
    )
    days_on_level: Annotated[int, Limits(ge=0, le=3650)] | None = spec(
        None, description="At least this many days on the current level."
    )
    behind: bool | None = spec(None, description="Behind (true) or not behind the plan's pace.")
    on_levels: list[Id] | None = spec(
        None, max_length=50, description="Only when the current level is one of these."
    )

    @check
    def _sessions_fit(self) -> When:
        if self.of_last is not None and self.sessions > self.of_last:
            raise ValueError(
                f"'sessions' ({self.sessions}) cannot be more than 'of_last' ({self.of_last})"
            )
        for key, value in self.answers.items():
            if isinstance(value, str) and not _MATCH.match(value):
                raise ValueError(
                    f"cannot read the answer {value!r} for {key!r}: write an option id, a "
                    "number, or '>= ID' / '<= N'"
                )
        return self


@model
class Rule(Model):
    """Advice that applies when its condition holds. The first rule that matches wins."""

    id: Id
    label: Title = spec(description="A short name shown with the advice, e.g. 'Step back'.")
    advice: Markdown
    urgency: Literal["none", "routine", "soon", "urgent"] = spec(
        "none",
        description="none: encouragement; routine: mention at the next visit; soon: contact "
        "your clinician in a day or so; urgent: get medical help now.",
    )
    level: Literal["stay", "up", "back"] = spec(
        "stay",
        description="The level advised next. A rule that moves up never matches on the last "
        "level, one that steps back never on the first.",
    )
    safety: bool | None = spec(
        None,
        description="Show the safety guidance right after a check-in that meets this rule "
        "alone (default: for urgency soon and urgent).",
    )
    when: When = spec(default_factory=lambda: When())
    signs: Signs = spec(default_factory=dict)

    @property
    def shows_safety(self) -> bool:
        return self.safety if self.safety is not None else self.urgency in ("soon", "urgent")


@model
class CountsFrom(Model):
    """From when a logged activity counts toward the plan: once any one of these holds."""

    level: Id | None = spec(None, description="Once the person's level is this one or a later one.")
    protocol: Id | None = spec(
        None,
        description="Once a session of this protocol has counted (a phase such as maintenance).",
    )
    activity: Id | None = spec(
        None,
        description="Once this other activity has been logged, e.g. 'clinician-agrees'.",
    )

    @check
    def _something(self) -> CountsFrom:
        if self.level is None and self.protocol is None and self.activity is None:
            raise ValueError("'counts_from' needs a 'level', a 'protocol' or an 'activity'")
        return self


@model
class Activity(Model):
    """Something logged without a timer, e.g. 'intercourse instead of a session'."""

    id: Id
    title: Title
    counts: bool = spec(True, description="Whether it counts toward the plan like a session.")
    counts_from: CountsFrom | None = spec(
        None,
        description="It counts only from then on, e.g. { protocol = 'maintenance-session' }; "
        "before that it is logged for the record only.",
    )
    asks: list[Id] = spec(
        default_factory=list,
        max_length=50,
        description="Check-in questions (ids from [[checkin]]) asked when it is logged; their "
        "answers feed the rules and the safety guidance like a session's.",
    )
    note: Markdown = ""

    @check
    def _counts_from_counts(self) -> Activity:
        if self.counts_from is not None and not self.counts:
            raise ValueError("'counts_from' says when it counts: leave out 'counts = false'")
        return self


@model
class Program(Model):
    """``program.toml``: the kit, the plan, the check-in questions and the rules over them."""

    level_noun: Annotated[str, Limits(min_length=1, max_length=30)] = spec(
        "level", description="What a level is called on screen, e.g. 'size'."
    )
    session_noun: Annotated[str, Limits(min_length=1, max_length=30)] = spec(
        "session",
        description="What one session is called on screen and in speech, e.g. 'set' or "
        "'practice' ('2 more sets today', 'Set complete').",
    )
    session_plural: Annotated[str, Limits(min_length=1, max_length=30)] | None = spec(
        None,
        description="The plural of session_noun where adding 's' is wrong; by default "
        "the regular English plural.",
    )
    levels: Annotated[list[Level], Limits(min_length=1, max_length=50)]
    days_per_level: Count | None = spec(
        None, description="Days on one level, as told to the person, e.g. '7-14'."
    )
    levels_set_by: Literal["rules", "person", "clinician"] = spec(
        "rules",
        description="Who changes the level: the rules (a rule's level = 'up' or 'back'), the "
        "person, or the clinician (set with 'coach plan --level' or on home; then a rule's "
        "level is advice only).",
    )
    plan: Plan
    checkin: Annotated[list[Question], Limits(max_length=50)] = spec(
        default_factory=list, description="The check-in's questions, for every protocol."
    )
    rules: Annotated[list[Rule], Limits(max_length=200)] = spec(default_factory=list)
    activities: Annotated[list[Activity], Limits(max_length=50)] = spec(default_factory=list)
    begin: Markdown = spec(description="The advice before the first session.")
    keep_going: Markdown = spec(description="The advice when no rule matches.")

    @check_input
    @staticmethod
    def _older_format(data: Any) -> Any:
        if isinstance(data, dict) and ("progression" in data or "sessions_per_week" in data):
            raise ValueError(
                "this program.toml is in coach 1's format: 'sessions_per_week' is now "
                "[plan] sessions/per, and [progression] is now [[rules]] with 'begin' and "
                "'keep_going' (see docs/content.md, 'The programme')"
            )
        return data

    @check
    def _references(self) -> Program:
        ids = [q.id for q in self.checkin]
        if len(set(ids)) != len(ids):
            raise ValueError("two check-in questions have the same id")
        rule_ids = [r.id for r in self.rules]
        if len(set(rule_ids)) != len(rule_ids):
            raise ValueError("two rules have the same id")
        return self

    def question(self, question_id: str) -> Question | None:
        for question in self.checkin:
            if question.id == question_id:
                return question
        return None

    def activity(self, activity_id: str) -> Activity | None:
        for activity in self.activities:
            if activity.id == activity_id:
                return activity
        return None

    def level_index(self, level_id: str | None) -> int | None:
        for i, level in enumerate(self.levels):
            if level.id == level_id:
                return i
        return None


# --- protocols/*.toml ------------------------------------------------------------------------


@model
class Cue(Model):
    """A prompt at a time within a step: ``at`` from its start, or ``before_end`` of its end."""

    at: Duration | None = None
    before_end: Duration | None = None
    say: Title
    discreet_say: Title | None = spec(
        None,
        description="What to show and say in discreet mode instead of `say`; by default "
        'neutral words from the cue\'s time ("1 min left").',
    )
    show_for: Duration | None = spec(
        None,
        description="How long the cue stays on screen; by default until the next cue or step.",
    )

    @check
    def _one_time(self) -> Cue:
        if (self.at is None) == (self.before_end is None):
            raise ValueError("a cue needs exactly one of 'at' or 'before_end'")
        when = self.at or self.before_end
        if when is not None and not when.fixed:
            raise ValueError("a cue happens at one moment, not over a range")
        return self

    def offset(self, step_seconds: float) -> float:
        """Seconds from the step's start at which the cue fires."""
        if self.at is not None:
            return self.at.low
        assert self.before_end is not None
        return max(0.0, step_seconds - self.before_end.low)


@model
class StepBase(Model):
    id: Id
    title: Title
    text: Markdown = ""
    discreet_title: Title | None = spec(
        None,
        description="The heading in discreet mode instead of `title`; by default a neutral "
        'word for the kind of step ("Get ready", "Timer").',
    )
    discreet_text: Markdown | None = spec(
        None,
        description="What to do, in discreet mode, instead of `text`; by default nothing.",
    )
    cues: list[Cue] = spec(default_factory=list, max_length=100)
    on_resistance: Id | None = spec(
        None,
        description="A step to go to when the person meets resistance; the session comes back here after it.",
    )
    branch_only: bool = spec(
        False,
        description="Skipped in the normal order; reached only through another step's on_resistance.",
    )
    after_level_change: Annotated[int, Limits(ge=1, le=1000)] | None = spec(
        None,
        description="Run this step only in the first N sessions after the level changed "
        "(never before any change), e.g. 'first the previous size, then the new one'.",
    )
    required: bool | None = spec(
        None,
        description="Whether a session counts only if this step is done (for its minimum time "
        "and tries). Default: true for timed, attempts and intervals steps (unless the protocol "
        "sets counts_after), false for info and checklist steps (unless the protocol has no "
        "other kind). false makes a step optional: leaving it out is not 'skipped'.",
    )

    def step_seconds(self) -> float | None:
        """The step's full length, if it has one (used to place and check cues)."""
        return None

    def params(self) -> list[ParamRef]:
        """The level parameters the step reads; a step with any is checked once they're filled."""
        return []

    @check
    def _required_runs(self) -> StepBase:
        if self.required and self.branch_only:
            raise ValueError(
                "a branch_only step runs only on resistance: it cannot be 'required' "
                "(leave 'required' out, or make the step part of the normal order)"
            )
        return self

    @check
    def _cues_fit(self) -> StepBase:
        if self.params():  # the length is the level's: checked for each level once resolved
            return self
        length = self.step_seconds()
        for cue in self.cues:
            if length is None and cue.before_end is not None:
                raise ValueError("'before_end' cues need a step with a duration")
            if length is not None and cue.at is not None and cue.at.low > length:
                raise ValueError(
                    f"a cue at {cue.at} falls after the step ends ({length:g}s): "
                    "shorten it or lengthen the step"
                )
            if length is not None and cue.before_end is not None and cue.before_end.low > length:
                raise ValueError(
                    f"a cue {cue.before_end} before the end is longer than the step ({length:g}s)"
                )
        return self


@model
class InfoStep(StepBase):
    """Read, then move on when ready."""

    kind: Literal["info"]


@model
class ChecklistStep(StepBase):
    """Things to have ready before going on."""

    kind: Literal["checklist"]
    items: Annotated[list[Title], Limits(min_length=1, max_length=100)]


@model
class TimedStep(StepBase):
    """A fixed duration, or a range whose minimum unlocks 'move on' and maximum prompts to stop."""

    kind: Literal["timed"]
    duration: DurationOrParam

    def step_seconds(self) -> float | None:
        return None if isinstance(self.duration, ParamRef) else self.duration.high

    def params(self) -> list[ParamRef]:
        return [self.duration] if isinstance(self.duration, ParamRef) else []


@model
class AttemptsStep(StepBase):
    """Counted tries against an expected range, optionally within a time window."""

    kind: Literal["attempts"]
    attempts: CountOrParam = spec(description="The expected number of tries, e.g. '4-6'.")
    duration: DurationOrParam | None = None

    def step_seconds(self) -> float | None:
        return self.duration.high if isinstance(self.duration, Span) else None

    def params(self) -> list[ParamRef]:
        return [v for v in (self.attempts, self.duration) if isinstance(v, ParamRef)]


@model
class Phase(Model):
    name: Annotated[str, Limits(min_length=1, max_length=40)]
    duration: DurationOrParam
    tone: Literal["hold", "relax", "neutral"] = spec(
        "neutral", description="Colours the phase on screen: hold, relax or neutral."
    )

    @check
    def _fixed(self) -> Phase:
        if isinstance(self.duration, Span) and not self.duration.fixed:
            raise ValueError(
                f"a phase lasts one fixed time: a range such as '{self.duration}' is not "
                "allowed here (use a 'timed' step for a range)"
            )
        return self


@model
class IntervalsStep(StepBase):
    """Phases (for example squeeze 5 s, relax 10 s) repeated a number of times."""

    kind: Literal["intervals"]
    phases: Annotated[list[Phase], Limits(min_length=1, max_length=20)]
    repetitions: Repetitions

    def step_seconds(self) -> float | None:
        if self.params():
            return None
        return sum(p.duration.low for p in self.phases) * self.repetitions  # type: ignore[misc]

    def params(self) -> list[ParamRef]:
        refs = [p.duration for p in self.phases if isinstance(p.duration, ParamRef)]
        if isinstance(self.repetitions, ParamRef):
            refs.append(self.repetitions)
        return refs


AnyStep = InfoStep | ChecklistStep | TimedStep | AttemptsStep | IntervalsStep
"""Any one step, for type hints (the engine, its timeline and view)."""
Step = Annotated[AnyStep, Limits(discriminator="kind")]
STEP_KINDS = ("info", "checklist", "timed", "attempts", "intervals")


@model
class Protocol(Model):
    """``protocols/<id>.toml``: an ordered list of steps."""

    id: Id
    title: Title
    summary: Markdown = ""
    uses_levels: bool = spec(
        False, description="Whether the check-in asks which level (size) was used."
    )
    counts_as_session: bool = spec(
        True, description="Whether it counts toward the plan's sessions."
    )
    counts_after: Annotated[int, Limits(ge=1, le=10_000)] | None = spec(
        None,
        description="A session counts once this many of its timed, attempts and intervals "
        "steps are done (for their minimum time and tries), instead of each of them being "
        "required; info and checklist steps never count toward it. Stopped for pain or "
        "ended early never counts.",
    )
    checkin_only: list[Id] | None = spec(
        None,
        max_length=50,
        description="Ask only these of program.toml's check-in questions, in this order.",
    )
    checkin: Annotated[list[Question], Limits(max_length=50)] = spec(
        default_factory=list, description="This protocol's own check-in questions, asked last."
    )
    steps: Annotated[list[Step], Limits(min_length=1, max_length=10_000)]
    stop_now: Markdown = spec(
        "",
        description="What to do right now when this protocol is stopped for pain, in place of "
        "safety.toml's stop_now (a drill with no device must not say 'take it out').",
    )
    basis: Basis | None = spec(
        None,
        description="Where the protocol comes from: 'source', 'general' or 'mixed'. The "
        "session header names the source only for what follows it.",
    )
    basis_note: Annotated[str, Limits(max_length=300)] = spec(
        "",
        description="For 'mixed': which part follows the source, e.g. 'The steps and the 3-5 "
        "minutes to go in follow the source; the other timings are coach's own.'",
    )
    signs: Signs = spec(default_factory=dict)

    def params(self) -> list[ParamRef]:
        """Every level parameter its steps read."""
        return [ref for step in self.steps for ref in step.params()]

    def steps_to_count(self) -> int:
        """Steps done for a session of it to count, as judged before the journal kept each
        session's verdict (:mod:`coach.engine.counting` is the rule now); for older sessions.
        A step that runs only after a change of level is never needed."""
        if self.counts_after is not None:
            return self.counts_after
        main = [s for s in self.steps if not s.branch_only and s.after_level_change is None]
        exercise = [s for s in main if s.kind in ("timed", "attempts", "intervals")]
        return max(1, len(exercise)) if exercise else max(1, len(main))

    @check
    def _steps(self) -> Protocol:
        if all(step.branch_only for step in self.steps):
            raise ValueError("every step is branch_only: nothing would run")
        if all(step.branch_only or step.after_level_change for step in self.steps):
            raise ValueError(
                "every step runs only after a change of level: add one that always runs"
            )
        targets = {step.on_resistance for step in self.steps if step.on_resistance}
        for step in self.steps:
            if step.after_level_change and step.id in targets:
                raise ValueError(
                    f"step {step.id!r} is another step's on_resistance, so it cannot run only "
                    "after a change of level"
                )
        if self.counts_after is not None:
            exercise = sum(
                1
                for step in self.steps
                if not step.branch_only and step.kind in ("timed", "attempts", "intervals")
            )
            if self.counts_after > exercise:
                raise ValueError(
                    f"counts_after is {self.counts_after}, but the protocol has "
                    f"{exercise} timed, attempts and intervals steps outside a branch: no "
                    "session could ever count (info and checklist steps never count toward it)"
                )
        return self


# --- faq.toml --------------------------------------------------------------------------------


FaqBasis = Basis
"""Where an answer comes from: the pack's source, general guidance, or some of each."""


@model
class FaqEntry(Model):
    id: Id
    question: Title
    answer: Markdown
    tags: list[Annotated[str, Limits(min_length=1, max_length=40)]] = spec(
        default_factory=list, max_length=50
    )
    phrases: list[Annotated[str, Limits(min_length=1, max_length=120)]] = spec(
        default_factory=list,
        max_length=100,
        description="Other ways a person might ask this (words, slang, whole questions): "
        "search ranks them like the question itself. Never shown.",
    )
    see_also: list[Id] = spec(default_factory=list, max_length=50)
    basis: FaqBasis = spec(
        description="Required: where the answer comes from: 'source' (the pack's source), "
        "'general' (general guidance, not from the source) or 'mixed' (some of each, with a "
        "basis_note saying which part is whose). Shown with the answer."
    )
    basis_note: Annotated[str, Limits(max_length=300)] = spec(
        "", description="A line on the answer's basis, shown after it (e.g. whose drawing)."
    )
    signs: Signs = spec(default_factory=dict)


@model
class FaqFile(Model):
    """``faq.toml``: questions and answers."""

    faq: Annotated[list[FaqEntry], Limits(max_length=100_000)] = spec(default_factory=list)


# --- safety.toml -----------------------------------------------------------------------------


class SignedText(str):
    """One line of safety.toml's lists: the text, and the sign it names (``sign``, or None).

    A ``str``, so everything that shows or speaks the lists reads it as text; ``sign`` is for
    the urgency cross-check (:mod:`coach.pack.signs`)."""

    sign: str | None

    def __new__(cls, text: str, sign: str | None = None) -> SignedText:
        made = super().__new__(cls, text)
        made.sign = sign
        return made


_SIGN_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def _signed_text(value: Any) -> SignedText:
    if isinstance(value, SignedText):
        return value
    sign = None
    if isinstance(value, dict):
        extra = sorted(set(value) - {"text", "sign"})
        if extra:
            raise ValueError(f"unknown key {extra[0]!r} in a list item: use text and sign")
        sign = value.get("sign")
        if not isinstance(sign, str) or not _SIGN_ID.match(sign) or len(sign) > 64:
            raise ValueError("a list item's 'sign' is an id such as 'heavy-bleeding'")
        value = value.get("text")
    if not isinstance(value, str):
        raise ValueError("a list item is text, or { text = '...', sign = 'id' }")
    if not 1 <= len(value) <= 200:
        raise ValueError("a list item is 1 to 200 characters long")
    return SignedText(value, sign)


SafetyItem = Annotated[
    SignedText,
    Parsed(
        _signed_text,
        {
            "anyOf": [
                {"type": "string", "minLength": 1, "maxLength": 200},
                {
                    "type": "object",
                    "properties": {
                        "text": {"type": "string", "minLength": 1, "maxLength": 200},
                        "sign": {"type": "string", "pattern": _SIGN_ID.pattern, "maxLength": 64},
                    },
                    "required": ["text", "sign"],
                    "additionalProperties": False,
                },
            ],
            "description": "Text, or { text = '...', sign = 'id' } naming the sign it describes.",
        },
        dump=lambda v: {"text": str(v), "sign": v.sign} if v.sign else str(v),
    ),
]
SectionName = Literal["now", "urgent", "warning", "clinician", "normal"]
"""The safety sections, in the order shown (see :mod:`coach.pack.safety`)."""

Moment = Literal["during", "after"]
"""When safety guidance is shown: ``during`` a session (a pain stop) or ``after`` one (a
check-in that reported pain or bleeding, or the safety page opened from home)."""


@model
class Safety(Model):
    """``safety.toml``: shown at once on a pain stop, and after a check-in reports pain or bleeding.

    coach shows it in one order everywhere (screen, plain mode, speech; see
    :mod:`coach.pack.safety`): what to do right now, the red flags with ``urgent_help``,
    the warning signs with ``warning_help``, ``see_clinician``, then what can be ``normal``.
    "Right now" is ``stop_now`` during a session and ``after_session`` once it is over.
    """

    title: Title = "Stop. Your safety comes first."
    after_title: Title | None = spec(
        None, description="The title once the session is over; `title` when left out."
    )
    stop_now: Markdown = spec(
        description="During a session: what to do right now, e.g. how to stop the exercise safely. "
        "Keep it short: with the red flags it must fit one screen (80x24)."
    )
    after_session: Markdown = spec(
        "",
        description="After a session (a check-in reported pain or bleeding): what to do now that "
        "the exercise is over. Left out, `stop_now` is shown then too: write this whenever "
        "`stop_now` speaks of an exercise in progress.",
    )
    red_flags: list[SafetyItem] = spec(
        description="Signs to get urgent medical help.", min_length=1
    )
    urgent_help: Markdown = spec(
        "", description="What to do for a red flag: whom to call, how fast. Shown with them."
    )
    warning_signs: list[SafetyItem] = spec(description="Signs to stop for today.", min_length=1)
    warning_help: Markdown = spec("", description="What to do for a warning sign. Shown with them.")
    see_clinician: Markdown = spec(description="When and whom to see, and how soon.")
    normal: list[SafetyItem] = spec(description="Discomfort that can be normal.", min_length=1)
    signs: Signs = spec(
        default_factory=dict,
        description="Every sign the pack names, with its one urgency: the register the other "
        "files' `signs` must agree with (`coach check`).",
    )
    basis: dict[SectionName, Basis] = spec(
        default_factory=dict,
        description="Where each section comes from ('source', 'general' or 'mixed'), marked "
        "under its heading, e.g. { urgent = 'general' }. Sections: now, urgent, warning, "
        "clinician, normal.",
    )

    def right_now(self, moment: Moment) -> str:
        """The 'what to do right now' text that fits the moment."""
        if moment == "after" and self.after_session.strip():
            return self.after_session
        return self.stop_now

    def title_for(self, moment: Moment) -> str:
        return (self.after_title or self.title) if moment == "after" else self.title


# --- the assembled pack ----------------------------------------------------------------------


@model
class Pack(Model):
    """A whole, validated content pack: what the app and engine use."""

    info: PackInfo
    program: Program | None = None
    protocols: tuple[Protocol, ...]
    faq: tuple[FaqEntry, ...] = ()
    safety: Safety

    def protocol(self, protocol_id: str) -> Protocol:
        for protocol in self.protocols:
            if protocol.id == protocol_id:
                return protocol
        raise KeyError(protocol_id)

    @property
    def default_protocol(self) -> Protocol:
        if self.info.default_protocol:
            return self.protocol(self.info.default_protocol)
        return self.protocols[0]


FAQ_LINK = re.compile(r"\]\(faq:([^)\s]*)\)")
