"""Every figure coach shows about the programme, each defined once, from the journal.

Home, history (screen and command), the report, plain mode and the exports all read their
numbers here: what counts as a session, how many are done today or this week against the
plan, the level and the days on it, the advice of the content's rules, what is due next, and
where the person stands in the plan's dates. Pure and Textual-free: a pack, the journal's
records and a day in, frozen values out.

What counts as a session (the one definition, :func:`counts`): the verdict the engine gave it
when it ended, from the content's rule (:mod:`coach.engine.counting`: carried through to its
end, every required step done for its minimum time and tries), kept in the journal. A session
from before the verdict was kept: a protocol that counts, carried through to its end (not ended
early, not stopped for pain), with at least :meth:`Protocol.steps_to_count` steps done. A
log-only activity whose content says it counts is one too.

Not answered is a value of its own: a question left unanswered at a check-in (``None``), or a
session without a check-in, matches no rule's answer (not ``false``, not ``none``, not a
number), counts as no pain and no flag in the weekly figures, and is said as "not answered".

The advice (:func:`advise`): no session yet: the content's ``begin``. Otherwise the content's
rules, in file order, first match wins. Until some session counts, only rules with an urgency
(routine, soon, urgent) apply, so drills alone give ``begin`` unless something needs care. No rule:
``keep_going``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from coach.journal import pace
from coach.journal.records import (
    ActivityRecord,
    Answer,
    CheckIn,
    LevelChange,
    SessionRecord,
    for_pack,
)
from coach.pack.levels import PAIN_QUESTION_ID, all_questions, questions_for
from coach.pack.ranges import CountRange
from coach.pack.words import SESSION, Noun, sentence, session_noun

if TYPE_CHECKING:
    from coach.journal.store import Journal
    from coach.pack.model import Activity, Level, Pack, Program, Protocol, Question, Rule


def advice_heading(label: str, urgency: str) -> str:
    """ "Step back · mention at your next visit"; the label alone when it says the same."""
    said = URGENCY_LABELS.get(urgency, "")
    if not said or said.lower() in label.lower() or label.lower() in said.lower():
        return label
    return f"{label} · {said[:1].lower()}{said[1:]}"


URGENCY_LABELS = {
    "none": "",
    "routine": "Mention at your next visit",
    "soon": "Contact your clinician soon",
    "urgent": "Get medical help now",
}
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_OP = re.compile(r"^\s*(>=|<=|=)?\s*([A-Za-z0-9_-]+)\s*$")


# --- what counts -----------------------------------------------------------------------------


def counts(session: SessionRecord, pack: Pack) -> bool:
    """Whether a session counts toward the plan: the one definition (see the module's doc)."""
    return counter(pack)(session)


def counter(pack: Pack | None) -> Callable[[SessionRecord], bool]:
    """:func:`counts` for ``pack``, with what it needs from the pack worked out once: every
    figure judges thousands of sessions with it (the one place the rule is written)."""
    if pack is None:
        return lambda session: False
    pack_id = pack.info.id
    needed = _steps_to_count(pack)

    def judge(session: SessionRecord) -> bool:
        if session.pack_id != pack_id:  # another pack's protocols are not this one's
            return False
        if session.counted is not None:  # the engine's verdict (coach.engine.counting), kept
            return session.counted
        # A session from before the verdict was kept: judged as coach did then.
        if not session.counts_as_session or not session.completed or session.pain_stop:
            return False
        return session.steps_done >= needed.get(session.protocol_id, 1)

    return judge


_STEPS_TO_COUNT: dict[int, tuple[Pack, dict[str, int]]] = {}


def _steps_to_count(pack: Pack) -> dict[str, int]:
    """Each protocol's steps to count, by id, worked out once per pack (thousands of sessions
    are judged at a time). A protocol since removed from the content: 1 step done."""
    cached = _STEPS_TO_COUNT.get(id(pack))
    if cached is None or cached[0] is not pack:
        cached = (pack, {p.id: p.steps_to_count() for p in pack.protocols})
        if len(_STEPS_TO_COUNT) > 8:
            _STEPS_TO_COUNT.clear()
        _STEPS_TO_COUNT[id(pack)] = cached
    return cached[1]


def week_start(day: dt.date) -> dt.date:
    """The first day of ``day``'s week: :func:`coach.journal.pace.week_start`."""
    return pace.week_start(day)


# --- answers ---------------------------------------------------------------------------------


def answer_of(session: SessionRecord, question: Question | None, question_id: str) -> Answer | None:
    """A session's answer to a question, ``None`` when not answered (or not asked); a pain
    question is yes after a pain stop, or when the check-in reported pain."""
    if question is not None and question.pain and session.had_pain:
        return True
    return session.answers.get(question_id)


def pain_answer(session: SessionRecord, questions: Mapping[str, Question]) -> bool | None:
    """Pain as the session says it: yes (a pain stop, or a yes at its check-in), no (every
    pain question it asked was answered no), or ``None``: not answered, or no check-in."""
    if session.had_pain:
        return True
    if not session.checked_in:
        return None

    ids = [qid for qid, q in questions.items() if q.pain] or [PAIN_QUESTION_ID]
    said = [session.answers[qid] for qid in ids if qid in session.answers]
    return False if said and all(value is False for value in said) else None


_GRADES: dict[int, tuple[Question, dict[str, int], int, int]] = {}


def _grades(question: Question) -> tuple[dict[str, int], int, int]:
    """(grade by option id, the lowest grade, the lowest above it), once per question."""
    cached = _GRADES.get(id(question))
    if cached is None or cached[0] is not question:
        by_id = {o.id: o.grade for o in question.options or ()}
        ordered = sorted(set(by_id.values())) or [0]
        above = ordered[1] if len(ordered) > 1 else ordered[0]
        if len(_GRADES) > 256:
            _GRADES.clear()
        cached = _GRADES[id(question)] = (question, by_id, ordered[0], above)
    return cached[1], cached[2], cached[3]


def grade(question: Question, value: Answer | None) -> int:
    """A choice answer's grade. ``None`` gives the lowest, as a baseline to compare with
    (``grade(q, v) > grade(q, None)``: above nothing); a rule never matches an unanswered
    question through it (see :func:`answer_matches`). Release 1's yes/no bleeding answer reads
    as the lowest grade above nothing (it asked "any blood, even a spot")."""
    by_id, lowest, above = _grades(question)
    if value is None or value is False:
        return lowest
    if value is True:
        return above
    return by_id.get(str(value), lowest)


def answer_matches(question: Question | None, value: Answer | None, want: bool | int | str) -> bool:
    """Whether an answer meets a rule's condition (``true``, ``7``, ``'>= 7'``, ``'>= spotting'``).

    Not answered (``None``) meets none: an untouched question is not "no", nor the lowest
    option, nor any number."""
    if value is None:
        return False
    kind = question.kind if question is not None else None
    if isinstance(want, bool):
        return value is want
    if kind == "choice" and question is not None:
        match = _OP.match(str(want))
        if match is None:
            return False
        op, target = match.group(1) or "=", match.group(2)
        wanted = _grades(question)[0].get(target)
        if wanted is None:
            return False
        have = grade(question, value)
        if op == ">=":
            return have >= wanted
        if op == "<=":
            return have <= wanted
        if isinstance(value, str):
            return value == target
        return have == wanted
    if isinstance(value, bool) or not isinstance(value, int):
        return isinstance(want, str) and value == want
    if isinstance(want, int):
        return value == want
    match = _OP.match(want)
    if match is None or not re.fullmatch(r"-?\d+", match.group(2)):
        return False
    number = int(match.group(2))
    op = match.group(1) or "="
    return value >= number if op == ">=" else value <= number if op == "<=" else value == number


# --- the figures -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Standing:
    """Where the person is in the plan's dates: the start, its window, the length, reviews."""

    asked: str | None  # the content's question for a start date, if it asks one
    given: dt.date | None  # the date the person gave
    window_from: dt.date | None  # start on or after...
    window_to: dt.date | None  # ...and by
    started: dt.date | None  # the first session that counts (the programme's day 1)
    ends: dt.date | None  # started + the plan's length (a fixed length, or a minimum)
    review: dt.date | None  # the review due now, or the next one
    review_text: str
    length_minimum: bool = False  # the length is a minimum: the plan goes on after it
    length_said: str = ""  # the length as the content says it
    ended_text: str | None = None  # the content's words once the length is over
    passed_text: str | None = None  # the content's words once the start window has passed
    reviewed: dt.date | None = None  # the last visit that cleared a review

    def waiting(self, today: dt.date) -> bool:
        """Before the start window opens (nothing is asked until then)."""
        return self.started is None and self.window_from is not None and today < self.window_from

    def ended(self, today: dt.date) -> bool:
        """A plan of fixed length is over: no more sessions are asked for."""
        return self.ends is not None and not self.length_minimum and today >= self.ends

    def lines(self, today: dt.date) -> list[str]:
        """Plain sentences, for home, ``coach plan`` and the report."""
        out: list[str] = []
        day = pace.day_text
        if self.asked and self.given is None:
            out.append(f"Start date not set ({self.asked}): set it with 'coach plan --start'.")
        elif self.given is not None and self.window_from is not None and self.started is None:
            window = f"{day(self.window_from)} and {day(self.window_to or self.window_from)}"
            if today < self.window_from:
                out.append(f"Start between {window}: not yet.")
            elif self.window_to and today > self.window_to:
                passed = f"The start window (between {window}) has passed."
                out.append(f"{passed} {self.passed_text}" if self.passed_text else passed)
            else:
                out.append(f"Start between {window}: you can start now.")
        if self.started is not None:
            days = (today - self.started).days
            out.append(f"Started {day(self.started)} (day {days + 1}).")
        if self.ends is not None:
            if today < self.ends:
                more = " at least" if self.length_minimum else ""
                out.append(f"Planned{more} until {day(self.ends)}.")
            elif self.ended_text:
                out.append(self.ended_text)
            elif self.length_minimum:
                out.append(
                    f"The planned minimum ({self.length_said}) was reached {day(self.ends)}."
                )
            else:
                out.append(f"The planned length ({self.length_said}) ended {day(self.ends)}.")
        if self.reviewed is not None:
            out.append(f"Last review: {day(self.reviewed)}.")
        if self.review is not None:
            if today >= self.review:
                out.append(f"Review due since {day(self.review)}: {self.review_text}")
            else:
                out.append(f"Review due {day(self.review)}.")
        return out


@dataclass(frozen=True, slots=True)
class Figures:
    """The programme's figures for one day. Every screen and export reads these."""

    today: dt.date
    per: str  # "day" or "week": the plan's unit
    target: CountRange  # the plan's sessions per unit
    target_now: CountRange | None  # this unit's target (a first week that starts mid-week is
    # shorter); None: nothing is asked (before the start window opens, or the plan has ended)
    done: int  # sessions (and counted activities) that count, this day or week
    done_today: int
    done_this_week: int
    first_partial_from: dt.date | None  # this week is the first: its target counts from then
    behind: bool
    level_index: int
    level: Level
    level_count: int
    level_noun: str
    next_level: Level  # the level advised (or set) for the next session
    days_on_level: int  # whole days since the level's first counted session (0 that day)
    sessions_on_level: int  # sessions that counted on the level since it became the level
    rule: Rule | None  # the rule whose advice applies; None: begin or keep_going
    outcome: str  # the rule's id, or "begin" / "keep_going"
    label: str
    advice: str
    urgency: str
    last_session: dt.date | None
    standing: Standing
    levels_used: bool = True  # some protocol of the pack uses levels
    next_day: dt.date | None = None  # when the next session is due (None: the plan has ended)
    previous_level: Level | None = None  # for the next session: the level before its change
    after_change: int | None = None  # for the next session: sessions counted since the change
    level_set_by: str | None = None  # who set the current level by hand ("person", "clinician")
    ended_words: str = ""  # what is said once a plan of fixed length is over
    noun: Noun = SESSION  # what the content calls a session ("set", "sets")

    @property
    def unit_text(self) -> str:
        return pace.unit_text(self.per)

    @property
    def waiting(self) -> bool:
        """Before the start window opens: nothing is asked until then."""
        return self.standing.waiting(self.today)

    @property
    def ended(self) -> bool:
        """A plan of fixed length is over: nothing more is asked."""
        return self.standing.ended(self.today)

    @property
    def sessions_from(self) -> dt.date | None:
        """The first day sessions are asked for, from today on: today, or the day the start
        window opens; ``None`` once a plan of fixed length is over (a calendar starts here)."""
        if self.ended:
            return None
        opens = self.standing.window_from
        return opens if self.waiting and opens is not None else self.today

    @property
    def sessions_until(self) -> dt.date | None:
        """The last day of a plan of fixed length (a calendar ends here); ``None``: no end."""
        ends = self.standing.ends
        if ends is None or self.standing.length_minimum:
            return None
        return ends - dt.timedelta(days=1)

    @property
    def done_text(self) -> str:
        """ "2 of 3 today", "1 of 2 this week: your plan started on Thursday"; before the start
        window opens, when it opens; after a fixed length, the count alone."""
        if self.waiting:
            assert self.standing.window_from is not None
            return pace.waiting_words(self.standing.window_from)
        if self.standing.asked and self.standing.given is None and self.standing.started is None:
            return pace.UNSET_WORDS
        if self.target_now is None:
            return f"{self.done} {self.unit_text} · {pace.ENDED_WORDS}"
        return pace.done_words(
            self.done,
            self.target_now.low,
            self.target_now.high,
            self.per,
            self.today,
            self.standing.started,
        )

    @property
    def level_label(self) -> str:
        """ "Size 2 of 4" """
        return f"{self.level_heading} {self.level_place}"

    @property
    def level_heading(self) -> str:
        """ "Size": the content's word for a level, as a heading."""
        return self.level_noun[:1].upper() + self.level_noun[1:]

    @property
    def level_place(self) -> str:
        """ "2 of 4" """
        return f"{self.level_index + 1} of {self.level_count}"

    @property
    def summary(self) -> str:
        """ "Size 2 of 4 · day 9 · 2 of 2-3 this week"; the day only once a session counted on
        the level; without levels in use, the count alone."""
        if not self.levels_used:
            return self.done_text
        day = f" · day {self.days_on_level + 1}" if self.sessions_on_level else ""
        return f"{self.level_label}{day} · {self.done_text}"

    @property
    def due_next(self) -> str:
        """What is due next, in one sentence."""
        if self.urgency in ("soon", "urgent"):
            return f"Before another {self.noun.one}: follow the advice below."
        if self.standing.asked and self.standing.given is None:
            return "Set your start date first: coach plan --start YYYY-MM-DD."
        if self.waiting:
            assert self.standing.window_from is not None
            opens = pace.day_text(self.standing.window_from)
            return f"Nothing yet: your start window opens {opens}."
        if self.target_now is None:
            return self.ended_words
        left_low = max(0, self.target_now.low - self.done)
        left_high = max(0, self.target_now.high - self.done)
        if left_high == 0:
            return f"Done for {self.unit_text}."
        amount = str(left_low) if left_low == left_high else f"{left_low}-{left_high}"
        if left_low == 0:
            amount = f"up to {left_high}"
        at = f", at {self.next_level.name}" if self.levels_used else ""
        # A sentence of its own on every view: "Up to 1 more set today", never "up to ...".
        return sentence(f"{amount} more {self.noun.of(left_high)} {self.unit_text}{at}.")


@dataclass(frozen=True, slots=True)
class WeekFigures:
    """One calendar week (Monday to Sunday), for the history chart and the report."""

    start: dt.date
    done: int  # that count toward the plan (the same definition as :attr:`Figures.done`)
    other: int  # sessions that don't count (drills, ended early, skipped through)
    pain: int  # sessions with pain (a pain stop, or pain at check-in)
    attempts: int = 0  # tries counted in attempts steps, every session
    resistances: int = 0  # times resistance was met, every session
    scales: Mapping[str, float] = field(default_factory=dict)  # average per scale question
    flagged: Mapping[str, int] = field(default_factory=dict)  # choice above its lowest, yes_no yes

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=6)


