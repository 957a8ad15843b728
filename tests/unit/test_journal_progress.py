"""The programme's figures over a fake calendar: release 1's progression, now content rules.

The rules in tests/snapshots/apps/journal_data.py are the default pack's (content/program.toml)
with short advice texts; these tests are release 1's progression tests, adapted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.journal.figures import compute, counts, week_start
from coach.pack.model import Pack, Program
from coach.pack.validate import validate
from tests.snapshots.apps.journal_data import PROGRAM, pack, record

# A calendar to reason in: Monday 2 March 2026 starts a week.
MON = dt.date(2026, 3, 2)
TUE, WED, THU, FRI, SAT, SUN = (MON + dt.timedelta(days=i) for i in range(1, 7))
PACK = pack()


def with_program(**changes: Any) -> Pack:
    return dataclasses.replace(PACK, program=validate(Program, {**PROGRAM, **changes}))


def days_ago(today: dt.date, n: int) -> dt.date:
    return today - dt.timedelta(days=n)


def progress(sessions, today=WED, p: Pack = PACK, **kw):
    return compute(p, sessions, today, **kw)


def steady(level: str, first: dt.date, count: int, every: int = 2, **fields):
    """``count`` completed, pain-free sessions on ``level`` from ``first``, every ``every`` days."""
    return [
        record(first + dt.timedelta(days=every * i), level=level, **fields) for i in range(count)
    ]


def test_no_sessions_begin() -> None:
    p = progress([])
    assert p.outcome == "begin"
    assert p.advice == "Start with the smallest size."
    assert p.level.id == "size-1" and p.level_index == 0 and p.next_level.id == "size-1"
    # Before any session the plan would start today, a Wednesday: the first week's target
    # is cut to its days now, as it will be after the first session (one rule, not two).
    assert p.summary == "Size 1 of 4 · 0 of 1-2 this week: your plan starts today, Wednesday"
    assert progress([], today=MON).summary == "Size 1 of 4 · 0 of 2-3 this week"
    assert p.last_session is None


def test_only_sessions_that_do_not_count_still_begin() -> None:
    drills = [record(MON, level=None, counts_as_session=False, protocol_id="drill")]
    p = progress(drills)
    assert p.outcome == "begin" and p.done == 0


def test_only_completed_sessions_count_toward_the_week() -> None:
    done = record(MON, level="size-1")
    quit_early = record(TUE, level="size-1", completed=False, finished=False)
    pain_stop = record(TUE, level="size-1", completed=False, pain_stop=True)
    p = progress([done, quit_early, pain_stop])
    assert p.done == 1 == p.done_this_week


def test_a_skipped_through_session_does_not_count() -> None:
    skipped = record(MON, level="size-1", steps_done=0)  # completed, every step skipped
    one_of_two = record(TUE, level="size-1", steps_done=1)  # the protocol has 2 exercise steps
    both = record(TUE, level="size-1", steps_done=2, hour=10)
    assert not counts(skipped, PACK) and not counts(one_of_two, PACK) and counts(both, PACK)
    assert progress([skipped, one_of_two, both]).done == 1


def test_the_content_sets_the_minimum_of_steps() -> None:
    first = dataclasses.replace(PACK.protocols[0], counts_after=1)
    lenient = dataclasses.replace(PACK, protocols=(first, *PACK.protocols[1:]))
    assert counts(record(MON, steps_done=1), lenient)
    assert not counts(record(MON, steps_done=0), lenient)


def test_keep_going() -> None:
    p = progress([record(MON, level="size-2"), record(TUE, level="size-2")])
    assert p.outcome == "keep_going" and p.advice == "You are on track."
    assert p.level.id == "size-2" and p.done == 2
    assert p.summary == "Size 2 of 4 · day 3 · 2 of 2-3 this week"


def test_move_up_after_enough_days_and_pain_free_sessions() -> None:
    sessions = steady("size-1", days_ago(WED, 8), 4, every=2)  # days 0, 2, 4, 6 (8 days ago)
    p = progress(sessions)
    assert p.outcome == "move-up" and p.label == "Ready to move up"
    assert p.next_level.id == "size-2" and p.advice.startswith("You can move up")
    assert p.days_on_level == 8


@pytest.mark.parametrize(
    ("first_days_ago", "count", "fields", "why"),
    [
        (6, 4, {}, "only 6 days on the size"),
        (10, 3, {}, "only 3 sessions"),
        (10, 4, {"completed": False, "finish_reason": "ended"}, "cut short: not pain-free proof"),
        (10, 4, {"finished": False, "completed": False}, "unfinished"),
        (10, 4, {"steps_done": 0}, "skipped through"),
    ],
)
def test_not_yet_moving_up(first_days_ago: int, count: int, fields: dict, why: str) -> None:
    sessions = steady("size-1", days_ago(WED, first_days_ago), count, every=1, **fields)
    sessions.append(record(MON, level="size-1", hour=8))  # one that counts this week
    sessions.append(record(TUE, level="size-1", hour=8))
    p = progress(sessions)  # a Wednesday: never "behind" yet
    if why.startswith("only"):
        assert p.outcome in ("keep_going", "move-up")
        assert p.outcome == "keep_going" or (count + 2 >= 4 and first_days_ago >= 7)
    else:
        assert p.outcome == "keep_going", why


def test_no_move_up_from_the_last_level() -> None:
    sessions = steady("size-4", days_ago(WED, 20), 10, every=2)
    p = progress(sessions)
    assert p.outcome == "keep_going" and p.next_level.id == "size-4"


def test_hold_after_one_pain_session() -> None:
    sessions = [*steady("size-2", days_ago(WED, 10), 5), record(TUE, level="size-2", pain=True)]
    p = progress(sessions)
    assert p.outcome == "hold" and p.advice == "Stay on this size for now."
    assert p.next_level.id == "size-2" and p.urgency == "routine"


def test_a_pain_stop_counts_as_pain() -> None:
    sessions = [record(TUE, level="size-2", pain_stop=True, checked_in=False, pain=None)]
    assert progress(sessions).outcome == "hold"


def test_step_back_after_two_pain_sessions() -> None:
    sessions = [record(MON, level="size-3", pain=True), record(TUE, level="size-3", pain_stop=True)]
    p = progress(sessions)
    assert p.outcome == "step-back"
    assert p.level.id == "size-3" and p.next_level.id == "size-2"


def test_step_back_on_the_first_level_holds_instead() -> None:
    sessions = [record(MON, pain=True), record(TUE, pain=True)]
    assert progress(sessions).outcome == "hold"


def test_once_stepped_back_the_old_pain_does_not_push_further() -> None:
    sessions = [
        record(MON, level="size-3", pain=True),
        record(TUE, level="size-3", pain=True),
        record(WED, level="size-2"),
    ]
    p = progress(sessions, today=WED)
    assert p.outcome == "keep_going" and p.level.id == "size-2"


def test_see_clinician_after_three_pain_sessions_at_any_level() -> None:
    sessions = [
        record(days_ago(WED, 12), level="size-3", pain=True),
        record(days_ago(WED, 11), level="size-3", pain=True),
        record(TUE, level="size-2", pain=True),
    ]
    p = progress(sessions)
    assert p.outcome == "see-clinician" and p.urgency == "soon"


def test_pain_outside_the_window_no_longer_counts() -> None:
    sessions = [
        record(days_ago(WED, 14), level="size-2", pain=True),  # 15 calendar days: outside 14
        record(TUE, level="size-2"),
        record(WED, level="size-2"),
    ]
    assert progress(sessions).outcome == "keep_going"
    sessions[0] = record(days_ago(WED, 13), level="size-2", pain=True)  # inside
    assert progress(sessions).outcome == "hold"


# --- graded bleeding: the one bleeding rule ---------------------------------------------------


def test_spotting_once_steps_back_with_routine_urgency() -> None:
    p = progress([record(TUE, level="size-2"), record(WED, level="size-2", bleeding="spotting")])
    assert p.outcome == "spotting" and p.next_level.id == "size-1" and p.urgency == "routine"
    on_first = progress([record(WED, level="size-1", bleeding="spotting")])
    assert on_first.outcome == "spotting-first-size" and on_first.next_level.id == "size-1"


def test_spotting_twice_in_a_row_books_a_visit() -> None:
    p = progress([record(TUE, bleeding="spotting"), record(WED, bleeding="spotting")])
    assert p.outcome == "spotting-again"
    apart = [record(MON, bleeding="spotting"), record(TUE), record(WED, bleeding="spotting")]
    assert progress(apart).outcome != "spotting-again"  # not in a row
    every = [record(d, bleeding="spotting") for d in (MON, TUE, WED)]
    p = progress(every)
    assert p.outcome == "bleeding-every-session" and p.urgency == "soon"


def test_more_than_spotting_contacts_the_team_and_heavy_is_urgent() -> None:
    more = progress([record(days_ago(WED, 13), bleeding="more"), record(TUE), record(WED)])
    assert more.outcome == "bleeding-more" and more.urgency == "soon"
    heavy = progress([record(TUE), record(WED, bleeding="heavy")])
    assert heavy.outcome == "bleeding-heavy" and heavy.urgency == "urgent"
    old = progress([record(days_ago(WED, 14), bleeding="more"), record(TUE), record(WED)])
    assert old.outcome == "keep_going"  # outside the 14 days


def test_release_1_yes_bleeding_reads_as_at_least_spotting() -> None:
    legacy = record(WED, level="size-2", answers={"comfort": 5, "pain": False, "bleeding": True})
    assert progress([legacy]).outcome == "spotting"


def test_rules_come_from_the_content() -> None:
    custom = with_program(
        rules=[
            {
                "id": "comfortable",
                "label": "Ready to move up",
                "level": "up",
                "advice": "Comfortable three times in a row.",
                "when": {"answers": {"comfort": ">= 7"}, "sessions": 3, "in_a_row": True},
            },
            {
                "id": "pain-2-of-3",
                "label": "Step back",
                "level": "back",
                "urgency": "routine",
                "advice": "Pain in 2 of the last 3.",
                "when": {"answers": {"pain": True}, "sessions": 2, "of_last": 3, "on_level": True},
            },
        ]
    )
    comfy = [record(d, level="size-2", comfort=8) for d in (MON, TUE, WED)]
    assert progress(comfy, p=custom).outcome == "comfortable"
    broken = [*comfy[:2], record(WED, level="size-2", comfort=6)]
    assert progress(broken, p=custom).outcome == "keep_going"
    pains = [
        record(MON, level="size-2", pain=True),
        record(TUE, level="size-2"),
        record(WED, level="size-2", pain=True),
    ]
    p = progress(pains, p=custom)
    assert p.outcome == "pain-2-of-3" and p.next_level.id == "size-1"
    older = [
        record(days_ago(MON, 3), level="size-2", pain=True),
        *pains[1:],
        record(WED, level="size-2", hour=12),
    ]
    assert progress(older, p=custom).outcome != "pain-2-of-3"  # 1 of the last 3


def test_a_rule_on_some_levels_only() -> None:
    custom = with_program(
        rules=[
            {
                "id": "last-size",
                "label": "Maintenance",
                "advice": "Switch to the maintenance session.",
                "when": {"on_levels": ["size-4"]},
            }
        ]
    )
    assert progress([record(WED, level="size-4")], p=custom).outcome == "last-size"
    assert progress([record(WED, level="size-3")], p=custom).outcome == "keep_going"


# --- the plan's pace --------------------------------------------------------------------------


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
    assert (p.outcome == "behind") is behind
    assert p.done == done
    if behind:
        assert p.advice == "Fewer sessions than planned this week."


def test_a_first_week_that_starts_mid_week_is_judged_fairly() -> None:
    first = [record(THU, level="size-1")]  # the programme starts on a Thursday
    p = progress(first, today=SUN)
    assert p.first_partial_from == THU
    assert str(p.target_now) == "1-2"  # 4 days of a 2-3 a week plan
    assert p.outcome == "keep_going" and not p.behind
    assert p.done_text == "1 of 1-2 this week: your plan started on Thursday"
    # The same target before that first session, on that Thursday: it does not jump.
    assert str(progress([], today=THU).target_now) == "1-2"
    # The week after is a whole week again.
    q = progress(first, today=SUN + dt.timedelta(days=7))
    assert str(q.target_now) == "2-3" and q.behind


def test_per_day_frequency() -> None:
    daily = with_program(plan={"sessions": "3", "per": "day"})
    today = [record(WED, hour=h) for h in (8, 13)]
    p = progress(today, p=daily)
    assert p.per == "day" and p.done_text == "2 of 3 today"
    assert p.due_next == "1 more session today, at Size 1 (smallest)."
    assert not p.behind  # the first day: nothing before it
    yesterday_short = [record(TUE, hour=9), *today]
    assert progress(yesterday_short, p=daily).behind
    full = [record(TUE, hour=h) for h in (8, 12, 18)]
    assert not progress([*full, *today], p=daily).behind


def test_a_counted_activity_counts_and_one_that_does_not_is_logged_only() -> None:
    from coach.journal.records import ActivityRecord

    def act(day: dt.date, counts: bool) -> ActivityRecord:
        return ActivityRecord(
            1, "test-pack", "x", "X", counts, day, dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
        )

    p = progress([record(MON)], activities=[act(TUE, True), act(TUE, False)])
    assert p.done == 2


def test_start_date_with_a_window_and_a_plan_length() -> None:
    dated = with_program(
        plan={
            "sessions": "2-3",
            "per": "week",
            "start": {"ask": "When did your treatment end?", "window": "2-8 weeks"},
            "length": "12 weeks",
            "review_after": "6 weeks",
        }
    )
    unset = progress([], p=dated)
    assert unset.standing.given is None
    assert unset.due_next.startswith("Set your start date")
    # ...and the count beside it says so too, never "your plan starts today"
    assert unset.done_text == "not started: your start date is not set yet"
    assert "starts today" not in unset.summary
    ended = dt.date(2026, 2, 23)  # 9 days before WED
    early = progress([], p=dated, start_given=ended)
    assert early.standing.window_from == dt.date(2026, 3, 9)
    assert early.standing.window_to == dt.date(2026, 4, 20)
    assert "not yet" in " ".join(early.standing.lines(WED))
    ready = progress([], p=dated, start_given=ended, today=dt.date(2026, 3, 10))
    assert "you can start now" in " ".join(ready.standing.lines(dt.date(2026, 3, 10)))
    late = dt.date(2026, 5, 1)
    assert "has passed" in " ".join(
        progress([], p=dated, start_given=ended, today=late).standing.lines(late)
    )
    going = progress([record(MON)], p=dated, start_given=ended)
    assert going.standing.started == MON
    assert going.standing.ends == MON + dt.timedelta(weeks=12)
    assert going.standing.review == MON + dt.timedelta(weeks=6)
    text = " ".join(going.standing.lines(WED))
    assert "Planned until 25 May 2026" in text and "Review due 13 Apr 2026" in text
    due = going.standing.lines(MON + dt.timedelta(weeks=7))
    assert any(line.startswith("Review due since") for line in due)


def test_the_week_runs_monday_to_sunday_and_counts_only_counting_protocols() -> None:
    sessions = [
        record(days_ago(MON, 1), level="size-2"),  # last Sunday
        record(MON, level="size-2"),
        record(TUE, level=None, counts_as_session=False, protocol_id="drill"),
        record(SUN, level="size-2"),
    ]
    p = progress(sessions, today=SUN)
    assert MON == week_start(SUN) == week_start(MON)
    assert p.done == 2


def test_another_packs_sessions_never_count() -> None:
    theirs = record(MON, level="size-1")._replace(pack_id="other")
    assert progress([theirs]).done == 0 and progress([theirs]).outcome == "begin"


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
    p = progress([record(SUN, bleeding="heavy")], today=WED)
    assert p.outcome == "begin"


def test_level_noun_is_from_the_content() -> None:
    drills = with_program(level_noun="hold level")
    assert progress([], p=drills).summary.startswith("Hold level 1 of 4 · ")


_levels = st.sampled_from(["size-1", "size-2", "size-3", "size-4", "gone", None])
_bleeding = st.sampled_from(["none", "spotting", "more", "heavy", True, False])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 60),
            _levels,
            st.booleans(),
            _bleeding,
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
            counts_as_session=counts_,
        )
        for ago, level, pain, bleeding, completed, counts_ in rows
    ]
    p = progress(sessions, today=SUN)
    assert 0 <= p.level_index < p.level_count == 4
    assert abs(PACK.program.levels.index(p.next_level) - p.level_index) <= 1
    assert p.advice
    recent = [s for s in sessions if days_ago(SUN, 13) <= s.day]
    if (
        any(s.answers.get("bleeding") == "heavy" for s in recent[-1:])
        and recent[-1:] == sorted(sessions, key=lambda s: s.started)[-1:]
    ):
        assert p.outcome == "bleeding-heavy"
    if not sessions:
        assert p.outcome == "begin"
