"""The app's one way to tell the person something, and when not to draw it.

Over the safety guidance a toast hides half of each urgent line at 80 columns, and over F2's
blank screen it would show what the person hid. While such a screen is on top, a notice waits
here; when it goes, every notice that waited is raised again with its full time, and so is any
that was still on screen when it came up: nothing covers what matters, nothing is missed.

Textual-free (the app feeds it and shows what it says to show), so the rule is tested without
a terminal, with an injected clock. Thread-safe: a notice may come from a worker or the
journal's writer thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class Said:
    """One notice as the app raised it (the arguments of ``App.notify``)."""

    message: str
    title: str = ""
    severity: Literal["information", "warning", "error"] = "information"
    timeout: float = 5.0
    markup: bool = True


class Notices:
    """Decides, notice by notice, whether it is shown now or held until a screen goes."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._holding = False
        self._held: list[Said] = []
        self._shown: list[tuple[float, Said]] = []  # raised, and perhaps still on screen

    @property
    def holding(self) -> bool:
        """A screen that takes no toasts is on top."""
        return self._holding

    @property
    def held(self) -> tuple[Said, ...]:
        """The notices waiting for that screen to go, oldest first."""
        with self._lock:
            return tuple(self._held)

    def say(self, said: Said) -> bool:
        """True: show ``said`` now; False: it is held."""
        with self._lock:
            if self._holding:
                self._held.append(said)
                return False
            now = self._clock()
            self._shown = [(at, s) for at, s in self._shown if now - at < s.timeout]
            self._shown.append((now, said))
            return True

    def hold(self) -> bool:
        """A screen that takes no toasts came up. True when this began holding: every notice
        still on screen is taken back (the caller clears them) and will be raised again."""
        with self._lock:
            if self._holding:
                return False
            self._holding = True
            now = self._clock()
            self._held = [s for at, s in self._shown if now - at < s.timeout] + self._held
            self._shown = []
            return True

    def release(self) -> list[Said]:
        """That screen went: the notices to raise again now, each with its full time."""
        with self._lock:
            if not self._holding:
                return []
            self._holding = False
            held, self._held = self._held, []
            return held


__all__ = ["Notices", "Said"]
