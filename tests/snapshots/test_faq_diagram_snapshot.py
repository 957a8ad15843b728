"""The anatomy diagram in the shipped FAQ, as the FAQ screen shows it at 80 columns."""

from __future__ import annotations

from pathlib import Path

APP = Path(__file__).parent / "apps" / "faq_diagram.py"


def test_faq_anatomy_diagram_at_80_columns(snap_compare) -> None:
    assert snap_compare(APP, terminal_size=(80, 40))
