"""The content schema: pydantic models for every file of a content pack.

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
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from coach.pack.durations import DurationError, Span, parse_span
from coach.pack.ranges import CountRange, RangeError, parse_count_range


class Model(BaseModel):
    # strict: "yes" is not true and "9" is not 9; a content file says what it means.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64),
    Field(description="A short identifier: lower-case letters, digits, '-' and '_'."),
]
Title = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Markdown = Annotated[
    str,
    StringConstraints(max_length=200_000),
    Field(description="Markdown text. Links of the form [text](faq:ID) open another FAQ entry."),
]


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
    PlainValidator(_span),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(_DURATION_SCHEMA),
]
Count = Annotated[
    CountRange,
    PlainValidator(_count),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(_COUNT_SCHEMA),
]


# --- pack.toml -------------------------------------------------------------------------------


class Source(Model):
    """Where the guidance comes from, so a reader can trace it."""

    title: Title
    publisher: Title | None = None
    clinician: Title | None = Field(None, description="Who wrote or owns the protocol.")
    reviewed: dt.date | None = Field(None, description="When it was last medically reviewed.")
    url: str | None = Field(None, description="Shown as text only; coach never opens it.")
    note: Markdown | None = None


class PackInfo(Model):
    """``pack.toml``: what the pack is and where it comes from."""

    id: Id
    title: Title
    language: Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = (
        "en"
    )
    version: Annotated[str, StringConstraints(min_length=1, max_length=40)] = "1"
    description: Markdown = ""
    default_protocol: Id | None = Field(
        None, description="The protocol `coach start` runs when none is named."
    )
    source: Source | None = None
    disclaimer: Markdown = ""


# --- program.toml ----------------------------------------------------------------------------


class Level(Model):
    """One step of progression: a dilator size, a hold length, a drill level."""

    id: Id
    name: Title
    length_cm: Annotated[float, Field(gt=0, le=100)] | None = None
    girth_cm: Annotated[float, Field(gt=0, le=100)] | None = None
    diameter_cm: Annotated[float, Field(gt=0, le=100)] | None = None
    note: Markdown = ""


class Advice(Model):
    """What the home screen and report say for each progression outcome."""

    begin: Markdown = Field(description="Before the first session.")
    keep_going: Markdown = Field(description="On track: keep the current level.")
    move_up: Markdown = Field(description="Ready for the next level.")
    hold: Markdown = Field(description="Pain came up: stay at this level for now.")
    step_back: Markdown = Field(description="Repeated pain: go back one level.")
    see_clinician: Markdown = Field(description="Bleeding or persistent pain.")
    behind: Markdown = Field("", description="Fewer sessions this week than the target.")


class Progression(Model):
    """The rules for moving up, holding and stepping back. coach applies them to the journal."""

    move_up_min_sessions: Annotated[int, Field(ge=1, le=100)] = Field(
        4, description="Pain-free sessions on a level (within its days) before moving up."
    )
    window_days: Annotated[int, Field(ge=1, le=365)] = Field(
        14, description="How far back pain and bleeding are counted."
    )
    hold_after_pain_sessions: Annotated[int, Field(ge=1, le=100)] = 1
    step_back_after_pain_sessions: Annotated[int, Field(ge=1, le=100)] = 2
    see_clinician_after_pain_sessions: Annotated[int, Field(ge=1, le=100)] = 3
    see_clinician_on_bleeding: bool = True
    advice: Advice

    @model_validator(mode="after")
    def _ordered(self) -> Progression:
        if not (
            self.hold_after_pain_sessions
            <= self.step_back_after_pain_sessions
            <= self.see_clinician_after_pain_sessions
        ):
            raise ValueError(
                "pain thresholds must grow: hold_after_pain_sessions <= "
                "step_back_after_pain_sessions <= see_clinician_after_pain_sessions"
            )
        return self


class Program(Model):
    """``program.toml``: the kit and the pace over weeks."""

    level_noun: Annotated[str, StringConstraints(min_length=1, max_length=30)] = Field(
        "level", description="What a level is called on screen, e.g. 'size'."
    )
    levels: Annotated[list[Level], Field(min_length=1, max_length=50)]
    days_per_level: Count = Field(description="Days on one level before moving up, e.g. '7-14'.")
    sessions_per_week: Count = Field(description="Target sessions a week, e.g. '2-3'.")
    progression: Progression


# --- protocols/*.toml ------------------------------------------------------------------------


class Cue(Model):
    """A prompt at a time within a step: ``at`` from its start, or ``before_end`` of its end."""

    at: Duration | None = None
    before_end: Duration | None = None
    say: Title

    @model_validator(mode="after")
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


class StepBase(Model):
    id: Id
    title: Title
    text: Markdown = ""
    cues: list[Cue] = Field(default_factory=list, max_length=100)
    on_resistance: Id | None = Field(
        None,
        description="A step to go to when the person meets resistance; the session comes back here after it.",
    )
    branch_only: bool = Field(
        False,
        description="Skipped in the normal order; reached only through another step's on_resistance.",
    )

    def step_seconds(self) -> float | None:
        """The step's full length, if it has one (used to place and check cues)."""
        return None

    @model_validator(mode="after")
    def _cues_fit(self) -> StepBase:
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