def _prefix(items: list[SessionRecord], keep, end: int) -> int:
    """How many of ``items[:end]``, from the start, ``keep`` holds for."""
    for i in range(end):
        if not keep(items[i]):
            return i
    return end


def _rule_holds(
    rule: Rule,
    *,
    newest_first: list[SessionRecord],
    pack: Pack,
    questions: Mapping[str, Question],
    counted: set[int],
    run_length: int,
    today: dt.date,
    days_on_level: int,
    behind: bool,
    level_index: int,
    level_count: int,
) -> bool:
    if rule.level == "up" and level_index >= level_count - 1:
        return False
    if rule.level == "back" and level_index == 0:
        return False
    when = rule.when
    program = pack.program
    if (
        when.on_levels is not None
        and program is not None
        and program.levels[level_index].id not in when.on_levels
    ):
        return False
    if when.days_on_level is not None and days_on_level < when.days_on_level:
        return False
    if when.behind is not None and when.behind != behind:
        return False
    # Newest first: the day and level limits keep a prefix, found without a pass over all.
    end = len(newest_first)
    if when.on_level:
        end = run_length
    if when.within_days is not None:
        since = today - dt.timedelta(days=when.within_days - 1)
        end = min(end, _prefix(newest_first, lambda s: s.day >= since, end))
    scope = newest_first[:end]
    if when.counted_only:
        scope = [s for s in scope if id(s) in counted]
    if when.of_last is not None:
        scope = scope[: when.of_last]

    def match(session: SessionRecord) -> bool:
        return all(
            answer_matches(questions.get(qid), answer_of(session, questions.get(qid), qid), want)
            for qid, want in when.answers.items()
        )

    if when.in_a_row:
        run = 0
        for session in scope:
            if run >= when.sessions or not match(session):
                break
            run += 1
        return run >= when.sessions
    found = 0
    for session in scope:  # enough is enough: a long history is not read to its end
        if match(session):
            found += 1
            if found >= when.sessions:
                return True
    return False


