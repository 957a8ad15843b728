"""Every figure coach shows about the programme, each defined once, from the journal.

Home, history (screen and command), the report, plain mode and the exports all read their
numbers here: what counts as a session, how many are done today or this week against the
plan, the level and the days on it, the advice of the content's rules, what is due next, and
where the person stands in the plan's dates. Pure and Textual-free: a pack, the journal's
records and a day in, frozen values out.

What counts as a session (the one definition, :func:`counts`): a session of a protocol that
counts toward the plan, carried through to its end (not ended early, not stopped for pain), with
at least :meth:`Protocol.steps_to_count` steps done rather than skipped. A log-only activity
whose content says it counts is one too. A session with every step skipped never counts.

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
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coach.journal.records import ActivityRecord, Answer, CheckIn, SessionRecord, for_pack
from coach.pack.levels import PAIN_QUESTION_ID, all_questions, questions_for
from coach.pack.ranges import CountRange

if TYPE_CHECKING:
    from coach.journal.store import Journal
    from coach.pack.model import Level, Pack, Program, Protocol, Question, Rule
    from coach.pack.ranges import CountRange


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
    if session.pack_id != pack.info.id:  # another pack's protocols are not this one's
        return False
    if not session.counts_as_session or not session.completed or session.pain_stop:
        return False
    return session.steps_done >= _steps_to_count(pack).get(session.protocol_id, 1)


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
    """The Monday of ``day``'s week."""
    return day - dt.timedelta(days=day.weekday())


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
    """Where the person is in the plan's dates."""

    asked: str | None  # the content's question for a start date, if it asks one
    given: dt.date | None  # the date the person gave
    window_from: dt.date | None  # start on or after...
    window_to: dt.date | None  # ...and by
    started: dt.date | None  # the first session that counts (the programme's day 1)
    ends: dt.date | None  # started + the plan's length
    review: dt.date | None  # started + review_after
    review_text: str

    def lines(self, today: dt.date) -> list[str]:
        """Plain sentences, for home, ``coach plan`` and the report."""
        out: list[str] = []
        if self.asked and self.given is None:
            out.append(f"Start date not set ({self.asked}): set it with 'coach plan --start'.")
        elif self.given is not None and self.window_from is not None:
            window = f"{_day(self.window_from)} to {_day(self.window_to or self.window_from)}"
            if self.started is None and today < self.window_from:
                out.append(f"Start between {window}: not yet.")
            elif self.started is None and self.window_to and today > self.window_to:
                out.append(f"The start window ({window}) has passed: check with your clinician.")
            elif self.started is None:
                out.append(f"Start between {window}: you can start now.")
        if self.started is not None:
            days = (today - self.started).days
            out.append(f"Started {_day(self.started)} (day {days + 1}).")
        if self.ends is not None:
            if today >= self.ends:
                out.append(f"The planned length ended {_day(self.ends)}.")
            else:
                out.append(f"Planned until {_day(self.ends)}.")
        if self.review is not None:
            if today >= self.review:
                out.append(f"Review due since {_day(self.review)}: {self.review_text}")
            else:
                out.append(f"Review due {_day(self.review)}.")
        return out


@dataclass(frozen=True, slots=True)
class Figures:
    """The programme's figures for one day. Every screen and export reads these."""

    today: dt.date
    per: str  # "day" or "week": the plan's unit
    target: CountRange  # the plan's sessions per unit
    target_now: CountRange  # this unit's target (a first week that starts mid-week is shorter)
    done: int  # sessions (and counted activities) that count, this day or week
    done_today: int
    done_this_week: int
    first_partial_from: dt.date | None  # this week is the first, started on this day
    behind: bool
    level_index: int
    level: Level
    level_count: int
    level_noun: str
    next_level: Level  # the level advised for the next session
    days_on_level: int  # whole days since the current level's first session (0 that day)
    sessions_on_level: int
    rule: Rule | None  # the rule whose advice applies; None: begin or keep_going
    outcome: str  # the rule's id, or "begin" / "keep_going"
    label: str
    advice: str
    urgency: str
    last_session: dt.date | None
    standing: Standing
    levels_used: bool = True  # some protocol of the pack uses levels

    @property
    def unit_text(self) -> str:
        return "today" if self.per == "day" else "this week"

    @property
    def done_text(self) -> str:
        """ "2 of 3 today", "1 of 3-4 this week" """
        return f"{self.done} of {self.target_now} {self.unit_text}"

    @property
    def level_label(self) -> str:
        """ "Size 2 of 4" """
        noun = self.level_noun[:1].upper() + self.level_noun[1:]
        return f"{noun} {self.level_index + 1} of {self.level_count}"

    @property
    def summary(self) -> str:
        """ "Size 2 of 4 · day 9 · 2 of 2-3 this week"; without levels in use, the count alone."""
        if not self.levels_used:
            return self.done_text
        day = f"day {self.days_on_level + 1}" if self.sessions_on_level else "not started"
        return f"{self.level_label} · {day} · {self.done_text}"

    @property
    def due_next(self) -> str:
        """What is due next, in one sentence."""
        if self.urgency in ("soon", "urgent"):
            return "Before another session: follow the advice below."
        if self.standing.asked and self.standing.given is None:
            return "Set your start date first: coach plan --start YYYY-MM-DD."
        left_low = max(0, self.target_now.low - self.done)
        left_high = max(0, self.target_now.high - self.done)
        if left_high == 0:
            return f"Done for {self.unit_text}."
        amount = str(left_low) if left_low == left_high else f"{left_low}-{left_high}"
        if left_low == 0:
            amount = f"up to {left_high}"
        noun = "session" if left_high == 1 else "sessions"
        at = f", at {self.next_level.name}" if self.levels_used else ""
        return f"{amount} more {noun} {self.unit_text}{at}."


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


