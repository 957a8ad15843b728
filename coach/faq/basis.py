"""One line on where an FAQ answer comes from, for the FAQ screen and ``coach faq --print``.

Every answer shows it, a from-the-source one too: whose advice a sentence is must be visible.
The words are the ones the safety sections and the session header use
(:data:`coach.pack.attribution.BASIS_WORDS`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coach.pack.attribution import basis_mark

if TYPE_CHECKING:
    from coach.pack.model import FaqEntry


def basis_line(entry: FaqEntry, source_title: str = "") -> str:
    """ "Basis: <where it comes from>. <the entry's note>", e.g. "Basis: From the source
    (Anal training and stretching)." ``source_title`` names the pack's source, if it has one."""
    mark = basis_mark(entry.basis)
    if mark and entry.basis == "source" and source_title.strip():
        mark = f"{mark} ({' '.join(source_title.split())})"
    parts = [f"{mark[:1].upper()}{mark[1:]}." if mark else "", " ".join(entry.basis_note.split())]
    text = " ".join(part for part in parts if part)
    return f"Basis: {text}" if text else ""
