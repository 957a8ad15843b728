"""How the FAQ screen looks: wide on opening, narrowed by typing, and in a small terminal."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

APP = Path(__file__).parent / "apps" / "faq_screen.py"


async def steady_cursor(pilot: Pilot) -> None:
    """The search box's cursor blinks on a 0.5 s timer even headless: when the picture is
    taken would decide whether it shows. Held still, it always shows."""
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False
    await pilot.pause()


def test_faq_screen_opens_on_all_questions(snap_compare) -> None:
    assert snap_compare(APP, terminal_size=(80, 24), run_before=steady_cursor)


def test_faq_screen_narrowed_by_typing(snap_compare) -> None:
    assert snap_compare(
        APP, terminal_size=(80, 24), press=[*"which", "down"], run_before=steady_cursor
    )


def test_faq_screen_small_terminal_reading(snap_compare) -> None:
    assert snap_compare(
        APP, terminal_size=(40, 12), press=[*"prepare", "enter"], run_before=steady_cursor
    )
