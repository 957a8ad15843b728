"""Where the person is in the programme, and what the content's rules advise next.

Pure: a Program (levels, pace, thresholds, advice texts) and the journal's sessions in, a
:class:`Progress` out. Every number and word comes from the content; nothing here knows what
a dilator is.

The rules, first match wins:

1. No session at all: ``begin``.
2. Bleeding reported within ``window_days`` (when ``see_clinician_on_bleeding``), or at least
   ``see_clinician_after_pain_sessions`` sessions with pain within ``window_days``, whatever the
   level: ``see_clinician``.
3. Pain sessions within ``window_days`` *since the current level began*: at least
   ``step_back_after_pain_sessions``: ``step_back`` (``hold`` on the first level, which has no
   level below); at least ``hold_after_pain_sessions``: ``hold``. Counting from the level's start
   means that, once the person has stepped back, the pain that made them step back does not push
   them back again; it still counts toward rule 2.
4. No session that counts toward the weekly target yet (only drills, say): ``begin``.
5. ``days_per_level.low`` days on the level and ``move_up_min_sessions`` pain-free sessions on it,
   and a level above: ``move_up``.
6. Behind the weekly target: ``behind``. Judged at the target's pace, over the days of this week
   already over: by today, ``floor(low * days_over / 7)`` sessions should be done. So with 2 a
   week, nothing is "behind" before Friday, and a session today can still bring Sunday on track.
   Nagging on a Tuesday helps nobody.
7. Otherwise: ``keep_going``.

A session "has pain" when it was stopped for pain or its check-in said pain. It is "pain-free"
(for moving up) only when it was completed, without pain and without bleeding: unfinished or
cut-short sessions never argue for a bigger level.

The current level is the one used in the newest session that recorded a known level (the
check-in's answer, else the level it started with); with none, the first. "On the level" means
the current unbroken run of sessions at that level: a return to a level starts its days afresh.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from coach.journal.records import SessionRecord

if TYPE_CHECKING:  # types only: reading a Program needs no pydantic at import time
    from coach.pack.model import Level, Program
    from coach.pack.ranges import CountRange


class Outcome(StrEnum):
    BEGIN = "begin"
    KEEP_GOING = "keep_going"
    MOVE_UP = "move_up"
    HOLD = "hold"
    STEP_BACK = "step_back"
    SEE_CLINICIAN = "see_clinician"
    BEHIND = "behind"


OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.BEGIN: "Begin",
    Outcome.KEEP_GOING: "Keep going",
    Outcome.MOVE_UP: "Ready to move up",
    Outcome.HOLD: "Hold",
    Outcome.STEP_BACK: "Step back",
    Outcome.SEE_CLINICIAN: "See a clinician",
    Outcome.BEHIND: "Behind this week",
}


@dataclass(frozen=True, slots=True)
class Progress:
    outcome: Outcome
    advice: str  # the content's text for the outcome (may be empty for ``behind``)
    reason: str  # one plain sentence: why this outcome
    level_index: int  # 0-based
    level: Level
    level_count: int
    level_noun: str
    next_level: Level  # the level advised for the next session
    days_on_level: int  # whole days since the first session of the current run (0 that day)
    sessions_on_level: int
    pain_free_on_level: int
    sessions_this_week: int  # Monday to Sunday, only protocols that count
    week_target: CountRange
    week_start: dt.date
    pain_sessions_in_window: int  # every protocol, every level
    bleeding_in_window: bool
    last_session: dt.date | None

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self.outcome]

    @property
    def level_label(self) -> str:
        """ "Size 2 of 4" """
        noun = self.level_noun[:1].upper() + self.level_noun[1:]
        return f"{noun} {self.level_index + 1} of {self.level_count}"

    @property
    def summary(self) -> str:
        """ "Size 2 of 4 · day 9 · 2 of 2-3 sessions this week" """
        day = f"day {self.days_on_level + 1}" if self.sessions_on_level else "not started"
        return (
            f"{self.level_label} · {day} · "
            f"{self.sessions_this_week} of {self.week_target} sessions this week"
        )


def week_start(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week."""
    return day - dt.timedelta(days=day.weekday())


