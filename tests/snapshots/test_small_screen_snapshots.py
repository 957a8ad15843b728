"""The main screens and the dialogs at 80x24 and 60x20 (issue 25), in the real app on the
shipped content: home, a session, the questions, the safety guidance, the check-in (with the
bleeding options whole), and the end, log and start-date dialogs.

Regenerate only these with ``pytest tests/snapshots/test_small_screen_snapshots.py
--snapshot-update`` and look at every SVG: the protocols on home, the key bar's p (or F9), main
key and ?, and every sentence of a dialog whole. tests/ui/test_small_screens.py checks the same
by reading the screen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from coach.tui.dialogs.start_date import StartDateScreen
from coach.tui.screens.checkin import CheckInScreen

APP = Path(__file__).parent / "apps" / "home_app.py"
SIZES = [(80, 24), (60, 20)]
IDS = ["80x24", "60x20"]

Compare = Callable[..., bool]


def settled(*keys: str) -> Callable[[Pilot], Awaitable[None]]:
    """Press ``keys`` from home; then a settled screen without notifications (they expire on
    the wall clock)."""

    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await pilot.app.workers.wait_for_complete()  # the FAQ's index, built on first need
        for box in pilot.app.screen.query(Input):  # a blinking cursor decides nothing here
            box.cursor_blink = False
        await pilot.pause()
        pilot.app.clear_notifications()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=IDS)
@pytest.mark.parametrize(
    "keys",
    # A fresh journal: Enter first shows what to check before the first session; s starts it.
    [(), ("enter",), ("enter", "s"), ("enter", "s", "q"), ("f",), ("p",), ("l",)],
    ids=["home", "before-you-start", "session", "end-dialog", "faq", "safety", "log-activity"],
)
def test_screen(snap_compare: Compare, size: tuple[int, int], keys: tuple[str, ...]) -> None:
    assert snap_compare(APP, terminal_size=size, run_before=settled(*keys))


def checkin(*, bleeding: bool) -> Callable[[Pilot], Awaitable[None]]:
    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        app = pilot.app
        program = app.pack.program  # type: ignore[attr-defined]
        app.push_screen(
            CheckInScreen(program.checkin, levels=program.levels, level_noun=program.level_noun)
        )
        await pilot.pause()
        if bleeding:  # its options, every one whole
            field = app.screen.query_one("#q-bleeding")
            field.focus()
            field.scroll_visible(animate=False, top=True)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_checkin(snap_compare: Compare, size: tuple[int, int]) -> None:
    assert snap_compare(APP, terminal_size=size, run_before=checkin(bleeding=False))


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_checkin_bleeding_options(snap_compare: Compare, size: tuple[int, int]) -> None:
    assert snap_compare(APP, terminal_size=size, run_before=checkin(bleeding=True))


async def _start_date_refused(pilot: Pilot) -> None:
    await pilot.pause()
    pilot.app.push_screen(
        StartDateScreen("When did your treatment end?", None, dt.date(2026, 3, 1))
    )
    await pilot.pause()
    pilot.app.screen.query_one(Input).value = "7pm"
    await pilot.press("enter")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_start_date_keeps_what_was_typed(snap_compare: Compare, size: tuple[int, int]) -> None:
    assert snap_compare(APP, terminal_size=size, run_before=_start_date_refused)