def compute(
    pack: Pack,
    sessions: Sequence[SessionRecord],
    today: dt.date,
    *,
    activities: Sequence[ActivityRecord] = (),
    start_given: dt.date | None = None,
    level_changes: Sequence[LevelChange] = (),
) -> Figures:
    """The figures of ``pack``'s programme on ``today``, from that pack's sessions, its logged
    activities and the levels set by hand.

    Sessions and activities of other packs are left out here, so a caller cannot mix them.
    """
    program = pack.program
    if program is None:
        raise ValueError("this pack has no programme (program.toml)")
    pack_id = pack.info.id
    mine = [s for s in sessions if s.pack_id == pack_id and s.day <= today]
    mine.sort(key=lambda s: s.started)
    acts = [a for a in activities if a.pack_id == pack_id and a.day <= today]
    judge = counter(pack)
    # By identity, not by row id: records built in memory (tests, imports) may share ids.
    counted = {id(s) for s in mine if judge(s)}
    counted_days = [s.day for s in mine if id(s) in counted] + [a.day for a in acts if a.counts]
    # Logged activities whose questions were answered are read by the rules like sessions.
    questions = all_questions(pack)
    pain_ids = {qid for qid, q in questions.items() if q.pain}
    with_answers = [a for a in acts if a.answers]
    answered = [_as_session(a, pain_ids) for a in with_answers]
    counted |= {id(r) for r, a in zip(answered, with_answers, strict=True) if a.counts}
    records = sorted([*mine, *answered], key=lambda s: s.started)
    levels = program.levels
    clock = _level_clock(
        program, [s for s in mine if id(s) in counted], level_changes, today, pack_id
    )
    current = clock.index
    # The sessions (and answered activities) since the level became the level, newest first.
    newest_first = list(reversed(records))
    run_span = len(newest_first)
    if clock.since is not None:
        run_span = _prefix(newest_first, lambda s: s.started >= clock.since, run_span)

    plan = program.plan
    started = min(counted_days) if counted_days else None
    standing = _standing(program, start_given, started, acts, clock.reached, today)
    monday = pace.week_start(today)
    done_today = sum(1 for d in counted_days if d == today)
    done_week = sum(1 for d in counted_days if monday <= d <= today)
    first_from = pace.first_week_from(plan.per, today, started)
    asking = not standing.waiting(today) and not standing.ended(today)
    low, high = pace.unit_target(plan.per, plan.sessions.low, plan.sessions.high, today, started)
    target_now = CountRange(low, high) if asking else None
    done = done_today if plan.per == "day" else done_week
    if not asking or started is None:
        behind = False
    elif plan.per == "day":
        yesterday = today - dt.timedelta(days=1)
        behind = yesterday >= started and counted_days.count(yesterday) < plan.sessions.low
    else:
        # Judged at the target's pace over the days of this week already over (since the
        # start in a first week): nothing is "behind" on a Tuesday, nor on a first Friday.
        days_over = (today - (first_from or monday)).days
        behind = done < plan.sessions.low * days_over // 7

    rule: Rule | None = None
    if records or counted_days:
        for candidate in program.rules:
            if not counted_days and candidate.urgency == "none":
                continue  # until a session counts, only rules that need care
            if _rule_holds(
                candidate,
                newest_first=newest_first,
                pack=pack,
                questions=questions,
                counted=counted,
                run_length=run_span,
                today=today,
                days_on_level=clock.days,
                behind=behind,
                level_index=current,
                level_count=len(levels),
            ):
                rule = candidate
                break
    if rule is not None:
        outcome, label, advice, urgency = rule.id, rule.label, rule.advice, rule.urgency
        step = {"up": 1, "back": -1}.get(rule.level, 0)
    elif not counted_days:
        outcome, label, advice, urgency, step = "begin", "Begin", program.begin, "none", 0
    else:
        outcome, label, advice, urgency, step = (
            "keep_going",
            "Keep going",
            program.keep_going,
            "none",
            0,
        )
    # A rule moves the level only where the rules set it, and never over a level set by hand
    # since the last session counted: that one is for the next session.
    if program.levels_set_by != "rules" or clock.pending:
        step = 0
    next_index = min(max(current + step, 0), len(levels) - 1)
    if next_index != current:  # the next session is the first after a change
        previous, after_change = levels[current], 0
    elif clock.previous is not None:
        previous, after_change = levels[clock.previous], clock.sessions
    else:
        previous, after_change = None, None
    ended_words = plan.ended_text or "The plan has ended: no more sessions are planned."
    return Figures(
        today=today,
        per=plan.per,
        target=plan.sessions,
        target_now=target_now,
        done=done,
        done_today=done_today,
        done_this_week=done_week,
        first_partial_from=first_from,
        behind=behind,
        level_index=current,
        level=levels[current],
        level_count=len(levels),
        level_noun=program.level_noun,
        next_level=levels[next_index],
        days_on_level=clock.days,
        sessions_on_level=clock.sessions,
        rule=rule,
        outcome=outcome,
        label=label,
        advice=advice.strip(),
        urgency=urgency,
        last_session=mine[-1].day if mine else None,
        standing=standing,
        levels_used=any(p.uses_levels for p in pack.protocols),
        next_day=pace.next_day(
            per=plan.per,
            today=today,
            done=done,
            high=target_now.high if target_now is not None else 0,
            done_today=done_today,
            opens=standing.window_from if standing.waiting(today) else None,
            ended=standing.ended(today),
        ),
        previous_level=previous,
        after_change=after_change,
        level_set_by=clock.set_by,
        ended_words=ended_words,
        noun=session_noun(program),
    )


