"""What many tests share: the packs they run on, and waiting on a running app.

The packs: the shipped default pack (loaded once per test run: a ``Pack`` is frozen, so tests
can share it; the ``default_pack`` fixture in conftest.py hands it out), and :func:`make_pack`,
a pack built in memory from plain dicts for tests that need one protocol of their own. Packs
written to a folder, to break one file at a time, are ``tests.unit.packs.write_pack``.

Waiting: :func:`wait_for` lets a Pilot-driven app run until a condition holds, bounded, never a
fixed sleep; :func:`wait_until` is the same for threads and processes with no app. Reading
what the app shows is ``tests/screen.py``.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.pack.load import load_pack
from coach.pack.model import Pack
from coach.pack.validate import validate

if TYPE_CHECKING:
    from textual.pilot import Pilot

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
"""The shipped default pack in the checkout."""

SAFETY: dict[str, Any] = {
    "stop_now": "Stop.",
    "normal": ["Mild stretch"],
    "warning_signs": ["Sharp pain"],
    "red_flags": ["Heavy bleeding"],
    "see_clinician": "See a clinician.",
}
READ: dict[str, Any] = {"kind": "info", "id": "read", "title": "Read"}


@functools.cache
def shipped_pack() -> Pack:
    """The shipped default pack (content/), loaded and validated once per test run."""
    return load_pack(CONTENT)


def make_pack(
    steps: Sequence[Mapping[str, Any]] = (READ,),
    *,
    protocols: Sequence[Mapping[str, Any]] | None = None,
    faq: Sequence[Any] = (),
    safety: Mapping[str, Any] | Any = SAFETY,
    program: Mapping[str, Any] | Any | None = None,
    pack_id: str = "test",
    title: str = "Test pack",
) -> Pack:
    """A pack built in memory and validated as content is: one protocol, ``practice``, of
    ``steps`` (a single info step by default), unless ``protocols`` are given. FAQ entries,
    safety and the programme may be dicts or the models themselves."""
    data: dict[str, Any] = {
        "info": {"id": pack_id, "title": title},
        "protocols": tuple(protocols)
        if protocols is not None
        else ({"id": "practice", "title": "Practice", "steps": list(steps)},),
        "faq": tuple(faq),
        "safety": safety,
    }
    if program is not None:
        data["program"] = program
    return validate(Pack, data)


async def wait_for(
    pilot: Pilot[Any],
    condition: Callable[[], object],
    *,
    timeout: float = 10.0,
    what: str = "the condition",
) -> None:
    """Let the app run (its timers, workers and messages) until ``condition()`` holds.

    Returns as soon as it does; fails the test after ``timeout`` seconds of real time, a bound
    for a slow machine, never a wait in itself."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not hold within {timeout} s")
        await pilot.pause(0.02)


def wait_until(condition: Callable[[], object], *, timeout: float = 10.0, what: str = "") -> None:
    """:func:`wait_for` for code with no app: another thread or process doing its part (a
    writer thread, a command started beside the test). Polls every 10 ms; fails after
    ``timeout`` seconds, a bound, never a wait in itself."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what or 'the condition'} did not hold within {timeout} s")
        time.sleep(0.01)
