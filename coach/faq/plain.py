"""FAQ answers laid out as plain text at a width: for ``coach faq --print``, pipes and screen
readers.

An answer's Markdown is first reduced to width-free :data:`Pieces` (:mod:`coach.faq.answers`,
which needs markdown-it); laying pieces out at a width needs nothing but the standard library.
So ``coach faq --print`` can take the pieces from :mod:`coach.faq.kept`, worked out once, and
never import markdown-it. The output never holds an escape code or any other control
character, whatever the content file contains: plain is plain.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

from coach.faq.basis import basis_line
from coach.faq.words import strip_controls
from coach.pack.safety import HEADINGS

if TYPE_CHECKING:
    from coach.pack.model import FaqEntry, Safety

MAX_WIDTH = 100
"""Wider lines are hard to read, however wide the terminal."""

Wrap = tuple[str, str, str]
"""Text to wrap at the width: (text, the first line's prefix, the other lines' prefix)."""
Piece = str | Wrap
"""A line as it stands, or text to wrap."""
Pieces = tuple[Piece, ...]


def terminal_width() -> int:
    """The width to wrap to: the terminal's (80 when unknown), at most :data:`MAX_WIDTH`."""
    columns = shutil.get_terminal_size(fallback=(80, 24)).columns
    return max(20, min(columns, MAX_WIDTH))


def lay_out(pieces: Sequence[Piece], width: int = 80) -> str:
    """The pieces as lines of at most ``width`` (20 at least), no trailing newline."""
    width = max(width, 20)
    lines: list[str] = []
    for piece in pieces:
        if isinstance(piece, str):
            lines.append(piece)
        else:
            lines += wrap(*piece, width).split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def entry_text(
    entry: FaqEntry,
    answer: Sequence[Piece],
    related: Sequence[FaqEntry] = (),
    width: int = 80,
    source_title: str = "",
) -> str:
    """A whole answer: the question as a heading line, the answer (its pieces), its basis, then
    "See also:". ``source_title`` names the pack's source in the basis line."""
    width = max(width, 20)
    parts = [wrap(entry.question, "", "", width), lay_out(answer, width)]
    basis = basis_line(entry, source_title)
    if basis:
        parts.append(wrap(basis, "", "", width))
    if related:
        see_also = ["See also:"]
        for other in related:
            see_also.append(wrap(other.question, "- ", "  ", width))
        parts.append("\n".join(see_also))
    return strip_controls("\n\n".join(parts)) + "\n"


def closest_text(
    query: str,
    entries: Sequence[FaqEntry],
    safety: Safety,
    help_now: Sequence[Piece],
    width: int = 80,
    *,
    exact_ids: bool = True,
) -> str:
    """What ``coach faq --print`` says when no answer fits: the closest questions (each with
    the id that prints it), then the way to urgent help and a clinician, urgent signs first.

    A question nothing fits may still be about something urgent ("chest pain and dizzy"):
    the red flags are printed in full, not only pointed at. ``help_now``: the pieces of the
    safety's ``urgent_help``.
    """
    width = max(width, 20)
    shown = " ".join(strip_controls(query).split())
    lines = [wrap(f'No question here fits "{shown}" closely. The closest ones:', "", "", width)]
    for entry in entries:
        how = f" (coach faq --print {entry.id})" if exact_ids else ""
        lines.append(wrap(f"{entry.question}{how}", "- ", "  ", width))
    lines += ["", wrap(f"If something is wrong now: {HEADINGS['urgent'].lower()}", "", "", width)]
    lines += [wrap(str(flag), "- ", "  ", width) for flag in safety.red_flags]
    urgent = lay_out(help_now, width)
    if urgent:
        lines.append(urgent)
    lines.append(
        wrap(
            "The whole safety guidance is on coach's safety page (p on the home screen). "
            "If you are unsure, ask a clinician.",
            "",
            "",
            width,
        )
    )
    return strip_controls("\n".join(lines)) + "\n"


def wrap(text: str, first: str, rest: str, width: int) -> str:
    wrapper = textwrap.TextWrapper(
        width=width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=True,  # a long URL must not overflow a narrow terminal
        break_on_hyphens=False,  # keep "2-3" and "brain-to-muscle" whole
    )
    lines: list[str] = []
    for i, piece in enumerate(text.split("\n")):  # hard breaks stay breaks
        wrapper.initial_indent = first if i == 0 else rest
        lines.append(wrapper.fill(" ".join(piece.split())) or wrapper.initial_indent.rstrip())
    return "\n".join(lines)