@dataclass(frozen=True, slots=True)
class _LevelClock:
    index: int  # the current level
    since: dt.datetime | None  # when it became the level (None: from the beginning)
    days: int  # whole days since its first counted session
    sessions: int  # sessions counted on it since then
    previous: int | None  # the level before the last change (None: no change yet)
    set_by: str | None  # who set it by hand ("person", "clinician"); None: sessions or rules
    pending: bool  # set by hand since the last session that counted: for the next session
    reached: dict[int, dt.date]  # the day each level first became the level


def _level_clock(
    program: Program,
    counted: Sequence[SessionRecord],
    changes: Sequence[LevelChange],
    today: dt.date,
    pack_id: str,
) -> _LevelClock:
    """The current level and its clock, moved only by sessions that count (an abandoned
    session starts nothing) and by levels set by hand. A session without a known level (a
    drill, a level since removed) neither moves nor breaks it."""
    index_of = {level.id: i for i, level in enumerate(program.levels)}
    moments: list[tuple[dt.datetime, int, str | None, dt.date]] = [
        (s.started, index_of[s.level_id], None, s.day) for s in counted if s.level_id in index_of
    ]
    moments += [
        (c.saved, index_of[c.level_id], c.set_by, c.day)
        for c in changes
        if c.pack_id == pack_id and c.level_id in index_of and c.day <= today
    ]
    moments.sort(key=lambda m: m[0])
    current, since, first, sessions = 0, None, None, 0
    previous: int | None = None
    set_by: str | None = None  # who set the current level, if it was set by hand
    pending = False  # the newest moment is a level set by hand: it is for the next session
    reached: dict[int, dt.date] = {}
    for number, (when, index, setter, day) in enumerate(moments):
        if index != current:
            # The level before a change. A first session on a level other than the first is
            # where the person begins, not a change; a level set by hand changes from the
            # level coach had (the first, until then).
            previous = current if number or setter is not None else None
            current, since, first, sessions, set_by = index, when, None, 0, None
        reached.setdefault(current, day)
        if setter is None:
            sessions += 1
            first = first or day
            pending = False
        else:
            set_by, pending = setter, True
    return _LevelClock(
        index=current,
        since=since,
        days=(today - first).days if first is not None else 0,
        sessions=sessions,
        previous=previous,
        set_by=set_by,
        pending=pending,
        reached=reached,
    )


