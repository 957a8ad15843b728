"""The session engine: a state machine over a protocol's steps, driven by commands and a clock.

Pure Python: no Textual, no journal, no I/O. Time comes only from the injected clock, never
from counting ticks, so a busy screen, a suspended process or a changed system clock cannot
skew it. Every change is announced as an :class:`Event` to whoever subscribed.

Rules worth knowing:

* Each command first runs :meth:`Session.tick`, so clock-driven events (a phase change, a cue,
  a minimum reached, time up) are announced in time order before the command's own.
* Entering a step (start, next, back, skip, branch) starts its clock and its resistances afresh.
  Returning from a branch is not an entry: the origin step resumes where it was left, with its
  elapsed time (which stood still during the branch) and its events already fired.
* Tries belong to the step, not to one visit: going back to an attempts step (or forward to it
  again) goes on from its count. So there is one count of attempts: the screen shows the step's
  (``view.attempts``), and the session's (``attempts_total``, what the journal keeps) is the sum
  of the steps'.
* Commands keep the pause: moving to another step while paused leaves the session paused.
* After the session has finished, every command is ignored; :meth:`Session.view` still works.
"""

from __future__ import annotations

import datetime as dt
import logging
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from coach.engine.events import Event, EventKind, Listener
from coach.engine.timeline import Timeline, build_timeline
from coach.engine.view import FinishReason, NextCue, PhaseView, SessionView, Status

if TYPE_CHECKING:
    # Types only: the engine reads steps by their ``kind``, so importing it pulls in no pydantic.
    from coach.engine.clock import Clock
    from coach.engine.resume import ResumePoint, Visit
    from coach.pack.model import AnyStep, Protocol

log = logging.getLogger(__name__)

_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(slots=True)
class _Entry:
    """The state of one visit to a step."""

    index: int
    since_active: float  # the session's active time when this stretch on the step began
    carried: float = 0.0  # step time from before a branch (restored on return)
    attempts: int = 0
    resistances: int = 0
    next_mark: int = 0  # the first of the timeline's marks not fired yet

    def elapsed(self, active: float) -> float:
        return self.carried + (active - self.since_active)


