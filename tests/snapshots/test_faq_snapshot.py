"""How the FAQ screen looks: wide on opening, narrowed by typing, and in a small terminal."""

from __future__ import annotations

from pathlib import Path

APP = Path(__file__).parent / "apps" / "faq_screen.py"


def test_faq_screen_opens_on_all_questions(snap_compare) -> None:
    assert snap_compare(APP, terminal_size=(80, 24))


def test_faq_screen_narrowed_by_typing(snap_compare) -> None:
    assert snap_compare(APP, terminal_size=(80, 24), press=[*"which", "down"])


def test_faq_screen_small_terminal_reading(snap_compare) -> None:
    assert snap_compare(APP, terminal_size=(40, 12), press=[*"prepare", "enter"])
