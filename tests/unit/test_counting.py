"""What counts toward the plan: the one rule (coach.engine.counting), judged by the engine,
kept by the journal, read by the figures; on a fake clock with exact figures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from coach.engine.clock import FakeClock
from coach.engine.counting import DONE, LEFT_OUT, SHORT, SKIPPED, CountRule
from coach.engine.events import EventKind
from coach.engine.session import Session
from coach.journal.figures import counts
from coach.journal.store import Journal
from coach.session.run import SessionRun
from tests.unit.packs import PROGRAM, mini_pack
from tests.unit.test_engine import Recorder, attempts, info, intervals, protocol, timed

# A warm bath first (optional, as the content says), a 5-minute intervals step, a hold.
BATH = timed("bath", "10m", required=False)
SQUEEZE = intervals("squeeze", 20)  # 20 x (5 s + 10 s) = 5 minutes
HOLD = timed("hold", "1-2m")


def session(*steps: dict[str, Any], **extra: Any) -> tuple[Session, FakeClock, Recorder]:
    clock = FakeClock()
    run = Session(protocol(*steps, **extra), clock)
    recorder = Recorder()
    run.subscribe(recorder)
    run.start()
    return run, clock, recorder


def last_step(recorder: Recorder) -> dict[str, Any]:
    return dict([e for e in recorder.events if e.kind is EventKind.STEP][-1].data)


def finished(recorder: Recorder) -> dict[str, Any]:
    (event,) = [e for e in recorder.events if e.kind is EventKind.FINISHED]
    return dict(event.data)


def test_every_step_done_for_its_time_counts() -> None:
    run, clock, recorder = session(info("intro"), BATH, SQUEEZE, HOLD)
    run.next()  # reading the intro: an info step, optional where there is exercise
    clock.advance(600)
    run.next()
    clock.advance(300)
    run.next()
    clock.advance(60)  # a range's minimum is enough
    run.next()
    data = finished(recorder)
    assert (data["counts"], data["why_not"]) == (True, "")
    assert (data["steps_done"], data["steps_short"], data["steps_skipped"]) == (4, 0, 0)


def test_enter_at_zero_seconds_on_a_five_minute_intervals_step_is_not_done() -> None:
    run, clock, recorder = session(SQUEEZE, HOLD)
    run.next()  # at 0 s: the engine lets it go, but not as done
    view = run.view()
    assert ("squeeze", SHORT) in view.outcomes
    assert view.steps_done == 0 and view.steps_short == 1
    assert not view.can_count.counts
    assert view.can_count.why_not == "'Squeeze' was left before it was done"
    clock.advance(120)
    run.next()
    assert finished(recorder)["counts"] is False


def test_the_front_end_refuses_next_before_the_minimum_and_says_what_skipping_costs(
    tmp_path: Path,
) -> None:
    pack = mini_pack(tmp_path / "mini")
    clock = FakeClock()
    run = SessionRun(pack, pack.default_protocol, clock=clock)
    run.start()
    run.next()  # the checklist: no clock
    assert run.session.view().step.id == "in-out"
    wait = run.done()  # Enter at 0 s on the 30 s intervals step
    assert wait is not None
    assert (wait.after, wait.to_go, wait.costs_count) == (30, 30, True)
    assert wait.text("Type").endswith(
        "Type s to skip anyway, but then this session won't count toward your plan."
    )
    assert run.session.view().step.id == "in-out"  # still there
    clock.advance(30)
    assert run.done() is None
    assert ("in-out", DONE) in run.session.view().outcomes


def test_a_tenth_of_a_minute_session_does_not_count() -> None:
    run, clock, recorder = session(BATH, SQUEEZE, HOLD)
    clock.advance(6)
    run.finish(completed=False)
    data = finished(recorder)
    assert data["counts"] is False
    assert data["why_not"] == "it was ended early"


def test_skipping_every_exercise_and_entering_through_the_info_steps_does_not_count() -> None:
    run, _, recorder = session(info("intro"), SQUEEZE, HOLD, info("after"))
    run.next()
    run.skip()
    assert last_step(recorder)["count_lost"] == "'Squeeze' was skipped"  # said at once, once
    run.skip()
    assert "count_lost" not in last_step(recorder)
    run.next()
    data = finished(recorder)
    assert (data["counts"], data["why_not"]) == (False, "'Squeeze' was skipped")
    assert data["steps_skipped"] == 2


def test_an_optional_step_left_out_is_not_skipped_and_the_session_still_counts() -> None:
    run, clock, recorder = session(BATH, SQUEEZE)
    run.skip()  # no bath today
    assert "count_lost" not in last_step(recorder)
    clock.advance(300)
    run.next()
    data = finished(recorder)
    assert data["counts"] is True
    assert (data["steps_skipped"], data["steps_left_out"], data["steps_done"]) == (0, 1, 1)


def test_going_back_and_doing_a_skipped_step_makes_the_session_count_again() -> None:
    run, clock, recorder = session(SQUEEZE, HOLD)
    run.skip()
    assert not run.view().can_count.counts
    run.back()
    clock.advance(300)
    run.next()
    assert run.view().can_count.counts
    clock.advance(120)
    run.next()
    assert finished(recorder)["counts"] is True


def test_pain_never_counts() -> None:
    run, clock, recorder = session(SQUEEZE)
    clock.advance(300)
    run.pain_stop()
    assert finished(recorder)["counts"] is False


def test_info_steps_never_satisfy_counts_after() -> None:
    steps = (info("read"), info("more"), SQUEEZE, HOLD)
    run, _clock, recorder = session(*steps, counts_after=1)
    run.next()
    run.next()  # two info steps done: reading is not the exercise
    assert run.view().can_count.counts  # one exercise step can still be done
    run.skip()
    assert "count_lost" not in last_step(recorder)
    run.skip()
    data = finished(recorder)
    assert data["counts"] is False
    assert "exercise steps" in data["why_not"]


def test_counts_after_one_of_two_exercise_steps() -> None:
    run, clock, recorder = session(SQUEEZE, HOLD, counts_after=1)
    run.skip()
    clock.advance(60)
    run.next()
    assert finished(recorder)["counts"] is True


def test_an_info_only_routine_counts_only_when_read_through() -> None:
    run, _, recorder = session(info("one"), info("two"))
    run.skip()
    run.next()
    assert finished(recorder)["counts"] is False  # each step of a reading routine is required
    run, _, recorder = session(info("one"), info("two"))
    run.next()
    run.next()
    assert finished(recorder)["counts"] is True


def test_a_routine_that_never_counts_says_so() -> None:
    run, clock, recorder = session(SQUEEZE, counts_as_session=False)
    clock.advance(300)
    run.next()
    data = finished(recorder)
    assert data["counts"] is False and "never counts" in data["why_not"]


def test_the_content_is_checked() -> None:
    with pytest.raises(ValidationError, match="counts_after is 3"):
        protocol(info("a"), SQUEEZE, HOLD, counts_after=3)
    with pytest.raises(ValidationError, match="cannot be 'required'"):
        protocol(SQUEEZE, info("reset", branch_only=True, required=True))


def test_a_step_marked_required_must_be_done_even_with_counts_after() -> None:
    run, _clock, recorder = session(info("warm-up", required=True), SQUEEZE, counts_after=1)
    run.skip()
    assert last_step(recorder)["count_lost"] == "'Warm-Up' was skipped"


def test_the_journal_keeps_the_verdict_and_the_figures_read_it(tmp_path: Path) -> None:
    pack = mini_pack(tmp_path / "mini", program=PROGRAM)
    clock = FakeClock()
    with Journal.open(tmp_path / "journal.sqlite3") as journal:
        for finish in ("skip", "done"):
            run = SessionRun(pack, pack.default_protocol, clock=clock, journal=journal)
            run.start()
            run.next()  # the checklist
            if finish == "skip":
                run.skip()
            else:
                clock.advance(30)
                run.next()
            for _ in range(4):
                run.done()  # 4 tries of 4-6
            clock.advance(180)
            run.next()
            assert run.close(timeout=10) == 0
        skipped, done = sorted(journal.sessions(), key=lambda s: s.started)
    assert (skipped.completed, skipped.counted, counts(skipped, pack)) == (True, False, False)
    assert (done.counted, counts(done, pack)) == (True, True)


@settings(max_examples=60, deadline=None)
@given(
    moves=st.lists(
        st.tuples(st.sampled_from(["next", "skip", "back"]), st.sampled_from([0, 10, 400])),
        max_size=12,
    )
)
def test_a_counted_session_did_every_required_step_in_full(moves: list[tuple[str, int]]) -> None:
    steps = (info("intro"), BATH, SQUEEZE, HOLD)
    run, clock, recorder = session(*steps)
    rule = CountRule(protocol(*steps))
    for command, seconds in moves:
        clock.advance(seconds)
        getattr(run, command)()
    run.finish(completed=False)
    outcomes = dict(run.view().outcomes)
    data = finished(recorder)
    required = {"squeeze", "hold"}
    assert {s.id for s in protocol(*steps).steps if rule.required(s)} == required
    if data["counts"]:
        assert all(outcomes.get(step) == DONE for step in required)
    assert outcomes.get("bath") in (None, DONE, SHORT, LEFT_OUT)
    assert SKIPPED not in (outcomes.get("intro"), outcomes.get("bath"))


def test_an_attempts_step_is_done_after_its_time_with_a_try_however_few() -> None:
    """The tries expected ("4-6") are what is usual, not a minimum: a muscle that lets go at
    the second try has done the step; no try at all has not."""
    tries = attempts("insert", "4-6", duration="3-5m")
    run, clock, recorder = session(tries, info("after"))
    clock.advance(180)
    run.next()
    assert ("insert", SHORT) in run.view().outcomes
    assert "'Insert' was left before it was done" in last_step(recorder)["count_lost"]
    run.back()
    run.attempt()
    run.attempt()
    clock.advance(180)
    run.next()
    assert ("insert", DONE) in run.view().outcomes
    run.next()
    assert finished(recorder)["counts"] is True
