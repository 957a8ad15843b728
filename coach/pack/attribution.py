"""Where a pack's guidance comes from, in words: for the About view, home and the report.

Textual-free. It says what the pack's ``[source]`` table says and nothing more: which parts
follow the source, which are the pack author's own choices, how the two relate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # home imports this before the content is loaded: keep pydantic off that path
    from coach.pack.model import Basis, PackInfo, Protocol, Source


def citation(source: Source) -> str:
    """One line a reader can trace: title, clinician, publisher, review date, address."""
    parts = [source.title, source.clinician, source.publisher]
    if source.reviewed:
        parts.append(f"medically reviewed {source.reviewed.isoformat()}")
    if source.url:
        parts.append(source.url)
    return " · ".join(p for p in parts if p)


BASIS_WORDS: dict[str, str] = {
    "source": "from the source",
    "general": "general guidance, not from the source",
    "mixed": "partly from the source",
}
"""How a basis is marked where a person reads (the FAQ, the safety sections, a session's
header): the same words everywhere."""


def basis_mark(basis: Basis | None) -> str:
    """The mark for ``basis``, e.g. "general guidance, not from the source"; "" for none."""
    return BASIS_WORDS.get(basis or "", "")


def session_credit(info: PackInfo, protocol: Protocol) -> str:
    """The line under a session's title naming the source only for what follows it.

    "source": from the source; "mixed": based on it, with the protocol's note on which part;
    "general": the note (or "not from the source") and no source named. A protocol that says
    nothing of its basis is credited as before, "from <title>, <clinician>".
    """
    source = info.source
    note = " ".join(protocol.basis_note.split())
    if protocol.basis == "general":
        return note or "Not from this pack's source."
    if source is None:
        return note
    who = ", ".join(part for part in (source.title, source.clinician) if part)
    if protocol.basis == "mixed":
        return f"Based on {who.rstrip('.')}. {note}".strip()
    if protocol.basis == "source":
        return f"From {who.rstrip('.')}."
    return f"from {who}" if source.clinician else ""


@dataclass(frozen=True, slots=True)
class AboutPart:
    id: str
    heading: str
    markdown: str


def about_parts(info: PackInfo) -> list[AboutPart]:
    """The About view's sections, in reading order; empty ones are left out."""
    parts = [AboutPart("about-description", "What this is", info.description)]
    source = info.source
    if source is None:
        parts.append(
            AboutPart(
                "about-source",
                "Source",
                "This pack names no source. Its guidance is its author's own.",
            )
        )
    else:
        parts += [
            AboutPart(
                "about-source",
                "Source",
                "\n\n".join(x for x in (citation(source), source.note or "") if x),
            ),
            AboutPart("about-follows", "What follows the source", source.follows_source),
            AboutPart("about-own", "What is not from the source", source.own_choices),
            AboutPart("about-affiliation", "Affiliation", source.affiliation),
        ]
    parts.append(AboutPart("about-disclaimer", "Please note", info.disclaimer))
    return [p for p in parts if p.markdown.strip()]


def report_source_lines(info: PackInfo) -> list[str]:
    """Markdown lines naming the protocol's source, for the end of a clinician's report."""
    source = info.source
    if source is None:
        return []
    lines = ["## Source of the protocol", "", citation(source), ""]
    if source.affiliation.strip():
        lines += [" ".join(source.affiliation.split()), ""]
    return lines