def behind_pace(done: int, target_low: int, today: dt.date) -> bool:
    """Fewer sessions than the weekly target's pace asks for by the days already over."""
    days_over = today.weekday()  # Monday: 0 days of this week are over
    return done < target_low * days_over // 7


def compute_progress(
    program: Program, sessions: Sequence[SessionRecord], today: dt.date
) -> Progress:
    rules = program.progression
    levels = program.levels
    index_of = {level.id: i for i, level in enumerate(levels)}
    past = sorted((s for s in sessions if s.day <= today), key=lambda s: s.started)

    # The current level and its unbroken run (sessions without a known level don't break it).
    run: list[SessionRecord] = []
    current = 0
    for session in reversed(past):
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

    window_from = today - dt.timedelta(days=rules.window_days - 1)
    in_window = [s for s in past if s.day >= window_from]
    pain_in_window = sum(s.had_pain for s in in_window)
    pain_on_level = sum(
        s.had_pain for s in in_window if run_start is None or s.started >= run_start
    )
    bleeding = any(s.had_bleeding for s in in_window)

    monday = week_start(today)
    # Only sessions carried through to the end count toward the weekly target: one quit after
    # a few seconds, or stopped for pain, is in the log but is not a session done.
    this_week = sum(1 for s in past if s.counts_as_session and s.completed and s.day >= monday)
    days_on_level = (today - run[0].day).days if run else 0
    pain_free = sum(1 for s in run if s.completed and not s.had_pain and not s.had_bleeding)
    target = program.sessions_per_week
    last_level = current == len(levels) - 1
    noun = program.level_noun
    window = f"the last {rules.window_days} days"

    def plural(n: int, word: str) -> str:
        return f"{n} {word}" + ("" if n == 1 else "s")

    next_index = current
    if not past:
        outcome, reason = Outcome.BEGIN, "No sessions recorded yet."
    elif bleeding and rules.see_clinician_on_bleeding:
        outcome, reason = Outcome.SEE_CLINICIAN, f"Bleeding was reported in {window}."
    elif pain_in_window >= rules.see_clinician_after_pain_sessions:
        outcome = Outcome.SEE_CLINICIAN
        reason = f"{plural(pain_in_window, 'session')} with pain in {window}."
    elif pain_on_level >= rules.step_back_after_pain_sessions and current > 0:
        outcome, next_index = Outcome.STEP_BACK, current - 1
        reason = f"{plural(pain_on_level, 'session')} with pain on this {noun} in {window}."
    elif pain_on_level >= rules.hold_after_pain_sessions:
        outcome = Outcome.HOLD
        reason = f"{plural(pain_on_level, 'session')} with pain on this {noun} in {window}."
    elif not any(s.counts_as_session for s in past):
        outcome, reason = Outcome.BEGIN, "No full session recorded yet."
    elif (
        not last_level
        and days_on_level >= program.days_per_level.low
        and pain_free >= rules.move_up_min_sessions
    ):
        outcome, next_index = Outcome.MOVE_UP, current + 1
        reason = (
            f"{plural(days_on_level, 'day')} and {plural(pain_free, 'pain-free session')} "
            f"on this {noun}."
        )
    elif behind_pace(this_week, target.low, today):
        outcome = Outcome.BEHIND
        reason = f"{plural(this_week, 'session')} this week; the target is {target}."
    else:
        outcome, reason = Outcome.KEEP_GOING, "On track."

    return Progress(
        outcome=outcome,
        advice=getattr(rules.advice, outcome.value).strip(),
        reason=reason,
        level_index=current,
        level=levels[current],
        level_count=len(levels),
        level_noun=noun,
        next_level=levels[next_index],
        days_on_level=days_on_level,
        sessions_on_level=len(run),
        pain_free_on_level=pain_free,
        sessions_this_week=this_week,
        week_target=target,
        week_start=monday,
        pain_sessions_in_window=pain_in_window,
        bleeding_in_window=bleeding,
        last_session=past[-1].day if past else None,
    )
