"""Progression rules over a fake calendar: every outcome, from the content's numbers."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.journal.progress import Outcome, behind_pace, compute_progress, week_start
from coach.pack.model import Program
from tests.snapshots.apps.journal_data import PROGRAM, program, record

# A calendar to reason in: Monday 2 March 2026 starts a week.
MON = dt.date(2026, 3, 2)
TUE, WED, THU, FRI, SAT, SUN = (MON + dt.timedelta(days=i) for i in range(1, 7))
PROG = program()


def days_ago(today: dt.date, n: int) -> dt.date:
    return today - dt.timedelta(days=n)


def progress(sessions, today=WED, prog: Program = PROG):
    return compute_progress(prog, sessions, today)


def steady(level: str, first: dt.date, count: int, every: int = 2, **fields):
    """``count`` completed, pain-free sessions on ``level`` from ``first``, every ``every`` days."""
    return [
        record(first + dt.timedelta(days=every * i), level=level, **fields) for i in range(count)
    ]


def test_no_sessions_begin() -> None:
    p = progress([])
    assert p.outcome is Outcome.BEGIN
    assert p.advice == "Start with the smallest size."
    assert p.level.id == "size-1" and p.level_index == 0 and p.next_level.id == "size-1"
    assert p.summary == "Size 1 of 4 · not started · 0 of 2-3 sessions this week"
    assert p.last_session is None


def test_only_sessions_that_do_not_count_still_begin() -> None:
    drills = [record(MON, level=None, counts_as_session=False, protocol_id="drill")]
    p = progress(drills)
    assert p.outcome is Outcome.BEGIN and p.sessions_this_week == 0


def test_only_completed_sessions_count_toward_the_week() -> None:
    done = record(MON, level="size-1")
    quit_early = record(TUE, level="size-1", completed=False, finished=False)
    pain_stop = record(TUE, level="size-1", completed=False, pain_stop=True)
    p = progress([done, quit_early, pain_stop])
    assert p.sessions_this_week == 1
    assert p.pain_sessions_in_window == 1  # the pain stop still counts as pain


def test_keep_going() -> None:
    p = progress([record(MON, level="size-2"), record(TUE, level="size-2")])
    assert p.outcome is Outcome.KEEP_GOING and p.advice == "You are on track."
    assert p.level.id == "size-2" and p.sessions_this_week == 2
    assert p.summary == "Size 2 of 4 · day 3 · 2 of 2-3 sessions this week"


def test_move_up_after_enough_days_and_pain_free_sessions() -> None:
    sessions = steady("size-1", days_ago(WED, 8), 4, every=2)  # days 0, 2, 4, 6 (8 days ago)
    p = progress(sessions)
    assert p.outcome is Outcome.MOVE_UP
    assert p.next_level.id == "size-2" and p.advice.startswith("You can move up")
    assert p.days_on_level == 8 and p.pain_free_on_level == 4


@pytest.mark.parametrize(
    ("first_days_ago", "count", "fields", "why"),
    [
        (6, 4, {}, "only 6 days on the size"),
        (10, 3, {}, "only 3 sessions"),
        (10, 4, {"completed": False, "finish_reason": "ended"}, "cut short: not pain-free proof"),
        (10, 4, {"finished": False, "completed": False}, "unfinished"),
    ],
)
def test_not_yet_moving_up(first_days_ago: int, count: int, fields: dict, why: str) -> None:
    sessions = steady("size-1", days_ago(WED, first_days_ago), count, every=1, **fields)
    p = progress(sessions)  # a Wednesday: never "behind" yet
    assert p.outcome is Outcome.KEEP_GOING, why


def test_no_move_up_from_the_last_level() -> None:
    sessions = steady("size-4", days_ago(WED, 20), 10, every=2)
    p = progress(sessions)
    assert p.outcome is Outcome.KEEP_GOING and p.next_level.id == "size-4"


def test_hold_after_one_pain_session() -> None:
    sessions = [*steady("size-2", days_ago(WED, 10), 5), record(TUE, level="size-2", pain=True)]
    p = progress(sessions)
    assert p.outcome is Outcome.HOLD and p.advice == "Stay on this size for now."
    assert p.next_level.id == "size-2"
    assert "1 session with pain on this size in the last 14 days" in p.reason


def test_a_pain_stop_counts_as_pain() -> None:
    sessions = [record(TUE, level="size-2", pain_stop=True, checked_in=False, pain=None)]
    assert progress(sessions).outcome is Outcome.HOLD


def test_step_back_after_two_pain_sessions() -> None:
    sessions = [record(MON, level="size-3", pain=True), record(TUE, level="size-3", pain_stop=True)]
    p = progress(sessions)
    assert p.outcome is Outcome.STEP_BACK
    assert p.level.id == "size-3" and p.next_level.id == "size-2"


def test_step_back_on_the_first_level_holds_instead() -> None:
    sessions = [record(MON, pain=True), record(TUE, pain=True)]
    assert progress(sessions).outcome is Outcome.HOLD


def test_once_stepped_back_the_old_pain_does_not_push_further() -> None:
    sessions = [
        record(MON, level="size-3", pain=True),
        record(TUE, level="size-3", pain=True),
        record(WED, level="size-2"),
    ]
    p = progress(sessions, today=WED)
    assert p.outcome is Outcome.KEEP_GOING and p.level.id == "size-2"
    assert p.pain_sessions_in_window == 2


def test_see_clinician_after_three_pain_sessions_at_any_level() -> None:
    sessions = [
        record(days_ago(WED, 12), level="size-3", pain=True),
        record(days_ago(WED, 11), level="size-3", pain=True),
        record(TUE, level="size-2", pain=True),
    ]
    p = progress(sessions)
    assert p.outcome is Outcome.SEE_CLINICIAN and "3 sessions with pain" in p.reason


def test_pain_outside_the_window_no_longer_counts() -> None:
    sessions = [
        record(days_ago(WED, 14), level="size-2", pain=True),  # 15 calendar days: outside 14
        record(TUE, level="size-2"),
        record(WED, level="size-2"),
    ]
    assert progress(sessions).outcome is Outcome.KEEP_GOING
    sessions[0] = record(days_ago(WED, 13), level="size-2", pain=True)  # inside
    assert progress(sessions).outcome is Outcome.HOLD


def test_see_clinician_on_bleeding_within_the_window() -> None:
    sessions = [record(days_ago(WED, 13), bleeding=True), record(TUE), record(WED)]
    p = progress(sessions)
    assert p.outcome is Outcome.SEE_CLINICIAN and p.bleeding_in_window
    assert p.advice == "Pause and see a clinician."
    sessions[0] = record(days_ago(WED, 14), bleeding=True)
    assert progress(sessions).outcome is Outcome.KEEP_GOING


def test_bleeding_ignored_when_the_content_says_so() -> None:
    data = {
        **PROGRAM,
        "progression": {**PROGRAM["progression"], "see_clinician_on_bleeding": False},
    }
    relaxed = Program.model_validate(data)
    sessions = [record(TUE, bleeding=True), record(WED)]
    assert progress(sessions, prog=relaxed).outcome is Outcome.KEEP_GOING


def test_thresholds_come_from_the_content() -> None:
    rules = {
        **PROGRAM["progression"],
        "hold_after_pain_sessions": 2,
        "step_back_after_pain_sessions": 3,
        "see_clinician_after_pain_sessions": 4,
        "move_up_min_sessions": 2,
    }
    custom = Program.model_validate({**PROGRAM, "days_per_level": "3-5", "progression": rules})
    one_pain = [record(MON, level="size-2", pain=True), record(TUE, level="size-2")]
    assert progress(one_pain, prog=custom).outcome is Outcome.KEEP_GOING
    quick = [record(days_ago(WED, 3)), record(days_ago(WED, 2)), record(WED)]
    assert progress(quick, prog=custom).outcome is Outcome.MOVE_UP


@pytest.mark.parametrize(
    ("today", "done", "behind"),
    [
        (MON, 0, False),
        (WED, 0, False),
        (THU, 0, False),  # Thursday and Saturday can still make 2
        (FRI, 0, True),
        (SAT, 0, True),
        (SAT, 1, False),
        (SUN, 1, False),  # one more today makes the target
        (SUN, 0, True),
        (SUN, 2, False),
    ],
)
def test_behind_only_when_it_is_late_enough_in_the_week(
    today: dt.date, done: int, behind: bool
) -> None:
    last_week = steady("size-2", days_ago(MON, 6), 3)
    this_week = [record(MON, level="size-2", hour=7 + i) for i in range(done)]
    p = progress([*last_week, *this_week], today=today)
    assert (p.outcome is Outcome.BEHIND) is behind
    assert p.sessions_this_week == done
    if behind:
        assert p.advice == "Fewer sessions than planned this week."


def test_behind_pace_rule() -> None:
    assert [behind_pace(0, 2, MON + dt.timedelta(days=i)) for i in range(7)] == [
        False,
        False,
        False,
        False,
        True,
        True,
        True,
    ]
    assert behind_pace(1, 3, SUN) and not behind_pace(2, 3, SUN)  # one more today makes 3


def test_the_week_runs_monday_to_sunday_and_counts_only_counting_protocols() -> None:
    sessions = [
        record(days_ago(MON, 1), level="size-2"),  # last Sunday
        record(MON, level="size-2"),
        record(TUE, level=None, counts_as_session=False, protocol_id="drill"),
        record(SUN, level="size-2"),
    ]
    p = progress(sessions, today=SUN)
    assert p.week_start == MON == week_start(SUN) == week_start(MON)
    assert p.sessions_this_week == 2


def test_current_level_follows_the_checkin_and_ignores_unknown_levels() -> None:
    sessions = [
        record(MON, level="size-1"),
        record(TUE, level="size-1")._replace(level_id="size-3"),  # the check-in said size 3
        record(WED, level="retired-size"),  # a level no longer in the content
        record(WED, level=None, counts_as_session=False, hour=11),
    ]
    p = progress(sessions)
    assert p.level.id == "size-3" and p.sessions_on_level == 1


def test_days_on_level_restart_when_returning_to_a_level() -> None:
    sessions = [
        record(days_ago(WED, 20), level="size-2"),
        record(days_ago(WED, 10), level="size-3"),
        record(days_ago(WED, 4), level="size-2"),
        record(days_ago(WED, 4), level=None, counts_as_session=False, hour=12),
        record(WED, level="size-2"),
    ]
    p = progress(sessions)
    assert p.level.id == "size-2" and p.days_on_level == 4 and p.sessions_on_level == 2
    assert p.summary.startswith("Size 2 of 4 · day 5 · ")


def test_future_sessions_are_ignored() -> None:
    p = progress([record(SUN, bleeding=True)], today=WED)
    assert p.outcome is Outcome.BEGIN


def test_level_noun_is_from_the_content() -> None:
    drills = Program.model_validate({**PROGRAM, "level_noun": "hold level"})
    assert progress([], prog=drills).summary.startswith("Hold level 1 of 4 · ")


_levels = st.sampled_from(["size-1", "size-2", "size-3", "size-4", "gone", None])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 60),
            _levels,
            st.booleans(),
            st.booleans(),
            st.booleans(),
            st.booleans(),
        ),
        max_size=30,
    )
)
def test_any_history_gives_a_sound_answer(rows) -> None:
    sessions = [
        record(
            days_ago(SUN, ago),
            level=level,
            pain=pain,
            bleeding=bleeding,
            completed=completed,
            counts_as_session=counts,
        )
        for ago, level, pain, bleeding, completed, counts in rows
    ]
    p = progress(sessions, today=SUN)
    assert 0 <= p.level_index < p.level_count == 4
    assert abs(PROG.levels.index(p.next_level) - p.level_index) <= 1
    assert p.advice or p.outcome is Outcome.BEHIND
    if any(s.bleeding for s in sessions if days_ago(SUN, 13) <= s.day):
        assert p.outcome is Outcome.SEE_CLINICIAN
    if not sessions:
        assert p.outcome is Outcome.BEGIN
