"""The cyclic garbage collector held off during a burst of lasting allocations.

Validating a big pack, unpickling it or building the FAQ index makes tens of thousands of
objects that all live on: every collection meanwhile walks them again for nothing, which makes
such work worse than linear (at 10,000 steps + 10,000 FAQ entries the collector was ~190 ms of
a ~1 s load). Reference counting still frees what dies at once; one collection may follow.

Start-up is such a burst too: importing Textual and coach and building the first screen make
~49,000 objects, nearly all of which live as long as the process, and ~110 collections walked
them on the way to the first frame (~20 ms of ~260). So the collector is held from the
command's start (:func:`hold_start_up`) until the app's first frame is out, or until a command
that shows no app begins its work (:func:`start_up_over`). What start-up made is then frozen
(:func:`gc.freeze`): later collections leave it alone. The price: the few thousand objects in
reference cycles that start-up left behind (a few hundred KB) are never freed.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False
_start_up: Held | None = None
"""The start-up hold, once made: ended, start-up is over (once per process)."""


def _pause() -> None:
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1


def _resume() -> None:
    global _depth
    with _lock:
        _depth -= 1
        if _depth == 0 and _was_enabled:
            gc.enable()


@contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic collections inside (nested and across threads: the collector is enabled
    again when the last one ends, if it was enabled when the first began)."""
    _pause()
    try:
        yield
    finally:
        _resume()


class Held:
    """No automatic collections from its making until :meth:`end`, which may be called from
    several places (the first frame, or the screen going before it): only the first counts.
    For a pause that no ``with`` block can hold, as it spans a UI's events."""

    def __init__(self) -> None:
        self.held = True
        _pause()

    def end(self) -> None:
        with _lock:
            held, self.held = self.held, False
        if held:
            _resume()


def hold_start_up() -> None:
    """No automatic collections from now until :func:`start_up_over`: once per process
    (start-up is over once), however often it is asked. The console script's, on its thread."""
    global _start_up
    if _start_up is None:
        _start_up = Held()


def start_up_over() -> None:
    """Start-up is over (the first frame is out, or a command's work begins): what it made is
    frozen, out of later collections' way, and the collector runs again. Does nothing unless
    :func:`hold_start_up` held it, so tests and embedders keep their own collector as it is."""
    if _start_up is not None and _start_up.held:
        gc.freeze()  # before the collector runs again: nothing start-up made is walked
        _start_up.end()
