"""One line on where an FAQ answer comes from, for the FAQ screen and ``coach faq --print``."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.pack.model import FaqEntry

_BASIS = {
    "source": "",
    "general": "General guidance, not from this pack's source.",
    "mixed": "Partly from this pack's source, partly general guidance.",
}


def basis_line(entry: FaqEntry) -> str:
    """The attribution to show under the answer, or "" for a plain from-the-source entry."""
    parts = [_BASIS.get(entry.basis, ""), entry.basis_note.strip()]
    text = " ".join(part for part in parts if part)
    return f"Basis: {text}" if text else ""