def _as_session(activity: ActivityRecord, pain_ids: set[str]) -> SessionRecord:
    """A logged activity with answers, as the rules read a session's check-in: pain when a
    pain question was answered yes, no pain when every one asked was answered no."""
    said = [activity.answers[qid] for qid in pain_ids if activity.answers.get(qid) is not None]
    pain = True if any(v is True for v in said) else (False if said else None)
    when = dt.datetime.combine(activity.day, activity.logged.timetz())
    return SessionRecord(
        id=-activity.id,
        pack_id=activity.pack_id,
        protocol_id="",
        protocol_title=activity.title,
        started=when,
        ended=when,
        level_id=None,
        planned_level_id=None,
        counts_as_session=activity.counts,
        active_seconds=0.0,
        steps_done=0,
        steps_total=0,
        attempts=0,
        resistances=0,
        pain_stop=False,
        finished=True,
        completed=True,
        finish_reason="done",
        checked_in=True,
        pain=pain,
        answers=MappingProxyType(dict(activity.answers)),
        notes=activity.note,
    )


def _standing(
    program: Program,
    given: dt.date | None,
    started: dt.date | None,
    activities: Sequence[ActivityRecord],
    reached: Mapping[int, dt.date],
    today: dt.date,
) -> Standing:
    plan = program.plan
    window_from = window_to = None
    if given is not None:
        if plan.start.window is not None:
            window_from = plan.start.window.after(given)
            window_to = plan.start.window.after(given, high=True)
        else:
            window_from = given
    length = plan.length
    ends = None
    if length is not None and length.period is not None and started is not None:
        ends = length.period.after(started)
    review, reviewed = _review(program, started, activities, reached, today)
    return Standing(
        asked=plan.start.ask,
        given=given,
        window_from=window_from,
        window_to=window_to,
        started=started,
        ends=ends,
        review=review,
        review_text=plan.review_text,
        length_minimum=bool(length and length.minimum),
        length_said=plan.length_text or (str(length.period) if length and length.period else ""),
        ended_text=plan.ended_text,
        passed_text=plan.start.passed_text,
        reviewed=reviewed,
    )


