"""Snapshots of the session screen: running, paused, intervals, and after a pain stop.

Regenerate with ``pytest tests/snapshots --snapshot-update`` and look at the SVGs before
committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from coach.tui.screens.session import SessionScreen

APP = Path(__file__).parent / "apps" / "session_app.py"

Compare = Callable[..., bool]


def script(*steps: str | float) -> Callable[[Pilot], Awaitable[None]]:
    """Keys to press and seconds to move the fake clock, in order; then a settled screen.

    Notifications are cleared at the end: they expire on the wall clock, which would make the
    snapshots flaky. The notifications themselves are tested with Pilot.
    """

    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        for item in steps:
            if isinstance(item, str):
                await pilot.press(item)
            else:
                pilot.app.clock.advance(item)  # type: ignore[attr-defined]
                screen = next(s for s in pilot.app.screen_stack if isinstance(s, SessionScreen))
                screen.refresh_view()
        await pilot.pause()
        pilot.app.clear_notifications()
        await pilot.pause()

    return run_before


def test_running_a_ranged_step(snap_compare: Compare) -> None:
    assert snap_compare(APP, terminal_size=(80, 24), run_before=script("n", 200.0))


def test_paused(snap_compare: Compare) -> None:
    assert snap_compare(APP, terminal_size=(80, 24), run_before=script("n", 200.0, "space", 30.0))


def test_attempts(snap_compare: Compare) -> None:
    steps = ("n", 180.0, "n", 20.0, "enter", "enter", "enter")
    assert snap_compare(APP, terminal_size=(100, 30), run_before=script(*steps))


def test_intervals(snap_compare: Compare) -> None:
    assert snap_compare(f"{APP}:drill_app", run_before=script(7.0))


def test_pain_stop_shows_the_safety_screen(snap_compare: Compare) -> None:
    assert snap_compare(APP, terminal_size=(80, 24), run_before=script("n", 42.0, "p"))


def test_summary(snap_compare: Compare) -> None:
    steps = ("n", 200.0, "n", "enter", "enter", "q", "y")
    assert snap_compare(APP, terminal_size=(80, 24), run_before=script(*steps))


def test_small_terminal(snap_compare: Compare) -> None:
    assert snap_compare(APP, terminal_size=(40, 12), run_before=script("n", 200.0))
