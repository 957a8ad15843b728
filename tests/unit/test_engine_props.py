"""Property tests: any protocol, any commands, any clock jumps; the engine's invariants hold."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from coach.engine.clock import FakeClock
from coach.engine.events import Event, EventKind
from coach.engine.session import Session
from coach.engine.view import FinishReason, SessionView
from coach.pack.model import Protocol
from coach.pack.validate import validate

K = EventKind
MOVES = ("pause", "resume", "toggle_pause", "next", "back", "skip", "attempt", "resistance", "tick")
ENDS = ("start", "finish", "pain_stop")  # rarer: most runs should get going and last a while
seconds = st.sampled_from([0.5, 1, 2, 3, 5, 10, 30, 90])


@st.composite
def durations(draw: st.DrawFn) -> tuple[Any, float]:
    """A duration as content writes it, and its full length."""
    low = draw(seconds)
    if draw(st.booleans()):
        return low, low
    high = low + draw(seconds)
    return f"{low}-{high}s", high


@st.composite
def cues(draw: st.DrawFn, length: float | None) -> list[dict[str, Any]]:
    out = []
    for _ in range(draw(st.integers(0, 2))):
        if length is not None and draw(st.booleans()):
            before_end = min(draw(st.sampled_from([0.5, 1, length])), length)  # within the step
            out.append({"before_end": before_end, "say": "b"})
        else:
            at = draw(st.sampled_from([0.5, 1, 2, 5, 60]))
            if length is not None:
                at = min(at, length)
            out.append({"at": at, "say": "a"})
    return out


@st.composite
def steps(draw: st.DrawFn, step_id: str, ids: list[str]) -> dict[str, Any]:
    kind = draw(st.sampled_from(["info", "checklist", "timed", "attempts", "intervals"]))
    step: dict[str, Any] = {"kind": kind, "id": step_id, "title": step_id}
    length: float | None = None
    if kind == "checklist":
        step["items"] = ["towel", "water"]
    elif kind == "timed":
        step["duration"], length = draw(durations())
    elif kind == "attempts":
        step["attempts"] = draw(st.sampled_from([1, 3, "2-4"]))
        if draw(st.booleans()):
            step["duration"], length = draw(durations())
    elif kind == "intervals":
        phases = [
            {
                "name": f"p{i}",
                "duration": draw(seconds),
                "tone": draw(st.sampled_from(["hold", "relax"])),
            }
            for i in range(draw(st.integers(1, 3)))
        ]
        step["phases"] = phases
        step["repetitions"] = draw(st.integers(1, 4))
        length = sum(p["duration"] for p in phases) * step["repetitions"]
    step["cues"] = draw(cues(length))
    if draw(st.integers(0, 2)) > 0:
        step["on_resistance"] = draw(st.sampled_from([*ids, "missing"]))
    step["branch_only"] = draw(st.integers(0, 4)) == 0  # mostly main steps: longer sessions
    return step


@st.composite
def protocols(draw: st.DrawFn) -> Protocol:
    ids = [f"s{i}" for i in range(draw(st.integers(1, 8)))]
    drawn = [draw(steps(step_id, ids)) for step_id in ids]
    drawn[draw(st.integers(0, len(ids) - 1))]["branch_only"] = False
    return validate(Protocol, {"id": "p", "title": "P", "steps": drawn})


advances = st.one_of(
    st.sampled_from([0.0, 0.25, 1.0, 3600.0]),
    st.floats(min_value=0, max_value=100, allow_nan=False),
    st.floats(min_value=0, max_value=1e6, allow_nan=False),
)


def _pick(roll: int) -> st.SearchStrategy[str | float]:
    if roll < 55:
        return st.sampled_from(MOVES)
    if roll < 97:
        return advances
    return st.sampled_from(ENDS)


operations = st.builds(
    lambda head, tail: head + tail,
    st.sampled_from([["start"], ["start"], ["start"], []]),
    st.lists(st.integers(0, 99).flatmap(_pick), min_size=15, max_size=100),
)


class Checker:
    """Follows the events to know each step entry, and checks every rule it can see."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.events: list[Event] = []
        self.entries: list[list[tuple[Any, ...]]] = []  # time-based events per entry, a stack
        self.entered = 0  # counts STEP events, to tell "the same step" apart
        self.failures: list[str] = []
        session.subscribe(self.hear)

    def hear(self, event: Event) -> None:
        # The engine logs and swallows a listener's exceptions (by design): keep them to re-raise.
        try:
            self._hear(event)
        except AssertionError as exc:
            self.failures.append(f"{event.kind}: {exc}")

    def _hear(self, event: Event) -> None:
        assert not self.events or event.at >= self.events[-1].at
        assert not self.events or event.active >= self.events[-1].active - 1e-6
        assert not self.events or self.events[-1].kind is not K.FINISHED, "nothing after the end"
        if not any(e.kind is K.STARTED for e in self.events):
            assert event.kind in (K.STARTED, K.PAIN_STOP, K.FINISHED), "nothing before the start"
        self.events.append(event)
        if event.kind is K.STEP:
            self.entered += 1
            via = event.data["via"]
            if via == "branch":
                self.entries.append([])
            elif via == "return":
                self.entries.pop()
            elif self.entries:
                self.entries[-1] = []
            else:
                self.entries.append([])
        elif event.kind in (K.CUE, K.PHASE, K.MIN_REACHED, K.TIME_UP):
            key = (
                event.kind,
                event.step_index,
                event.data.get("index"),
                event.data.get("repetition"),
            )
            assert key not in self.entries[-1], f"{key} fired twice in one entry"
            self.entries[-1].append(key)

    def check(self, view: SessionView, before: SessionView, entered_before: int) -> None:
        assert not self.failures, self.failures
        steps = self.session.protocol.steps
        assert 0 <= view.step_index < len(steps)
        assert 1 <= view.position <= view.total
        assert view.step_elapsed >= 0
        assert view.step_remaining is None or view.step_remaining >= 0
        assert view.phase is None or view.phase.remaining >= 0
        assert view.active_total >= before.active_total
        if self.entered == entered_before and not view.finished:
            assert view.step_elapsed >= before.step_elapsed
        if before.paused and view.paused:
            assert view.active_total == before.active_total  # paused time is not active
        scale = max(1.0, view.wall_total)
        assert math.isclose(
            view.active_total,
            view.wall_total - view.paused_total,
            rel_tol=1e-9,
            abs_tol=1e-9 * scale,
        )
        assert view.paused_for <= view.paused_total + 1e-9 * scale
        # One count of attempts (issue 21): a step's tries are every try heard on it, whatever
        # back, forward and branches did; the session's are every try heard.
        tries = [e for e in self.events if e.kind is K.ATTEMPT]
        assert view.attempts_total == len(tries)
        if view.started:
            assert view.attempts == sum(1 for e in tries if e.step_index == view.step_index)

    def check_all_due_fired(self, view: SessionView) -> None:
        """Right after a tick, whatever the view says has passed has been announced."""
        if not view.started or view.finished:
            return
        fired = {key[0] for key in self.entries[-1]}
        if view.time_up:
            assert K.TIME_UP in fired
        if view.window is not None and view.min_reached:
            assert K.MIN_REACHED in fired


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(protocol=protocols(), ops=operations)
def test_any_commands_and_clock_jumps_keep_the_invariants(
    protocol: Protocol, ops: list[str | float]
) -> None:
    clock = FakeClock()
    session = Session(protocol, clock)
    checker = Checker(session)
    view = session.view()
    for op in ops:
        before, entered_before = view, checker.entered
        if isinstance(op, str):
            getattr(session, op)()
        else:
            clock.advance(op)
        view = session.view()
        checker.check(view, before, entered_before)
        if isinstance(op, str):  # every command ticks
            checker.check_all_due_fired(view)

    heard = {e.kind for e in checker.events}
    vias = {e.data["via"] for e in checker.events if e.kind is K.STEP}
    for label in (K.RESUMED, K.PHASE, K.CUE, K.TIME_UP, K.MIN_REACHED, K.ATTEMPT):
        if label in heard:
            event(f"heard {label}")  # coverage, seen with --hypothesis-show-statistics
    for via in vias:
        event(f"moved by {via}")

    was_finished = view.finished
    count = len(checker.events)
    session.pain_stop()
    assert not checker.failures, checker.failures
    view = session.view()
    assert view.finished
    if was_finished:
        assert len(checker.events) == count  # nothing after the end
    else:
        assert view.finish_reason is FinishReason.PAIN
        assert [e.kind for e in checker.events[-2:]] == [K.PAIN_STOP, K.FINISHED]


@settings(max_examples=100, deadline=None)
@given(protocol=protocols(), jumps=st.lists(advances, min_size=1, max_size=20))
def test_ticking_often_or_once_announces_the_same_events(
    protocol: Protocol, jumps: list[float]
) -> None:
    """Time comes from the clock: many ticks and one late tick fire the same events, same stamps."""
    often_clock, once_clock = FakeClock(), FakeClock()
    often, once = Session(protocol, often_clock), Session(protocol, once_clock)
    heard_often: list[Event] = []
    heard_once: list[Event] = []
    often.subscribe(heard_often.append)
    once.subscribe(heard_once.append)
    often.start()
    once.start()
    for jump in jumps:
        often_clock.advance(jump)
        often.tick()
    once_clock.advance(sum(jumps))
    once.tick()

    def stamps(events: list[Event]) -> list[tuple[Any, ...]]:
        return [(e.kind, e.step_index, dict(e.data)) for e in events]

    assert stamps(heard_often) == stamps(heard_once)
    for a, b in zip(heard_often, heard_once, strict=True):
        assert math.isclose(a.at, b.at, rel_tol=1e-12, abs_tol=1e-6)
    assert math.isclose(often.view().active_total, once.view().active_total, abs_tol=1e-9)