def _review(
    program: Program,
    started: dt.date | None,
    activities: Sequence[ActivityRecord],
    reached: Mapping[int, dt.date],
    today: dt.date,
) -> tuple[dt.date | None, dt.date | None]:
    """(the review due now or next, the last visit that cleared one).

    Reviews fall due ``review_after`` the start, then every ``review_every`` (from the last
    visit when the content names the activity that is one, else from the start), and on
    reaching each of ``review_at_levels``. A review is cleared by a visit logged on or after
    the day it fell due; the next is counted from that visit."""
    plan = program.plan
    visits = sorted(
        a.day
        for a in activities
        if plan.review_cleared_by and a.activity_id == plan.review_cleared_by
    )
    last_visit = visits[-1] if visits else None
    due: list[dt.date] = []
    if started is not None:
        first = plan.review_after or plan.review_every
        if first is not None:
            if plan.review_every is not None and last_visit is not None and last_visit >= started:
                due.append(plan.review_every.after(last_visit))
            else:
                at = first.after(started)
                if plan.review_every is not None and not plan.review_cleared_by:
                    # Nobody logs the visits: the latest of the series that has fallen due.
                    while (following := plan.review_every.after(at)) <= today:
                        at = following
                due.append(at)
    index_of = {level.id: i for i, level in enumerate(program.levels)}
    for level_id in plan.review_at_levels or ():
        day = reached.get(index_of.get(level_id, -1))
        if day is not None:
            due.append(day)
    open_ = sorted(d for d in due if last_visit is None or last_visit < d)
    past = [d for d in open_ if d <= today]
    review = past[0] if past else (open_[0] if open_ else None)
    return review, last_visit


def activity_counts(
    pack: Pack,
    activity: Activity,
    day: dt.date,
    *,
    sessions: Sequence[SessionRecord],
    activities: Sequence[ActivityRecord] = (),
    level_changes: Sequence[LevelChange] = (),
) -> bool:
    """Whether ``activity`` logged for ``day`` counts toward the plan, as the content says:
    never with ``counts = false``; with ``counts_from``, once the person's level is that one
    or a later one, a session of that protocol has counted, or that other activity has been
    logged (any one of them), on or before ``day``. Decided when it is logged and kept."""
    if not activity.counts:
        return False
    rule = activity.counts_from
    if rule is None:
        return True
    program = pack.program
    if program is None:
        return False
    pack_id = pack.info.id
    judge = counter(pack)
    mine = [s for s in sessions if s.pack_id == pack_id and s.day <= day]
    if rule.protocol is not None and any(s.protocol_id == rule.protocol and judge(s) for s in mine):
        return True
    if rule.activity is not None and any(
        a.activity_id == rule.activity and a.pack_id == pack_id and a.day <= day for a in activities
    ):
        return True
    if rule.level is not None:
        wanted = program.level_index(rule.level)
        clock = _level_clock(program, [s for s in mine if judge(s)], level_changes, day, pack_id)
        if wanted is not None and clock.index >= wanted:
            return True
    return False