class InfoStep(StepBase):
    """Read, then move on when ready."""

    kind: Literal["info"]


class ChecklistStep(StepBase):
    """Things to have ready before going on."""

    kind: Literal["checklist"]
    items: Annotated[list[Title], Field(min_length=1, max_length=100)]


class TimedStep(StepBase):
    """A fixed duration, or a range whose minimum unlocks 'move on' and maximum prompts to stop."""

    kind: Literal["timed"]
    duration: Duration

    def step_seconds(self) -> float | None:
        return self.duration.high


class AttemptsStep(StepBase):
    """Counted tries against an expected range, optionally within a time window."""

    kind: Literal["attempts"]
    attempts: Count = Field(description="The expected number of tries, e.g. '4-6'.")
    duration: Duration | None = None

    def step_seconds(self) -> float | None:
        return self.duration.high if self.duration else None


class Phase(Model):
    name: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    duration: Duration
    tone: Literal["hold", "relax", "neutral"] = Field(
        "neutral", description="Colours the phase on screen: hold, relax or neutral."
    )

    @model_validator(mode="after")
    def _fixed(self) -> Phase:
        if not self.duration.fixed:
            raise ValueError("a phase lasts a fixed time, not a range")
        return self


class IntervalsStep(StepBase):
    """Phases (for example squeeze 5 s, relax 10 s) repeated a number of times."""

    kind: Literal["intervals"]
    phases: Annotated[list[Phase], Field(min_length=1, max_length=20)]
    repetitions: Annotated[int, Field(ge=1, le=1000)]

    def step_seconds(self) -> float | None:
        return sum(p.duration.low for p in self.phases) * self.repetitions


Step = Annotated[
    InfoStep | ChecklistStep | TimedStep | AttemptsStep | IntervalsStep,
    Field(discriminator="kind"),
]
STEP_KINDS = ("info", "checklist", "timed", "attempts", "intervals")


class Protocol(Model):
    """``protocols/<id>.toml``: an ordered list of steps."""

    id: Id
    title: Title
    summary: Markdown = ""
    uses_levels: bool = Field(
        False, description="Whether the check-in asks which level (size) was used."
    )
    counts_as_session: bool = Field(
        True, description="Whether it counts toward the sessions-a-week target."
    )
    steps: Annotated[list[Step], Field(min_length=1, max_length=10_000)]

    @model_validator(mode="after")
    def _steps(self) -> Protocol:
        if all(step.branch_only for step in self.steps):
            raise ValueError("every step is branch_only: nothing would run")
        return self


# --- faq.toml --------------------------------------------------------------------------------


class FaqEntry(Model):
    id: Id
    question: Title
    answer: Markdown
    tags: list[Annotated[str, StringConstraints(min_length=1, max_length=40)]] = Field(
        default_factory=list, max_length=50
    )
    see_also: list[Id] = Field(default_factory=list, max_length=50)


class FaqFile(Model):
    """``faq.toml``: questions and answers."""

    faq: Annotated[list[FaqEntry], Field(max_length=100_000)] = Field(default_factory=list)


# --- safety.toml -----------------------------------------------------------------------------


class Safety(Model):
    """``safety.toml``: shown at once on a pain stop, and after a check-in reports pain or bleeding."""

    title: Title = "Stop. Your safety comes first."
    stop_now: Markdown = Field(description="What to do right now when there is pain.")
    normal: list[Title] = Field(description="Discomfort that can be normal.", min_length=1)
    warning_signs: list[Title] = Field(description="Signs to stop and rest.", min_length=1)
    red_flags: list[Title] = Field(description="Signs to get medical help.", min_length=1)
    see_clinician: Markdown = Field(description="When and whom to see.")


# --- the assembled pack ----------------------------------------------------------------------


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

    def faq_entry(self, entry_id: str) -> FaqEntry:
        for entry in self.faq:
            if entry.id == entry_id:
                return entry
        raise KeyError(entry_id)


FAQ_LINK = re.compile(r"\]\(faq:([^)\s]*)\)")
