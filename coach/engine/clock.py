"""Clocks the engine reads. Injected, so tests run an hour-long session instantly and exactly."""

from __future__ import annotations

import datetime as dt
import time
from typing import Protocol


class Clock(Protocol):
    def monotonic(self) -> float:
        """Seconds from an arbitrary origin; never goes back, unaffected by system clock changes."""
        ...

    def now(self) -> dt.datetime:
        """The wall-clock time, timezone-aware; only for labelling events, never for durations."""
        ...


class SystemClock:
    """The real clock: ``time.monotonic`` for durations, the local wall time for labels."""

    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> dt.datetime:
        return dt.datetime.now().astimezone()


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(
        self, start: float = 1000.0, wall: dt.datetime | None = None, *, tz: dt.tzinfo = dt.UTC
    ) -> None:
        self._mono = start
        self._origin = start
        self._wall = wall or dt.datetime(2026, 1, 5, 9, 0, tzinfo=tz)

    def monotonic(self) -> float:
        return self._mono

    def now(self) -> dt.datetime:
        return self._wall + dt.timedelta(seconds=self._mono - self._origin)

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a monotonic clock never goes back")
        self._mono += seconds