def weeks(
    pack: Pack | None,
    sessions: Sequence[SessionRecord],
    *,
    until: dt.date,
    since: dt.date | None = None,
    activities: Sequence[ActivityRecord] = (),
) -> list[WeekFigures]:
    """Every week from ``since`` (else the first session's) to ``until``, empty weeks included:
    a gap is information too. ``done`` uses :func:`counts`, like every other figure."""
    days = [s.day for s in sessions] + [a.day for a in activities]
    if since is None:
        if not days:
            return []
        since = min(days)
    first, last = week_start(since), week_start(until)
    if first > last:
        return []
    n = (last - first).days // 7 + 1
    questions = all_questions(pack) if pack is not None else {}
    scales = [q for q in questions.values() if q.kind == "scale"]
    flags = [q for q in questions.values() if q.kind in ("choice", "yes_no") and not q.pain]
    done = [0] * n
    other = [0] * n
    pain = [0] * n
    tries = [0] * n
    resisted = [0] * n
    sums: list[dict[str, list[int]]] = [{} for _ in range(n)]
    flagged: list[dict[str, int]] = [{} for _ in range(n)]
    judge = counter(pack)
    first_ordinal = first.toordinal()
    for session in sessions:
        slot = (session.started.date().toordinal() - first_ordinal) // 7
        if not 0 <= slot < n:
            continue
        if judge(session):
            done[slot] += 1
        else:
            other[slot] += 1
        if session.pain_stop or session.pain:
            pain[slot] += 1
        tries[slot] += session.attempts
        resisted[slot] += session.resistances
        answers = session.answers
        if not answers:
            continue
        for q in scales:
            value = answers.get(q.id)
            if isinstance(value, int) and not isinstance(value, bool):
                sums[slot].setdefault(q.id, []).append(value)
        for q in flags:
            value = answers.get(q.id)
            if value is None or value is False:
                continue
            hit = value is True if q.kind == "yes_no" else grade(q, value) > grade(q, None)
            if hit:
                flagged[slot][q.id] = flagged[slot].get(q.id, 0) + 1
    for activity in activities:
        slot = (activity.day - first).days // 7
        if 0 <= slot < n and activity.counts:
            done[slot] += 1
    return [
        WeekFigures(
            start=first + dt.timedelta(weeks=i),
            done=done[i],
            other=other[i],
            pain=pain[i],
            attempts=tries[i],
            resistances=resisted[i],
            scales={k: sum(v) / len(v) for k, v in sums[i].items()},
            flagged=dict(flagged[i]),
        )
        for i in range(n)
    ]


# --- from the journal ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class JournalView:
    """What the figures need from the journal, read once: one pack's records (or every pack's)."""

    sessions: list[SessionRecord]
    activities: list[ActivityRecord]
    start_given: dt.date | None
    unreadable: int
    """Sessions that could not be read (damaged): left out, and said."""
    unreadable_other: int = 0
    """The same for logged activities, the plan's start date and the levels set by hand."""
    level_changes: list[LevelChange] = field(default_factory=list)


def activity_counts_now(journal: Journal, pack: Pack, activity: Activity, day: dt.date) -> bool:
    """:func:`activity_counts` for logging ``activity`` on ``day``, read from ``journal`` as it
    is now: what ``coach log`` and the app's log key both ask before they write."""
    view = read_journal(journal, pack.info.id)
    return activity_counts(
        pack,
        activity,
        day,
        sessions=view.sessions,
        activities=view.activities,
        level_changes=view.level_changes,
    )


def read_journal(journal: Journal, pack_id: str | None) -> JournalView:
    """One pack's sessions and activities (every pack's when ``pack_id`` is None)."""
    sessions = journal.sessions()
    unreadable = int(getattr(journal, "unreadable", 0) or 0)
    if pack_id is not None:
        sessions = for_pack(sessions, pack_id)
    activities = journal.activities(pack_id)
    other = int(getattr(journal, "unreadable_activities", 0) or 0)
    start_given = journal.plan_start(pack_id) if pack_id is not None else None
    other += int(bool(getattr(journal, "unreadable_plan_start", False)))
    changes = journal.level_changes(pack_id) if pack_id is not None else []
    other += int(getattr(journal, "unreadable_level_changes", 0) or 0)
    return JournalView(
        sessions=sessions,
        activities=activities,
        start_given=start_given,
        unreadable=unreadable,
        unreadable_other=other,
        level_changes=changes,
    )


def figures_for(pack: Pack, view: JournalView, today: dt.date) -> Figures:
    """The figures of ``pack`` on ``today`` from what was read of the journal: every view's."""
    return compute(
        pack,
        view.sessions,
        today,
        activities=view.activities,
        start_given=view.start_given,
        level_changes=view.level_changes,
    )