class Session:
    """One run through a protocol. Build it, :meth:`subscribe`, then :meth:`start`."""

    def __init__(self, protocol: Protocol, clock: Clock) -> None:
        self._protocol = protocol
        self._clock = clock
        self._steps: tuple[AnyStep, ...] = tuple(protocol.steps)
        self._main: tuple[int, ...] = tuple(
            index for index, step in enumerate(self._steps) if not step.branch_only
        )
        if not self._main:  # the model forbids it; a hand-built protocol might not
            raise ValueError("the protocol has no step outside a branch")
        self._position = {index: place for place, index in enumerate(self._main, start=1)}
        self._by_id: dict[str, int] = {}
        for index, step in enumerate(self._steps):
            self._by_id.setdefault(step.id, index)
        self._timelines: dict[int, Timeline] = {}

        self._listeners: list[Listener] = []
        self._outbox: deque[Event] = deque()
        self._depth = 0
        self._dispatching = False

        self._status = Status.NOT_STARTED
        self._reason: FinishReason | None = None
        self._completed = False
        self._entry = _Entry(index=self._main[0], since_active=0.0)
        self._stack: list[_Entry] = []  # origins of the branches we are in, innermost last

        self._seen = clock.monotonic()  # the latest clock reading: time never runs backwards here
        self._last_at = self._seen
        self._last_active = 0.0
        self._started_at: float | None = None
        self._ended_at: float | None = None
        self._run_since: float | None = None
        self._paused_since: float | None = None
        self._active = 0.0  # active seconds up to _run_since (or up to now, when not running)
        self._paused = 0.0  # paused seconds of pauses that have ended

        self._attempts_total = 0
        self._step_attempts: dict[int, int] = {}  # tries by step index, kept across visits
        self._resistances = 0
        self._pains = 0
        self._outcomes: dict[str, str] = {}

    # --- listeners ---------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` with every event from now on; returns a function that stops it."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    # --- what it is running ------------------------------------------------------------------

    @property
    def protocol(self) -> Protocol:
        return self._protocol

    @property
    def status(self) -> Status:
        return self._status

    @property
    def finished(self) -> bool:
        return self._status is Status.FINISHED

    # --- commands ----------------------------------------------------------------------------

    def start(self) -> None:
        with self._command() as t:
            if self._status is not Status.NOT_STARTED:
                return
            self._started_at = t
            self._run_since = t
            self._status = Status.RUNNING
            self._emit(
                EventKind.STARTED,
                t,
                {
                    "protocol_id": self._protocol.id,
                    "protocol_title": self._protocol.title,
                    "steps": len(self._main),
                },
            )
            self._enter(self._main[0], "start", t)

    # --- resuming an interrupted session (issue 16) ---------------------------------------

    def start_from(self, point: ResumePoint) -> None:
        """Start where an interrupted session stood, instead of :meth:`start`.

        On ``point``'s step, with its elapsed time, tries and branch origins; the session's
        totals go on from the point's. Announces one STEP with ``via="resume"`` (no STARTED:
        the journal has it already); marks before the step's elapsed time are not fired again.
        Raises ``ValueError`` when the point does not fit this protocol.
        """
        if point.protocol_id != self._protocol.id:
            raise ValueError(f"the point is in protocol {point.protocol_id!r}")
        *origins, current = [self._restored(v) for v in (*point.origins, point.visit)]
        outermost = origins[0] if origins else current
        if outermost.index not in self._position:
            raise ValueError(f"step {self._steps[outermost.index].id!r} is only a branch")
        with self._command() as t:
            if self._status is not Status.NOT_STARTED:
                return
            self._started_at = t
            self._run_since = t
            self._active = self._last_active = max(0.0, point.active_total)
            for entry in (*origins, current):
                entry.since_active = self._active
            self._stack = list(origins)
            self._entry = current
            for step_id, count in point.step_attempts:
                index = self._by_id.get(step_id)
                if index is not None:
                    self._step_attempts[index] = max(0, count)
            for entry in (*origins, current):
                self._step_attempts[entry.index] = entry.attempts
            self._attempts_total = point.attempts_total
            self._resistances = point.resistances
            self._outcomes = dict(point.outcomes)
            self._status = Status.RUNNING
            step = self._steps[current.index]
            self._emit(
                EventKind.STEP,
                t,
                {
                    "via": "resume",
                    "kind": step.kind,
                    "title": step.title,
                    "left": None,
                    "elapsed": current.carried,
                },
            )

    def _restored(self, visit: Visit) -> _Entry:
        index = visit.index
        if not (0 <= index < len(self._steps) and self._steps[index].id == visit.step_id):
            found = self._by_id.get(visit.step_id)
            if found is None:
                raise ValueError(f"no step {visit.step_id!r} in this protocol")
            index = found
        elapsed = max(0.0, visit.elapsed)
        offsets = [mark.offset for mark in self._timeline(index).marks]
        return _Entry(
            index=index,
            since_active=0.0,
            carried=elapsed,
            attempts=visit.attempts,
            resistances=visit.resistances,
            next_mark=bisect_left(offsets, elapsed),
        )

    def pause(self) -> None:
        with self._command() as t:
            if self._status is not Status.RUNNING:
                return
            self._stop_running(t)
            self._paused_since = t
            self._status = Status.PAUSED
            self._emit(EventKind.PAUSED, t)

    def resume(self) -> None:
        with self._command() as t:
            if self._status is not Status.PAUSED:
                return
            paused_for = self._end_pause(t)
            self._run_since = t
            self._status = Status.RUNNING
            self._emit(EventKind.RESUMED, t, {"paused_for": paused_for})

    def toggle_pause(self) -> None:
        if self._status is Status.RUNNING:
            self.pause()
        elif self._status is Status.PAUSED:
            self.resume()

    def next(self) -> None:
        """Move on, the step done. On a branch step: go back to the step that branched."""
        self._forward("done", "next")

    def skip(self) -> None:
        """Move on without doing the step; it is recorded as skipped."""
        self._forward("skipped", "skip")

    def back(self) -> None:
        """Go to the previous main step, afresh; from a branch, return to its origin."""
        with self._command() as t:
            if not self._in_session():
                return
            if self._stack:
                self._return(t)
                return
            place = self._position[self._entry.index]
            if place > 1:
                self._enter(self._main[place - 2], "back", t)

    def attempt(self) -> None:
        """One more successful try on an attempts step; ignored on other steps."""
        with self._command() as t:
            if not self._in_session():
                return
            step = self._steps[self._entry.index]
            if step.kind != "attempts":
                return
            self._entry.attempts += 1
            self._step_attempts[self._entry.index] = self._entry.attempts
            self._attempts_total += 1
            self._emit(
                EventKind.ATTEMPT,
                t,
                {
                    "attempts": self._entry.attempts,
                    "expected_low": step.attempts.low,
                    "expected_high": step.attempts.high,
                },
            )

    def resistance(self) -> None:
        """Record resistance; where the step names a branch for it, go there (``next`` returns)."""
        with self._command() as t:
            if not self._in_session():
                return
            self._resistances += 1
            self._entry.resistances += 1
            target = self._branch_target()
            branch_to = None if target is None else self._steps[target].id
            self._emit(EventKind.RESISTANCE, t, {"branch_to": branch_to})
            if target is not None:
                self._entry.carried = self._entry.elapsed(self._active_at(t))
                self._stack.append(self._entry)
                self._enter(target, "branch", t)

    def pain_stop(self) -> None:
        """Stop at once because of pain, whatever the state (even paused or not started)."""
        with self._command() as t:
            if self._status is Status.FINISHED:
                return
            self._pains += 1
            self._emit(EventKind.PAIN_STOP, t)
            self._end(t, completed=False, reason=FinishReason.PAIN)

    def finish(self, completed: bool | None = None) -> None:
        """End now: ``completed=True`` when the person finished, otherwise an early end."""
        with self._command() as t:
            if self._status is Status.FINISHED:
                return
            done = bool(completed)
            self._end(t, completed=done, reason=FinishReason.DONE if done else FinishReason.ENDED)

    def tick(self) -> list[Event]:
        """Announce every clock-driven event now due, in time order, each once; return them."""
        self._depth += 1
        try:
            return self._fire_due()
        finally:
            self._depth -= 1
            if self._depth == 0:
                self._drain()

    # --- the snapshot ------------------------------------------------------------------------

    def view(self) -> SessionView:
        t = self._now()
        entry = self._entry
        step = self._steps[entry.index]
        timeline = self._timeline(entry.index)
        active = self._active_at(t)
        elapsed = entry.elapsed(active) if self._started_at is not None else 0.0
        length = timeline.length

        remaining = None if length is None else max(0.0, length - elapsed)
        if timeline.window is not None:
            min_reached = elapsed >= timeline.window[0]
        else:
            min_reached = length is None or elapsed >= length
        origin = self._stack[0].index if self._stack else entry.index
        returns_to = self._stack[-1].index if self._stack else None

        wall = 0.0 if self._started_at is None else t - self._started_at
        paused_for = 0.0 if self._paused_since is None else t - self._paused_since
        main_outcomes = [self._outcomes.get(self._steps[index].id) for index in self._main]
        return SessionView(
            status=self._status,
            finish_reason=self._reason,
            completed=self._completed,
            protocol_id=self._protocol.id,
            protocol_title=self._protocol.title,
            step=step,
            step_index=entry.index,
            position=self._position[origin],
            total=len(self._main),
            in_branch=bool(self._stack),
            returns_to=returns_to,
            returns_to_title=None if returns_to is None else self._steps[returns_to].title,
            step_elapsed=elapsed,
            step_length=length,
            step_remaining=remaining,
            window=timeline.window,
            min_reached=min_reached,
            time_up=length is not None and elapsed >= length,
            active_total=active,
            wall_total=wall,
            paused_total=self._paused + paused_for,
            paused_for=paused_for,
            attempts=entry.attempts,
            attempts_expected=step.attempts if step.kind == "attempts" else None,
            attempts_total=self._attempts_total,
            resistances=self._resistances,
            step_resistances=entry.resistances,
            phase=self._phase(step, timeline, elapsed),
            next_cue=self._next_cue(timeline, elapsed),
            steps_done=main_outcomes.count("done"),
            steps_skipped=main_outcomes.count("skipped"),
            outcomes=tuple(self._outcomes.items()),
            pains=self._pains,
        )

    # --- time --------------------------------------------------------------------------------

    def _now(self) -> float:
        """The clock's reading, never behind an earlier one, and frozen once the session ends."""
        if self._ended_at is not None:
            return self._ended_at
        self._seen = max(self._seen, self._clock.monotonic())
        return self._seen

    def _wall(self, at: float) -> dt.datetime:
        # The wall clock labels events only; an event fired late is labelled when it was due.
        return self._clock.now() - dt.timedelta(seconds=max(0.0, self._clock.monotonic() - at))

    def _active_at(self, t: float) -> float:
        if self._run_since is None:
            return self._active
        return self._active + (t - self._run_since)

    def _stop_running(self, t: float) -> None:
        if self._run_since is not None:
            self._active += t - self._run_since
            self._run_since = None

    def _end_pause(self, t: float) -> float:
        if self._paused_since is None:
            return 0.0
        paused_for = t - self._paused_since
        self._paused += paused_for
        self._paused_since = None
        return paused_for

    def _in_session(self) -> bool:
        return self._status in (Status.RUNNING, Status.PAUSED)

    # --- moving between steps ----------------------------------------------------------------

    def _forward(self, outcome: str, via: str) -> None:
        with self._command() as t:
            if not self._in_session():
                return
            self._outcomes[self._steps[self._entry.index].id] = outcome
            if self._stack:
                self._return(t)
                return
            place = self._position[self._entry.index]
            if place < len(self._main):
                self._enter(self._main[place], via, t)
            else:
                self._end(t, completed=True, reason=FinishReason.DONE)

    def _enter(self, index: int, via: str, t: float) -> None:
        left = self._steps[self._entry.index].id if via != "start" else None
        self._entry = _Entry(
            index=index,
            since_active=self._active_at(t),
            attempts=self._step_attempts.get(index, 0),
        )
        step = self._steps[index]
        self._emit(
            EventKind.STEP, t, {"via": via, "kind": step.kind, "title": step.title, "left": left}
        )

    def _return(self, t: float) -> None:
        left = self._steps[self._entry.index].id
        origin = self._stack.pop()
        origin.since_active = self._active_at(t)  # its clock stood still during the branch
        self._entry = origin
        step = self._steps[origin.index]
        self._emit(
            EventKind.STEP,
            t,
            {"via": "return", "kind": step.kind, "title": step.title, "left": left},
        )

    def _branch_target(self) -> int | None:
        wanted = self._steps[self._entry.index].on_resistance
        target = self._by_id.get(wanted) if wanted else None
        # A branch into a step already on the way (itself, or an origin) would loop forever.
        if target is None or target == self._entry.index:
            return None
        if any(origin.index == target for origin in self._stack):
            return None
        return target

    def _end(self, t: float, *, completed: bool, reason: FinishReason) -> None:
        self._stop_running(t)
        self._end_pause(t)
        self._status = Status.FINISHED
        self._completed = completed
        self._reason = reason
        main_outcomes = [self._outcomes.get(self._steps[index].id) for index in self._main]
        self._emit(
            EventKind.FINISHED,
            t,
            {
                "completed": completed,
                "reason": str(reason),
                "active_total": self._active,
                "wall_total": 0.0 if self._started_at is None else t - self._started_at,
                "steps_done": main_outcomes.count("done"),
                "steps_skipped": main_outcomes.count("skipped"),
                "attempts": self._attempts_total,
                "resistances": self._resistances,
            },
        )
        self._ended_at = t

    # --- clock-driven events -----------------------------------------------------------------

    def _timeline(self, index: int) -> Timeline:
        timeline = self._timelines.get(index)
        if timeline is None:
            timeline = self._timelines[index] = build_timeline(self._steps[index])
        return timeline

    def _fire_due(self) -> list[Event]:
        if not self._in_session():
            return []
        t = self._now()
        entry = self._entry
        marks = self._timeline(entry.index).marks
        active = self._active_at(t)
        elapsed = entry.elapsed(active)
        fired: list[Event] = []
        while entry.next_mark < len(marks) and marks[entry.next_mark].offset <= elapsed:
            mark = marks[entry.next_mark]
            entry.next_mark += 1
            # Fired late (a slow tick, a suspended process): stamp it when it was due. While
            # paused the step clock stands still, so anything due is due now.
            late = elapsed - mark.offset if self._status is Status.RUNNING else 0.0
            fired.append(self._emit(mark.kind, t - late, mark.data, active=active - late))
        return fired

    @contextmanager
    def _command(self) -> Iterator[float]:
        """Run a command: clock-driven events first, then its own, then those its new step starts
        with; listeners hear them all when the outermost command is through."""
        self._depth += 1
        try:
            self._fire_due()
            yield self._now()
            self._fire_due()
        finally:
            self._depth -= 1
            if self._depth == 0:
                self._drain()

    # --- events ------------------------------------------------------------------------------

    def _emit(
        self,
        kind: EventKind,
        at: float,
        data: Mapping[str, Any] | None = None,
        *,
        active: float | None = None,
    ) -> Event:
        # Events never go back in time, even by a rounding error.
        at = max(at, self._last_at)
        active = max(self._active_at(at) if active is None else active, self._last_active)
        self._last_at, self._last_active = at, active
        if data is None:
            data = _EMPTY
        elif not isinstance(data, MappingProxyType):
            data = MappingProxyType(dict(data))
        event = Event(
            kind=kind,
            at=at,
            wall=self._wall(at),
            active=active,
            step_index=self._entry.index,
            step_id=self._steps[self._entry.index].id,
            data=data,
        )
        self._outbox.append(event)
        return event

    def _drain(self) -> None:
        # A listener may call a command; its events join the queue and go out after the current
        # one has reached every listener, so everyone hears the same order.
        if self._dispatching:
            return
        self._dispatching = True
        try:
            while self._outbox:
                event = self._outbox.popleft()
                for listener in tuple(self._listeners):
                    try:
                        listener(event)
                    except Exception:
                        log.exception("a session listener failed on %s", event.kind)
        finally:
            self._dispatching = False

    # --- view helpers ------------------------------------------------------------------------

    @staticmethod
    def _phase(step: AnyStep, timeline: Timeline, elapsed: float) -> PhaseView | None:
        if step.kind != "intervals" or timeline.length is None or elapsed >= timeline.length:
            return None
        starts = timeline.phase_starts
        slot = max(0, bisect_right(starts, elapsed) - 1)
        end = starts[slot + 1] if slot + 1 < len(starts) else timeline.length
        index = slot % timeline.phase_count
        phase = step.phases[index]
        return PhaseView(
            name=phase.name,
            tone=phase.tone,
            index=index,
            repetition=slot // timeline.phase_count + 1,
            repetitions=step.repetitions,
            remaining=max(0.0, end - elapsed),
        )

    @staticmethod
    def _next_cue(timeline: Timeline, elapsed: float) -> NextCue | None:
        at = bisect_right(timeline.cue_offsets, elapsed)
        if at >= len(timeline.cue_offsets):
            return None
        return NextCue(say=timeline.cue_says[at], due_in=timeline.cue_offsets[at] - elapsed)
