"""The session engine, command by command and rule by rule, on a fake clock with exact figures."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from typing import Any

import pytest

from coach.engine.clock import FakeClock
from coach.engine.events import Event, EventKind
from coach.engine.session import Session
from coach.engine.view import FinishReason, Status
from coach.pack.model import Protocol
from coach.pack.validate import validate

K = EventKind


def protocol(*steps: dict[str, Any], **extra: Any) -> Protocol:
    return validate(Protocol, {"id": "p", "title": "Practice", "steps": list(steps), **extra})


def info(step_id: str, **extra: Any) -> dict[str, Any]:
    return {"kind": "info", "id": step_id, "title": step_id.title(), **extra}


def timed(step_id: str, duration: str | float, **extra: Any) -> dict[str, Any]:
    return {"kind": "timed", "id": step_id, "title": step_id.title(), "duration": duration, **extra}


def attempts(step_id: str, expected: str | int, **extra: Any) -> dict[str, Any]:
    return {
        "kind": "attempts",
        "id": step_id,
        "title": step_id.title(),
        "attempts": expected,
        **extra,
    }


def intervals(step_id: str, reps: int, **extra: Any) -> dict[str, Any]:
    phases = [
        {"name": "squeeze", "duration": "5s", "tone": "hold"},
        {"name": "relax", "duration": "10s", "tone": "relax"},
    ]
    return {
        "kind": "intervals",
        "id": step_id,
        "title": step_id.title(),
        "phases": phases,
        "repetitions": reps,
        **extra,
    }


class Recorder:
    def __init__(self) -> None:
        self.events: list[Event] = []

    def __call__(self, event: Event) -> None:
        self.events.append(event)

    def kinds(self) -> list[EventKind]:
        return [event.kind for event in self.events]

    def take(self) -> list[Event]:
        taken, self.events = self.events, []
        return taken


def run(*steps: dict[str, Any], start: bool = True) -> tuple[Session, FakeClock, Recorder]:
    clock = FakeClock()
    session = Session(protocol(*steps), clock)
    recorder = Recorder()
    session.subscribe(recorder)
    if start:
        session.start()
    return session, clock, recorder


def summary(events: list[Event]) -> list[tuple[str, float, str]]:
    """(kind, seconds since the fake clock's origin, step id): easy to compare exactly."""
    return [(str(event.kind), event.at - 1000.0, event.step_id) for event in events]


# --- starting ----------------------------------------------------------------------------------


def test_before_start_the_view_shows_the_first_main_step_at_rest() -> None:
    session, clock, recorder = run(
        info("hidden", branch_only=True), timed("hold", "2m"), start=False
    )
    clock.advance(30)
    view = session.view()
    assert view.status is Status.NOT_STARTED
    assert not view.started
    assert view.step.id == "hold"
    assert view.step_index == 1
    assert (view.position, view.total) == (1, 1)
    assert view.step_elapsed == 0
    assert view.step_remaining == 120
    assert view.active_total == view.wall_total == 0
    assert recorder.events == []


def test_start_announces_the_protocol_then_the_first_step() -> None:
    session, _, recorder = run(info("intro"), timed("hold", "1m"), info("end", branch_only=True))
    first, second = recorder.events
    assert first.kind is K.STARTED
    assert dict(first.data) == {"protocol_id": "p", "protocol_title": "Practice", "steps": 2}
    assert second.kind is K.STEP
    assert second.data["via"] == "start"
    assert second.step_id == "intro"
    assert first.wall == dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
    assert session.view().status is Status.RUNNING


def test_commands_before_start_are_ignored() -> None:
    session, clock, recorder = run(attempts("a", "2-3"), info("b"), start=False)
    for command in (
        session.next,
        session.back,
        session.skip,
        session.pause,
        session.resume,
        session.toggle_pause,
        session.attempt,
        session.resistance,
        session.tick,
    ):
        command()
    clock.advance(5)
    assert recorder.events == []
    assert session.view().status is Status.NOT_STARTED


def test_start_twice_is_ignored() -> None:
    session, clock, recorder = run(info("a"))
    clock.advance(5)
    session.start()
    assert recorder.kinds() == [K.STARTED, K.STEP]
    assert session.view().active_total == 5


# --- time -------------------------------------------------------------------------------------


def test_fixed_duration_fires_time_up_once_at_its_end() -> None:
    session, clock, recorder = run(timed("hold", "90s"))
    recorder.take()
    clock.advance(89.5)
    assert session.tick() == []
    view = session.view()
    assert view.step_remaining == 0.5
    assert view.window is None
    assert not view.time_up
    assert not view.min_reached  # a fixed duration's minimum is its end
    clock.advance(0.5)
    fired = session.tick()
    assert summary(fired) == [("time_up", 90.0, "hold")]
    assert dict(fired[0].data) == {"seconds": 90.0}
    assert recorder.events == fired  # listeners heard the same events
    clock.advance(100)
    assert session.tick() == []
    view = session.view()
    assert view.step_remaining == 0
    assert view.step_elapsed == 190
    assert view.time_up and view.min_reached


def test_range_fires_min_reached_at_low_and_time_up_at_high() -> None:
    session, clock, recorder = run(timed("hold", "3-5m"))
    recorder.take()
    clock.advance(179)
    session.tick()
    view = session.view()
    assert view.window == (180, 300)
    assert view.step_remaining == 121  # until the maximum
    assert not view.min_reached
    clock.advance(1)
    session.tick()
    assert session.view().min_reached
    assert not session.view().time_up
    clock.advance(120)
    session.tick()
    clock.advance(60)
    session.tick()
    assert summary(recorder.events) == [("min_reached", 180, "hold"), ("time_up", 300, "hold")]
    assert dict(recorder.events[0].data) == {"low": 180.0, "high": 300.0}
    assert session.view().time_up


def test_a_late_tick_fires_everything_due_in_order_stamped_when_due() -> None:
    cues = [{"at": "4m", "say": "nearly"}, {"at": "1m", "say": "breathe"}]
    session, clock, recorder = run(timed("hold", "3-5m", cues=cues))
    recorder.take()
    clock.advance(3600)  # the laptop slept for an hour
    fired = session.tick()
    assert [(str(e.kind), e.at - 1000, e.active) for e in fired] == [
        ("cue", 60, 60),
        ("min_reached", 180, 180),
        ("cue", 240, 240),
        ("time_up", 300, 300),
    ]
    assert [e.data.get("say") for e in fired if e.kind is K.CUE] == ["breathe", "nearly"]
    assert fired[0].wall == dt.datetime(2026, 1, 5, 9, 1, tzinfo=dt.UTC)
    assert session.tick() == []


def test_time_comes_from_the_clock_not_from_counting_ticks() -> None:
    busy, busy_clock, _ = run(timed("hold", "1m"))
    idle, idle_clock, _ = run(timed("hold", "1m"))
    for _ in range(200):  # a busy screen ticks often...
        busy_clock.advance(0.25)
        busy.tick()
    idle_clock.advance(50)  # ...an idle one rarely: same clock, same figures
    idle.tick()
    assert busy.view().step_elapsed == idle.view().step_elapsed == 50
    assert busy.view().active_total == idle.view().active_total == 50


def test_pause_excludes_time_from_the_step_and_the_session() -> None:
    session, clock, recorder = run(timed("hold", "1m"))
    clock.advance(20)
    session.pause()
    clock.advance(300)
    view = session.view()
    assert view.status is Status.PAUSED
    assert view.paused_for == 300
    assert view.step_elapsed == 20
    assert view.active_total == 20
    assert view.wall_total == 320
    assert session.tick() == []  # time up does not come while paused
    session.resume()
    resumed = recorder.events[-1]
    assert resumed.kind is K.RESUMED
    assert dict(resumed.data) == {"paused_for": 300}
    clock.advance(40)
    (time_up,) = session.tick()
    assert time_up.at - 1000 == 360
    assert time_up.active == 60
    view = session.view()
    assert (view.active_total, view.wall_total, view.paused_total, view.paused_for) == (
        60,
        360,
        300,
        0,
    )


def test_pause_and_resume_are_idempotent_and_toggle_flips() -> None:
    session, clock, recorder = run(info("a"))
    recorder.take()
    session.resume()
    session.pause()
    session.pause()
    clock.advance(10)
    session.toggle_pause()
    session.toggle_pause()
    assert recorder.kinds() == [K.PAUSED, K.RESUMED, K.PAUSED]
    assert session.view().paused


def test_moving_while_paused_keeps_the_pause_and_the_new_step_waits() -> None:
    session, clock, recorder = run(
        info("a"), timed("hold", "30s", cues=[{"at": "10s", "say": "x"}])
    )
    session.pause()
    session.next()
    clock.advance(100)
    session.tick()
    view = session.view()
    assert view.paused and view.step.id == "hold"
    assert view.step_elapsed == 0
    session.resume()
    clock.advance(30)
    session.tick()
    assert summary(recorder.events)[-2:] == [("cue", 110, "hold"), ("time_up", 130, "hold")]


def test_a_clock_that_runs_backwards_never_makes_time_go_back() -> None:
    class Jumpy(FakeClock):
        def step_back(self, seconds: float) -> None:
            self._mono -= seconds

    clock = Jumpy()
    session = Session(protocol(timed("hold", "1m")), clock)
    session.start()
    clock.advance(30)
    assert session.view().step_elapsed == 30
    clock.step_back(20)
    assert session.view().step_elapsed == 30
    clock.advance(25)
    assert session.view().step_elapsed == 35


# --- moving between steps ---------------------------------------------------------------------


def test_next_moves_on_and_records_the_step_done() -> None:
    session, clock, recorder = run(info("a"), info("hidden", branch_only=True), timed("b", "1m"))
    recorder.take()
    clock.advance(12)
    session.next()
    (step,) = recorder.events
    assert step.kind is K.STEP
    assert step.step_id == "b"
    assert dict(step.data) == {
        "via": "next",
        "kind": "timed",
        "title": "B",
        "left": "a",
        "outcome": "done",
    }
    view = session.view()
    assert (view.position, view.total, view.step_index) == (2, 2, 2)
    assert view.step_elapsed == 0
    assert view.steps_done == 1
    assert view.outcomes == (("a", "done"),)


def test_next_from_the_last_step_finishes_completed() -> None:
    session, clock, recorder = run(info("a"), info("b"))
    clock.advance(10)
    session.next()
    clock.advance(15)
    session.next()
    finished = recorder.events[-1]
    assert finished.kind is K.FINISHED
    assert dict(finished.data) == {
        "completed": True,
        "reason": "done",
        "active_total": 25,
        "wall_total": 25,
        "steps_done": 2,
        "steps_skipped": 0,
        "steps_short": 0,
        "steps_left_out": 0,
        "attempts": 0,
        "resistances": 0,
        "counts": True,  # a protocol of info steps only: each is required, and each was done
        "why_not": "",
    }
    view = session.view()
    assert view.finished and view.completed
    assert view.finish_reason is FinishReason.DONE


def test_back_restarts_the_previous_steps_clock_and_keeps_its_tries() -> None:
    session, clock, recorder = run(
        attempts("a", "2-3", duration="1m"), timed("b", "30s"), info("c")
    )
    session.attempt()
    clock.advance(70)
    session.tick()  # a's time is up
    session.next()
    clock.advance(5)
    recorder.take()
    session.back()
    (step,) = recorder.events
    assert step.data["via"] == "back"
    assert step.data["left"] == "b"
    view = session.view()
    assert view.step.id == "a"
    # The clock starts afresh; the step's tries are its own and carry over (one count).
    assert (view.attempts, view.step_elapsed, view.time_up) == (1, 0, False)
    assert view.attempts_total == 1
    clock.advance(60)
    assert [e.kind for e in session.tick()] == [K.TIME_UP]  # fires again: a fresh attempt


def test_back_from_the_first_step_does_nothing() -> None:
    session, clock, recorder = run(info("hidden", branch_only=True), timed("a", "1m"), info("b"))
    recorder.take()
    clock.advance(20)
    session.back()
    assert recorder.events == []
    assert session.view().step_elapsed == 20


def test_skip_moves_on_recorded_as_skipped() -> None:
    session, _, recorder = run(info("a"), info("b"), info("c"))
    session.skip()
    assert recorder.events[-1].data["via"] == "skip"
    session.next()
    view = session.view()
    assert (view.steps_done, view.steps_skipped) == (1, 1)
    assert view.outcomes == (("a", "skipped"), ("b", "done"))
    session.skip()
    assert session.view().finish_reason is FinishReason.DONE


# --- attempts ---------------------------------------------------------------------------------


def test_attempts_count_against_the_expected_range() -> None:
    session, clock, recorder = run(attempts("insert", "4-6"), info("b"))
    recorder.take()
    for _ in range(3):
        clock.advance(10)
        session.attempt()
    assert [e.data["attempts"] for e in recorder.events] == [1, 2, 3]
    assert dict(recorder.events[-1].data) == {"attempts": 3, "expected_low": 4, "expected_high": 6}
    view = session.view()
    assert view.attempts == view.attempts_total == 3
    assert view.attempts_expected is not None
    assert (view.attempts_expected.low, view.attempts_expected.high) == (4, 6)
    assert view.step_remaining is None  # no duration: untimed
    assert view.min_reached and not view.time_up


def test_a_steps_tries_survive_back_and_forward() -> None:
    """Issue 21: 2 tries, back, forward, 4 more: the step says 6, as the journal does."""
    session, _, recorder = run(info("prepare"), attempts("insert", "4-6"), info("rest"))
    session.next()
    session.attempt()
    session.attempt()
    session.back()
    assert session.view().step.id == "prepare"
    session.next()
    assert session.view().attempts == 2
    for _ in range(4):
        session.attempt()
    view = session.view()
    assert view.attempts == view.attempts_total == 6
    assert [e.data["attempts"] for e in recorder.events if e.kind is K.ATTEMPT] == [
        1,
        2,
        3,
        4,
        5,
        6,
    ]
    session.next()
    session.next()
    finished = recorder.events[-1]
    assert finished.kind is K.FINISHED and finished.data["attempts"] == 6


def test_attempt_on_other_steps_is_ignored() -> None:
    session, _, recorder = run(timed("hold", "1m"))
    recorder.take()
    session.attempt()
    assert recorder.events == []
    assert session.view().attempts_total == 0
    assert session.view().attempts_expected is None


def test_attempts_step_with_a_duration_is_timed_too() -> None:
    session, clock, recorder = run(attempts("insert", 3, duration="2-4m"))
    recorder.take()
    clock.advance(100)
    session.attempt()
    clock.advance(200)
    session.attempt()
    assert summary(recorder.events) == [
        ("attempt", 100, "insert"),
        ("min_reached", 120, "insert"),
        ("time_up", 240, "insert"),  # the command ticks first: time up comes before the try
        ("attempt", 300, "insert"),
    ]
    assert session.view().step_remaining == 0


# --- resistance and branches ------------------------------------------------------------------


def branching() -> tuple[Session, FakeClock, Recorder]:
    return run(
        info("intro"),
        attempts(
            "insert", "4-6", duration="5m", on_resistance="breathe", cues=[{"at": "2m", "say": "c"}]
        ),
        timed("breathe", "1m", branch_only=True),
        info("rest"),
    )


def test_resistance_follows_the_branch_and_next_returns_keeping_attempts() -> None:
    session, clock, recorder = branching()
    session.next()
    clock.advance(30)
    session.attempt()
    session.attempt()
    clock.advance(10)
    recorder.take()
    session.resistance()
    resistance, step = recorder.take()
    assert resistance.kind is K.RESISTANCE
    assert dict(resistance.data) == {"branch_to": "breathe"}
    assert resistance.step_id == "insert"
    assert (step.kind, step.step_id, step.data["via"]) == (K.STEP, "breathe", "branch")
    view = session.view()
    assert view.in_branch
    assert view.returns_to == 1
    assert view.returns_to_title == "Insert"
    assert (view.position, view.total) == (2, 3)  # still "step 2 of 3": the branch is a detour
    assert view.resistances == 1

    clock.advance(200)  # the origin's clock stands still during the branch
    session.next()
    assert [(str(e.kind), e.step_id) for e in recorder.take()] == [
        ("time_up", "breathe"),
        ("step", "insert"),
    ]
    view = session.view()
    assert not view.in_branch
    assert view.step.id == "insert"
    assert view.attempts == 2
    assert view.step_elapsed == 40
    assert view.step_resistances == 1
    assert ("breathe", "done") in view.outcomes
    assert view.steps_done == 1  # the branch is not a main step
    clock.advance(80)
    (cue,) = session.tick()
    assert (cue.kind, cue.at - 1000, cue.active) == (K.CUE, 320, 320)


def test_returning_does_not_fire_the_origins_events_again() -> None:
    session, clock, recorder = branching()
    session.next()
    clock.advance(130)
    session.tick()  # the cue at 2m fired
    session.resistance()
    session.back()  # back from a branch also returns
    assert recorder.events[-1].data["via"] == "return"
    clock.advance(60)
    assert session.tick() == []
    assert [e.kind for e in recorder.events].count(K.CUE) == 1


def test_resistance_without_a_branch_is_only_recorded() -> None:
    session, _, recorder = run(timed("hold", "1m"))
    recorder.take()
    session.resistance()
    session.resistance()
    assert [(e.kind, dict(e.data)) for e in recorder.events] == [
        (K.RESISTANCE, {"branch_to": None}),
        (K.RESISTANCE, {"branch_to": None}),
    ]
    assert session.view().resistances == 2
    assert not session.view().in_branch


def test_a_branch_that_would_loop_is_only_recorded() -> None:
    session, _, recorder = run(
        info("a", on_resistance="b"),
        info("b", branch_only=True, on_resistance="a"),
        info("c", on_resistance="c"),
    )
    session.resistance()
    recorder.take()
    session.resistance()  # b -> a would loop back into the origin
    assert [(e.kind, dict(e.data)) for e in recorder.events] == [
        (K.RESISTANCE, {"branch_to": None})
    ]
    session.next()
    session.next()
    recorder.take()
    session.resistance()  # c -> c: itself
    assert recorder.kinds() == [K.RESISTANCE]


def test_skip_in_a_branch_returns_and_records_the_branch_skipped() -> None:
    session, _, recorder = branching()
    session.next()
    session.resistance()
    session.skip()
    assert recorder.events[-1].data["via"] == "return"
    # A branch step is never required: skipped, it is left out (it cannot change the count).
    assert ("breathe", "left_out") in session.view().outcomes


# --- intervals --------------------------------------------------------------------------------


def test_intervals_change_phase_by_themselves_then_time_up() -> None:
    session, clock, recorder = run(intervals("kegel", 2))
    assert recorder.kinds() == [K.STARTED, K.STEP, K.PHASE]  # the first phase comes with the step
    recorder.take()
    view = session.view()
    assert view.phase is not None
    assert (view.phase.name, view.phase.tone, view.phase.repetition) == ("squeeze", "hold", 1)
    assert view.step_length == 30
    clock.advance(7)
    session.tick()
    view = session.view()
    assert view.phase is not None
    assert (view.phase.name, view.phase.remaining, view.phase.repetitions) == ("relax", 8, 2)
    clock.advance(100)
    session.tick()
    assert [(str(e.kind), e.at - 1000) for e in recorder.events] == [
        ("phase", 5),
        ("phase", 15),
        ("phase", 20),
        ("time_up", 30),
    ]
    phases = [dict(e.data) for e in recorder.events if e.kind is K.PHASE]
    assert phases[1] == {"phase": "squeeze", "tone": "hold", "index": 0, "repetition": 2, "of": 2}
    assert session.view().phase is None
    assert session.view().time_up


def test_the_first_phase_is_announced_right_after_the_step() -> None:
    session, _, recorder = run(info("a"), intervals("kegel", 1))
    recorder.take()
    session.next()
    assert recorder.kinds() == [K.STEP, K.PHASE]


# --- cues -------------------------------------------------------------------------------------


def test_cues_fire_once_at_their_offsets_and_the_next_is_shown() -> None:
    cues = [{"before_end": "30s", "say": "half a minute"}, {"at": "10s", "say": "relax"}]
    session, clock, recorder = run(timed("hold", "2m", cues=cues))
    recorder.take()
    view = session.view()
    assert view.next_cue is not None
    assert (view.next_cue.say, view.next_cue.due_in) == ("relax", 10)
    clock.advance(10)
    session.tick()
    session.tick()
    view = session.view()
    assert view.next_cue is not None
    assert (view.next_cue.say, view.next_cue.due_in) == ("half a minute", 80)
    clock.advance(80)
    session.tick()
    assert [(e.data["say"], e.at - 1000) for e in recorder.events] == [
        ("relax", 10),
        ("half a minute", 90),
    ]
    assert session.view().next_cue is None


def test_cues_on_an_untimed_step() -> None:
    session, clock, recorder = run(info("read", cues=[{"at": "1m", "say": "take your time"}]))
    recorder.take()
    clock.advance(61)
    assert [e.data["say"] for e in session.tick()] == ["take your time"]


def test_events_due_at_the_same_second_come_phase_cue_min_time_up() -> None:
    session, clock, _ = run(
        timed("hold", "1-2m", cues=[{"at": "1m", "say": "a"}, {"before_end": "1m", "say": "b"}])
    )
    clock.advance(200)
    assert [(e.kind, e.data.get("say")) for e in session.tick()] == [
        (K.CUE, "a"),
        (K.CUE, "b"),
        (K.MIN_REACHED, None),
        (K.TIME_UP, None),
    ]


# --- ending -----------------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["not_started", "running", "paused", "branch"])
def test_pain_stop_ends_at_once_in_every_state(state: str) -> None:
    session, clock, recorder = branching()
    if state == "not_started":
        session = Session(protocol(info("a")), clock)
        session.subscribe(recorder)
    elif state == "paused":
        session.pause()
    elif state == "branch":
        session.next()
        session.resistance()
    clock.advance(30)
    recorder.take()
    session.pain_stop()
    pain, finished = recorder.events
    assert pain.kind is K.PAIN_STOP
    assert finished.kind is K.FINISHED
    assert finished.data["reason"] == "pain"
    assert finished.data["completed"] is False
    view = session.view()
    assert view.finished
    assert view.finish_reason is FinishReason.PAIN
    assert view.pains == 1
    assert view.paused_for == 0


def test_nothing_happens_after_the_end_and_the_figures_freeze() -> None:
    session, clock, recorder = run(attempts("a", 3), timed("b", "1m"))
    clock.advance(42)
    session.pause()
    clock.advance(8)
    session.pain_stop()
    before = session.view()
    recorder.take()
    clock.advance(1000)
    for command in (
        session.start,
        session.next,
        session.back,
        session.skip,
        session.attempt,
        session.resistance,
        session.pause,
        session.resume,
        session.toggle_pause,
        session.pain_stop,
        session.finish,
    ):
        command()
    assert session.tick() == []
    assert recorder.events == []
    after = session.view()
    assert after == before
    assert (after.active_total, after.wall_total, after.paused_total) == (42, 50, 8)


def test_finish_ends_early_unless_told_completed() -> None:
    session, clock, recorder = run(info("a"), info("b"))
    clock.advance(3)
    session.finish()
    assert recorder.events[-1].data["reason"] == "ended"
    assert session.view().finish_reason is FinishReason.ENDED
    assert not session.view().completed

    session, _, recorder = run(info("a"))
    session.finish(completed=True)
    assert dict(recorder.events[-1].data)["completed"] is True
    assert session.view().finish_reason is FinishReason.DONE


def test_finish_before_start() -> None:
    session, _, recorder = run(info("a"), start=False)
    session.finish()
    assert recorder.kinds() == [K.FINISHED]
    assert session.view().wall_total == 0


# --- listeners --------------------------------------------------------------------------------


def test_a_failing_listener_does_not_break_the_engine_or_the_others(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = FakeClock()
    session = Session(protocol(info("a"), info("b")), clock)

    def broken(event: Event) -> None:
        raise RuntimeError("disk full")

    recorder = Recorder()
    session.subscribe(broken)
    session.subscribe(recorder)
    session.start()
    session.next()
    assert recorder.kinds() == [K.STARTED, K.STEP, K.STEP]
    assert "listener failed" in caplog.text


def test_unsubscribe_stops_the_events() -> None:
    clock = FakeClock()
    session = Session(protocol(info("a"), info("b")), clock)
    recorder = Recorder()
    stop = session.subscribe(recorder)
    session.start()
    stop()
    stop()  # twice is harmless
    session.next()
    assert recorder.kinds() == [K.STARTED, K.STEP]


def test_a_listener_that_commands_keeps_everyone_hearing_the_same_order() -> None:
    clock = FakeClock()
    session = Session(protocol(timed("a", "10s"), info("b")), clock)

    def advancer(event: Event) -> None:  # moves on by itself when time is up
        if event.kind is K.TIME_UP:
            session.next()

    first, second = Recorder(), Recorder()
    session.subscribe(first)
    session.subscribe(advancer)
    session.subscribe(second)
    session.start()
    clock.advance(10)
    session.tick()
    assert first.kinds() == second.kinds() == [K.STARTED, K.STEP, K.TIME_UP, K.STEP]
    assert session.view().step.id == "b"


def test_events_carry_the_active_time_and_wall_time() -> None:
    session, clock, recorder = run(info("a"), info("b"))
    clock.advance(60)
    session.pause()
    clock.advance(60)
    session.resume()
    clock.advance(30)
    session.next()
    step = recorder.events[-1]
    assert step.active == 90
    assert step.at - 1000 == 150
    assert step.wall == dt.datetime(2026, 1, 5, 9, 2, 30, tzinfo=dt.UTC)


# --- a whole session --------------------------------------------------------------------------


def test_an_hour_long_session_runs_instantly_with_exact_totals() -> None:
    session, clock, recorder = run(
        info("prepare"),
        timed("warm-up", "10m", cues=[{"before_end": "1m", "say": "one minute"}]),
        intervals("kegel", 40),  # 40 x 15 s = 10 min
        attempts("insert", "4-6", duration="10-15m", on_resistance="breathe"),
        timed("breathe", "2m", branch_only=True),
        timed("hold", "20m"),
        info("clean-up"),
    )
    clock.advance(60)
    session.next()  # prepare: 1 min
    clock.advance(600)
    session.next()  # warm-up: 10 min
    for _ in range(600):
        clock.advance(1)
        session.tick()
    session.next()  # kegel: 10 min, ticked every second
    for _ in range(5):
        clock.advance(60)
        session.attempt()
    session.resistance()
    clock.advance(120)
    session.next()  # the branch: 2 min
    clock.advance(360)
    session.tick()
    session.pause()
    clock.advance(600)  # a ten-minute break
    session.resume()
    session.next()  # insert: 5 + 6 min active
    clock.advance(1200)
    session.next()  # hold: 20 min
    clock.advance(120)
    session.next()  # clean-up: 2 min

    view = session.view()
    assert view.finished and view.completed
    assert view.active_total == 60 + 600 + 600 + 300 + 120 + 360 + 1200 + 120 == 3360
    assert view.wall_total == 3360 + 600
    assert view.paused_total == 600
    assert (view.steps_done, view.steps_skipped, view.attempts_total, view.resistances) == (
        6,
        0,
        5,
        1,
    )
    kinds = recorder.kinds()
    assert kinds.count(K.PHASE) == 80
    assert kinds.count(K.TIME_UP) == 4  # warm-up, kegel, breathe, hold (insert left at 11 min)
    assert kinds.count(K.MIN_REACHED) == 1
    assert kinds.count(K.CUE) == 1
    cue = next(e for e in recorder.events if e.kind is K.CUE)
    assert cue.active == 60 + 540
    finished = recorder.events[-1]
    assert finished.data["active_total"] == 3360
    assert finished.wall == dt.datetime(2026, 1, 5, 10, 6, tzinfo=dt.UTC)


# --- the seam ---------------------------------------------------------------------------------


def test_importing_the_engine_leaves_textual_and_pydantic_out() -> None:
    code = (
        "import sys, coach.engine, coach.engine.session, coach.engine.view; "
        "bad = [m for m in ('textual', 'rich', 'pydantic') if m in sys.modules]; "
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