def _day(value: dt.date) -> str:
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    return f"{value.day} {months[value.month - 1]} {value.year}"


def _scaled(target: CountRange, days: int) -> CountRange:
    """A weekly target for a week of ``days`` days (a first week that starts mid-week)."""
    if days >= 7:
        return target
    low = max(1, math.floor(target.low * days / 7 + 0.5))
    high = max(low, math.floor(target.high * days / 7 + 0.5))
    return CountRange(low, high)


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
    run_start: dt.datetime | None,
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
        end = run_length if run_start is not None else 0
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
) -> Figures:
    """The figures of ``pack``'s programme on ``today``, from that pack's sessions.

    Sessions and activities of other packs are left out here, so a caller cannot mix them.
    """
    program = pack.program
    if program is None:
        raise ValueError("this pack has no programme (program.toml)")
    mine = [s for s in sessions if s.pack_id == pack.info.id and s.day <= today]
    mine.sort(key=lambda s: s.started)
    acts = [a for a in activities if a.pack_id == pack.info.id and a.day <= today]
    # By identity, not by row id: records built in memory (tests, imports) may share ids.
    needed = _steps_to_count(pack)
    counted = {  # counts(), inlined: it runs for every session of the journal
        id(s)
        for s in mine
        if s.counts_as_session
        and s.completed
        and not s.pain_stop
        and s.steps_done >= needed.get(s.protocol_id, 1)
    }
    counted_days = [s.day for s in mine if id(s) in counted] + [a.day for a in acts if a.counts]
    levels = program.levels

    # The current level and its unbroken run (sessions without a known level don't break it).
    index_of = {level.id: i for i, level in enumerate(levels)}
    run: list[SessionRecord] = []
    current = 0
    for session in reversed(mine):
        index = index_of.get(session.level_id) if session.level_id else None
        if index is None:
            continue
        if not run:
            current = index
        elif index != current:
            break
        run.append(session)
    run.reverse()
    run_start = run[0].started if run else None
    # Sessions since the level's run began (those without a level included), newest first.
    run_span = 0
    if run_start is not None:
        for session in reversed(mine):
            if session.started < run_start:
                break
            run_span += 1
    days_on_level = (today - run[0].day).days if run else 0

    plan = program.plan
    started = min(counted_days) if counted_days else None
    monday = week_start(today)
    done_today = sum(1 for d in counted_days if d == today)
    done_week = sum(1 for d in counted_days if monday <= d <= today)
    first_partial = started if started is not None and started > monday else None
    if plan.per == "day":
        target_now, done = plan.sessions, done_today
        yesterday = today - dt.timedelta(days=1)
        behind = (
            started is not None
            and yesterday >= started
            and sum(1 for d in counted_days if d == yesterday) < plan.sessions.low
        )
    else:
        week_from = first_partial or monday
        target_now = _scaled(plan.sessions, 7 - week_from.weekday())
        done = done_week
        # Judged at the target's pace over the days of this week already over (since the
        # start in a first week): nothing is "behind" on a Tuesday, nor on a first Friday.
        days_over = (today - week_from).days
        behind = started is not None and done < plan.sessions.low * days_over // 7

    standing = _standing(program, start_given, started)
    questions = all_questions(pack)
    newest_first = list(reversed(mine))
    rule: Rule | None = None
    if mine or counted_days:
        for candidate in program.rules:
            if not counted_days and candidate.urgency == "none":
                continue  # until a session counts, only rules that need care
            if _rule_holds(
                candidate,
                newest_first=newest_first,
                pack=pack,
                questions=questions,
                counted=counted,
                run_start=run_start,
                run_length=run_span,
                today=today,
                days_on_level=days_on_level,
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
    next_index = min(max(current + step, 0), len(levels) - 1)
    return Figures(
        today=today,
        per=plan.per,
        target=plan.sessions,
        target_now=target_now,
        done=done,
        done_today=done_today,
        done_this_week=done_week,
        first_partial_from=first_partial if plan.per == "week" else None,
        behind=behind,
        level_index=current,
        level=levels[current],
        level_count=len(levels),
        level_noun=program.level_noun,
        next_level=levels[next_index],
        days_on_level=days_on_level,
        sessions_on_level=len(run),
        rule=rule,
        outcome=outcome,
        label=label,
        advice=advice.strip(),
        urgency=urgency,
        last_session=mine[-1].day if mine else None,
        standing=standing,
        levels_used=any(p.uses_levels for p in pack.protocols),
    )


def _standing(program: Program, given: dt.date | None, started: dt.date | None) -> Standing:
    plan = program.plan
    window_from = window_to = None
    if given is not None:
        if plan.start.window is not None:
            window_from = plan.start.window.after(given)
            window_to = plan.start.window.after(given, high=True)
        else:
            window_from = given
    origin = started
    return Standing(
        asked=plan.start.ask,
        given=given,
        window_from=window_from,
        window_to=window_to,
        started=started,
        ends=plan.length.after(origin) if plan.length and origin else None,
        review=plan.review_after.after(origin) if plan.review_after and origin else None,
        review_text=plan.review_text,
    )


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
    needed = _steps_to_count(pack) if pack is not None else {}
    pack_id = pack.info.id if pack is not None else None
    first_ordinal = first.toordinal()
    for session in sessions:
        slot = (session.started.date().toordinal() - first_ordinal) // 7
        if not 0 <= slot < n:
            continue
        # counts(), inlined: this loop runs once per session of the whole journal.
        if (
            session.pack_id == pack_id
            and session.counts_as_session
            and session.completed
            and not session.pain_stop
            and session.steps_done >= needed.get(session.protocol_id, 1)
        ):
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
    """The same for logged activities and the plan's start date."""


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
    return JournalView(
        sessions=sessions,
        activities=activities,
        start_given=start_given,
        unreadable=unreadable,
        unreadable_other=other,
    )


def figures_for(pack: Pack, view: JournalView, today: dt.date) -> Figures:
    return compute(
        pack, view.sessions, today, activities=view.activities, start_given=view.start_given
    )


# --- right after a check-in ------------------------------------------------------------------


def needs_safety(
    pack: Pack, protocol: Protocol | None, checkin: CheckIn, *, pain_shown: bool = False
) -> bool:
    """Whether the safety guidance follows this check-in.

    Pain (a yes to a ``pain = true`` question, or ``checkin.pain``) always leads to it, unless
    ``pain_shown``: the guidance was just shown for a pain stop, so pain alone doesn't repeat it. A
    choice answer at or above its question's ``safety_from`` option does. So does any rule that
    this check-in meets on its own (a rule of one session's answers, no plan conditions) when the
    rule shows safety (``safety = true``, or urgency soon/urgent by default).
    """
    if checkin.pain and not pain_shown:
        return True
    program = pack.program
    if program is None:
        return False
    asked = {q.id: q for q in questions_for(program, protocol)}
    for q in asked.values():
        value = checkin.answers.get(q.id)
        if q.pain:
            continue  # pain is answered above
        if q.kind == "choice" and q.safety_from is not None:
            limit = q.option(q.safety_from)
            if limit is not None and value is not None and grade(q, value) >= limit.grade:
                return True
    questions = all_questions(pack)
    for rule in program.rules:
        when = rule.when
        single = (
            rule.shows_safety
            and when.answers
            and when.sessions == 1
            and when.days_on_level is None
            and when.behind is None
            and when.on_levels is None
            and all(qid in asked for qid in when.answers)
        )
        if single and all(
            answer_matches(questions.get(qid), _answer_for_rules(checkin, qid, questions), want)
            for qid, want in when.answers.items()
        ):
            return True
    return False


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
    "Standing",
    "WeekFigures",
    "answer_matches",
    "compute",
    "counts",
    "figures_for",
    "grade",
    "needs_safety",
    "pain_answer",
    "read_journal",
    "week_start",
    "weeks",
]
