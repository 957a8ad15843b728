"""The spoken countdown at the end of a hold: "3", "2", "1", timed from the engine's view.

Events say when a hold begins, not when its last seconds come, so the countdown keeps its own
small schedule: on each event that changes what is running (a phase, a step, a pause, a resume)
the listener, on the engine's thread, reads how long the hold has left and plans the numbers;
a daemon thread waits for each and announces it. A pause, a new step or the end cancels the
plan, so no number is ever said for a hold that is no longer running.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from coach.engine.events import Event, EventKind
from coach.engine.view import SessionView

# A hold shorter than this many seconds beyond the count gets no countdown: "3, 2, 1" over a
# four-second hold would be one long stream of words.
MARGIN_SECONDS = 2.0


def hold_remaining(view: SessionView) -> float | None:
    """Seconds left of the hold now running, or None when nothing is being held: an intervals
    phase with the "hold" tone, or a timed step (its end, the maximum of a range)."""
    if not view.running:
        return None
    if view.phase is not None:
        return view.phase.remaining if view.phase.tone == "hold" else None
    if view.step.kind == "timed" and view.step_remaining is not None and not view.time_up:
        return view.step_remaining
    return None


def plan(remaining: float, seconds: int, now: float, *, fresh: bool) -> list[tuple[float, int]]:
    """``(when, number)`` for each number still ahead: number n is announced when n seconds
    remain. A hold just begun (``fresh``) that is too short for a countdown gets none."""
    # (A quarter second of slack: the view is read a moment after the hold began.)
    if seconds <= 0 or (fresh and remaining + 0.25 < seconds + MARGIN_SECONDS):
        return []
    return [(now + remaining - n, n) for n in range(seconds, 0, -1) if n <= remaining]


class Countdown:
    """A session listener (call it with each event) that announces the last seconds of holds."""

    def __init__(
        self,
        seconds: int,
        view: Callable[[], SessionView],
        announce: Callable[[int], None],
        *,
        monotonic: Callable[[], float] = time.monotonic,
        thread: bool = True,
    ) -> None:
        self.seconds = seconds
        self._view = view
        self._announce = announce
        self._monotonic = monotonic
        self._plan: list[tuple[float, int]] = []
        self._wake = threading.Condition()
        self._closed = False
        self._thread: threading.Thread | None = None
        if thread:
            self._thread = threading.Thread(target=self._run, name="coach-countdown", daemon=True)
            self._thread.start()

    def __call__(self, event: Event) -> None:
        kind = event.kind
        if kind in (EventKind.FINISHED, EventKind.PAIN_STOP):
            self.close()
        elif kind in (EventKind.PHASE, EventKind.STEP, EventKind.RESUMED):
            remaining = hold_remaining(self._view())
            fresh = kind is not EventKind.RESUMED
            self._set(
                []
                if remaining is None
                else plan(remaining, self.seconds, self._monotonic(), fresh=fresh)
            )
        elif kind in (EventKind.PAUSED, EventKind.TIME_UP):
            self._set([])

    @property
    def pending(self) -> tuple[int, ...]:
        with self._wake:
            return tuple(n for _, n in self._plan)

    def due(self) -> list[int]:
        """Take the numbers now due (a late wake-up says only the latest of them)."""
        now = self._monotonic()
        with self._wake:
            ready = [n for when, n in self._plan if when <= now]
            self._plan = [(when, n) for when, n in self._plan if when > now]
        return ready[-1:]

    def close(self) -> None:
        with self._wake:
            self._closed = True
            self._plan = []
            self._wake.notify_all()

    def _set(self, new: list[tuple[float, int]]) -> None:
        with self._wake:
            self._plan = new
            self._wake.notify_all()

    def _run(self) -> None:
        while True:
            with self._wake:
                if self._closed:
                    return
                if self._plan:
                    self._wake.wait(max(0.0, self._plan[0][0] - self._monotonic()))
                else:
                    self._wake.wait()
                if self._closed:
                    return
            for number in self.due():
                self._announce(number)