def journal_figures(journal: Journal, pack: Pack, today: dt.date) -> Figures:
    """``figures_for(pack, read_journal(journal, pack.info.id), today)``, worked out once for
    each state of the journal: home, its status summary and the history all ask for the same
    figures, which cost ~30 ms at 10,000 sessions.

    Kept on the journal with its :meth:`~coach.journal.store.Journal.generation` (changed by
    any write, this process's or another's), the day and the pack object itself (a reloaded
    pack is another object): the figures depend on nothing else (``compute`` reads no clock,
    and sessions' ``running`` flag is not among what it reads).
    """
    key = (journal.generation(), today)
    kept = journal.kept.get(("figures", pack.info.id))
    if kept is not None:
        (kept_key, kept_pack), figures = kept
        if kept_key == key and kept_pack is pack and isinstance(figures, Figures):
            return figures
    figures = figures_for(pack, read_journal(journal, pack.info.id), today)
    # Keyed by the generation read before reading: a write meanwhile makes the next ask miss.
    journal.kept[("figures", pack.info.id)] = ((key, pack), figures)
    return figures


# --- right after a check-in ------------------------------------------------------------------


def needs_safety(
    pack: Pack,
    protocol: Protocol | None,
    checkin: CheckIn,
    *,
    pain_shown: bool = False,
    asked: Sequence[Question] | None = None,
) -> bool:
    """Whether the safety guidance follows this check-in (see :func:`safety_call`)."""
    return safety_call(pack, protocol, checkin, pain_shown=pain_shown, asked=asked) is not None


@dataclass(frozen=True, slots=True)
class SafetyCall:
    """Why the safety guidance follows a check-in, and how urgent the content says it is."""

    reason: str
    """ "pain" (a yes to pain), "answer" (a choice at its ``safety_from``) or "rule"."""
    rule: Rule | None
    """The most urgent rule (the first, of equals) that this check-in meets by its answers
    alone: its label, advice and urgency word the guidance. ``None``: no rule speaks of it."""

    @property
    def urgency(self) -> str:
        """none, routine, soon or urgent: what the guidance may say; never more than a rule."""
        return self.rule.urgency if self.rule is not None else "none"


def safety_call(
    pack: Pack,
    protocol: Protocol | None,
    checkin: CheckIn,
    *,
    pain_shown: bool = False,
    asked: Sequence[Question] | None = None,
) -> SafetyCall | None:
    """Whether the safety guidance follows this check-in, and why; ``None`` when it does not.

    Pain (a yes to a ``pain = true`` question, or ``checkin.pain``) always leads to it, unless
    ``pain_shown``: the guidance was just shown for a pain stop, so pain alone doesn't repeat it. A
    choice answer at or above its question's ``safety_from`` option does. So does any rule that
    this check-in meets on its own (a rule of one session's answers, no plan conditions) when the
    rule shows safety (``safety = true``, or urgency soon/urgent by default). ``asked``: the
    questions that were asked, when not a protocol's (a logged activity's).
    """
    program = pack.program
    met: list[Rule] = []
    if program is not None:
        asked_by_id = {
            q.id: q for q in (asked if asked is not None else questions_for(program, protocol))
        }
        questions = all_questions(pack)
        for rule in program.rules:
            when = rule.when
            single = (
                when.answers
                and when.sessions == 1
                and when.days_on_level is None
                and when.behind is None
                and when.on_levels is None
                and all(qid in asked_by_id for qid in when.answers)
            )
            if single and all(
                answer_matches(questions.get(qid), _answer_for_rules(checkin, qid, questions), want)
                for qid, want in when.answers.items()
            ):
                met.append(rule)
    rank = {urgency: place for place, urgency in enumerate(URGENCY_LABELS)}  # in rising order
    worst = max(met, key=lambda r: rank.get(r.urgency, 0), default=None)  # first of equals
    if checkin.pain and not pain_shown:
        return SafetyCall("pain", worst)
    if program is None:
        return None
    for q in asked_by_id.values():
        value = checkin.answers.get(q.id)
        if q.pain:
            continue  # pain is answered above
        if q.kind == "choice" and q.safety_from is not None:
            limit = q.option(q.safety_from)
            if limit is not None and value is not None and grade(q, value) >= limit.grade:
                return SafetyCall("answer", worst)
    if any(rule.shows_safety for rule in met):
        return SafetyCall("rule", worst)
    return None


def _answer_for_rules(
    checkin: CheckIn, question_id: str, questions: Mapping[str, Question]
) -> Answer | None:
    """A check-in's answer as :func:`needs_safety`'s rules read it: a pain question is yes
    when pain was reported (it stays ``None`` after a pain stop whose guidance was just shown:
    not twice), else as answered (``None``: not answered)."""
    question = questions.get(question_id)
    if question is not None and question.pain and checkin.pain:
        return None
    return checkin.answers.get(question_id)


__all__ = [
    "Figures",
    "JournalView",
    "SafetyCall",
    "Standing",
    "WeekFigures",
    "activity_counts",
    "answer_matches",
    "compute",
    "counter",
    "counts",
    "figures_for",
    "grade",
    "needs_safety",
    "pain_answer",
    "read_journal",
    "safety_call",
    "week_start",
    "weeks",
]
