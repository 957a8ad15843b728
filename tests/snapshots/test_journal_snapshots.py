"""Snapshots of the check-in and history screens at 80x24, with fixed data.

Regenerate with ``pytest tests/snapshots/test_journal_snapshots.py --snapshot-update`` and look
at the SVGs in ``__snapshots__`` before committing them.
"""

from __future__ import annotations

from pathlib import Path

APPS = Path(__file__).parent / "apps"
SIZE = (80, 24)


def test_checkin(snap_compare) -> None:
    assert snap_compare(APPS / "journal_checkin.py", terminal_size=SIZE)


def test_checkin_filled_in(snap_compare) -> None:
    async def run_before(pilot) -> None:
        pilot.app.screen.query_one("#checkin-notes").value = "[b]tight[/b], then fine"

    # comfort 7, pain: yes; bleeding not answered; the notes hold markup, shown as typed
    assert snap_compare(
        APPS / "journal_checkin.py",
        press=["7", "tab", "space"],
        run_before=run_before,
        terminal_size=SIZE,
    )


def test_checkin_invalid_comfort(snap_compare) -> None:
    async def run_before(pilot) -> None:
        pilot.app.screen.query_one("#q-comfort").value = "42"
        await pilot.pause()
        await pilot.press("ctrl+s")

    assert snap_compare(APPS / "journal_checkin.py", run_before=run_before, terminal_size=SIZE)


def test_checkin_asks_before_saving_with_questions_not_answered(snap_compare) -> None:
    # comfort 5, then save: pain and bleeding were never touched
    assert snap_compare(
        APPS / "journal_checkin.py", press=["5", "enter", "ctrl+s"], terminal_size=SIZE
    )


def test_history(snap_compare) -> None:
    assert snap_compare(APPS / "journal_history.py", terminal_size=SIZE)


def test_history_cursor_on_an_older_session(snap_compare) -> None:
    assert snap_compare(APPS / "journal_history.py", press=["down", "down"], terminal_size=SIZE)


def test_history_empty(snap_compare) -> None:
    assert snap_compare(APPS / "journal_history_empty.py", terminal_size=SIZE)
