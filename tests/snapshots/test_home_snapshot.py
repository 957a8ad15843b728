"""The home screen as the app shows it first: styles loaded with the default screen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

APP = Path(__file__).parent / "apps" / "home_app.py"


def test_home(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(APP, terminal_size=(100, 30))


def test_home_small(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(APP, terminal_size=(60, 20))
