"""Playing a tone through whichever command-line player the system has.

Nothing is installed or imported for it: PipeWire's ``pw-play``, PulseAudio's ``paplay``,
ALSA's ``aplay`` and macOS's ``afplay`` all play a WAV file given as one argument. Playing never
waits: a worker thread runs the player, the clock goes on. A player that fails (no sound
device, no sound server) is noticed there, and from then on the caller falls back to the
terminal bell.
"""

from __future__ import annotations

import logging
import queue
import shutil
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from coach.system.processes import run_to_end

log = logging.getLogger(__name__)

# Tried in order: the sound server first (it mixes with other sound), ALSA, then macOS.
CANDIDATES: tuple[tuple[str, ...], ...] = (
    ("pw-play",),
    ("paplay",),
    ("aplay", "-q"),
    ("afplay",),
)
NAMES = tuple(candidate[0] for candidate in CANDIDATES)
STALE_SECONDS = 2.0


class Player:
    """Plays tones one after another on a worker thread, so the clock never waits for sound.

    Tones queue in order (a step's chime, then the hold that starts with it); one that waited
    longer than :data:`STALE_SECONDS` is dropped rather than played late.
    """

    def __init__(self, command: Sequence[str], *, timeout: float = 5.0) -> None:
        self.command = tuple(command)
        self.timeout = timeout
        self.failed: str | None = None
        """Why the player does not work (no sound device, no sound server), once known."""
        self._queue: queue.Queue[tuple[Path, float] | None] = queue.Queue()
        self._worker: threading.Thread | None = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return Path(self.command[0]).name

    def argv(self, path: Path) -> list[str]:
        return [*self.command, str(path)]

    def play(self, path: Path) -> bool:
        """Queue ``path`` and return at once; False when the player is known not to work."""
        if self.failed is not None:
            return False
        with self._lock:
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._work, name="coach-tones", daemon=True)
                self._worker.start()
        self._queue.put((path, time.monotonic()))
        return True

    def play_and_wait(self, path: Path) -> str | None:
        """Play ``path`` to its end; returns what went wrong, or None."""
        return run_to_end(self.name, self.argv(path), self.timeout)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Wait until every queued tone has played (tests, the cue test); True if it did."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def stop(self) -> None:
        """Let the worker end once the tones queued so far are through (a later :meth:`play`
        starts a new one)."""
        with self._lock:
            if self._worker is not None and self._worker.is_alive():
                self._queue.put(None)

    def _work(self) -> None:
        while True:
            item = self._queue.get()
            try:
                if item is None:
                    with self._lock:
                        if self._queue.qsize():  # a tone came after the stop: play it first
                            continue
                        self._worker = None
                    return
                path, queued = item
                if self.failed is not None or time.monotonic() - queued > STALE_SECONDS:
                    continue
                problem = self.play_and_wait(path)
                if problem is not None:
                    if self.failed is None:
                        log.warning("sound: %s; using the terminal bell from now on", problem)
                    self.failed = problem
            finally:
                self._queue.task_done()


def find_player(which: Callable[[str], str | None] = shutil.which) -> Player | None:
    """The first player found on PATH, or None."""
    for candidate in CANDIDATES:
        path = which(candidate[0])
        if path:
            return Player((path, *candidate[1:]))
    return None
