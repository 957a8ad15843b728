"""Snapshots of the safety screen with the shipped guidance: after a pain stop at 80x24 and
100x30, and after a session (a check-in that reported bleeding) at 80x24.

Generate only these with ``pytest tests/snapshots/test_safety_snapshots.py --snapshot-update``
and look at the SVGs: the steps for right now and every red flag must be above the footer.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

APP = Path(__file__).parent / "apps" / "safety_app.py"

Compare = Callable[..., bool]


def test_pain_stop_at_80x24(snap_compare: Compare) -> None:
    assert snap_compare(APP, terminal_size=(80, 24))


def test_pain_stop_at_100x30(snap_compare: Compare) -> None:
    assert snap_compare(APP, terminal_size=(100, 30))


def test_after_a_session_at_80x24(snap_compare: Compare) -> None:
    assert snap_compare(f"{APP}:after_app", terminal_size=(80, 24))
