"""The order safety guidance is read in, the same on screen, in plain mode, in speech and in reports.

Urgent help comes first, because a person in trouble reads the top and stops:

1. what to do right now (``stop_now`` during a session, the protocol's own if it has one,
   ``after_session`` once it is over);
2. when to get urgent help: the red flags, with ``urgent_help``;
3. the warning signs, with ``warning_help``;
4. when to see a clinician;
5. what can be normal.

Each section may carry its basis (safety.toml's ``[basis]``), marked under its heading, so a
reader sees which parts are the pack author's own guidance and which follow the source.

Textual-free: the safety screen lays these sections out, :func:`show_safety` prints them, and
:func:`spoken` gives the part worth saying aloud. Every front end takes its :class:`Safety`
from :func:`for_protocol`, so the steps for right now fit the protocol that was stopped.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from coach.pack.attribution import basis_mark
from coach.pack.model import Basis, Moment, Protocol, Safety, SectionName

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

Tone = SectionName

HEADINGS: dict[Tone, str] = {
    "now": "Right now",
    "urgent": "Get urgent medical help now if",
    "warning": "Warning signs: stop for today",
    "clinician": "When to see a clinician",
    "normal": "What can be normal",
}


@dataclass(frozen=True, slots=True)
class Section:
    """One block of guidance: a heading, then Markdown, a list, or a list followed by Markdown."""

    tone: Tone
    heading: str
    items: tuple[str, ...] = ()
    markdown: str = ""
    basis: Basis | None = None

    @property
    def id(self) -> str:
        return f"safety-{self.tone}"

    @property
    def mark(self) -> str:
        """Where this section comes from, in words ("" when the pack does not say)."""
        return basis_mark(self.basis)


def for_protocol(safety: Safety, protocol: Protocol | None) -> Safety:
    """``safety`` with the protocol's own ``stop_now`` when it has one: a drill with no device
    must not tell a person to take it out. Every front end asks here, never the file."""
    if protocol is None or not protocol.stop_now.strip():
        return safety
    return dataclasses.replace(safety, stop_now=protocol.stop_now)


def sections(safety: Safety, moment: Moment = "during") -> list[Section]:
    """The safety guidance for ``moment``, most urgent first, each with its basis."""
    found = [
        Section("now", HEADINGS["now"], markdown=safety.right_now(moment).strip()),
        Section(
            "urgent",
            HEADINGS["urgent"],
            items=tuple(safety.red_flags),
            markdown=safety.urgent_help.strip(),
        ),
        Section(
            "warning",
            HEADINGS["warning"],
            items=tuple(safety.warning_signs),
            markdown=safety.warning_help.strip(),
        ),
        Section("clinician", HEADINGS["clinician"], markdown=safety.see_clinician.strip()),
        Section("normal", HEADINGS["normal"], items=tuple(safety.normal)),
    ]
    return [
        dataclasses.replace(section, basis=safety.basis.get(section.tone))
        if section.tone in safety.basis
        else section
        for section in found
    ]


_MARKER = re.compile(r"^(\d+\.|-) ")


@cache
def _markdown() -> MarkdownIt:
    # Imported at the first text shown or spoken: `plan`, `history`, `report` and `log` read
    # this module's sections and rules, and never pay markdown-it's ~30 ms.
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def plain_text(markdown: str) -> str:
    """Markdown as plain text, one paragraph or list item a line, without markup signs.

    For speech and for terminals: ``**Stop.**`` must not be read out as asterisks.
    """
    lines: list[str] = []
    number: list[int] = []  # the next number of each open ordered list, innermost last
    prefix = ""
    for token in _markdown().parse(markdown):
        if token.type == "ordered_list_open":
            number.append(int(token.attrGet("start") or 1))
        elif token.type == "ordered_list_close":
            number.pop()
        elif token.type == "list_item_open":
            if token.info and number:  # ordered: markdown-it keeps the number in info
                prefix = f"{number[-1]}. "
                number[-1] += 1
            else:
                prefix = "- "
        elif token.type == "inline":
            text = "".join(
                child.content if child.type in ("text", "code_inline") else " "
                for child in token.children or ()
                if child.type in ("text", "code_inline", "softbreak", "hardbreak")
            )
            lines.append(prefix + " ".join(text.split()))
            prefix = ""
        elif token.type in ("fence", "code_block"):
            lines.extend(token.content.rstrip("\n").splitlines())
    return "\n".join(line for line in lines if line.strip())


def spoken(safety: Safety, moment: Moment = "during") -> str:
    """What speech says after a stop: the steps for right now, then the urgent signs, and
    what to do if one of them fits (said as a condition: a stop for pain is not an emergency
    unless a sign says so, and a voice cannot show a list's heading)."""
    # Numbers and bullets are for the eye: a voice reading "one, full stop" helps nobody.
    now = "\n".join(
        _MARKER.sub("", line) for line in plain_text(safety.right_now(moment)).splitlines()
    )
    urgent = "; ".join(item.rstrip(".") for item in safety.red_flags)
    help_now = " ".join(plain_text(safety.urgent_help).split())
    parts = [now, f"{HEADINGS['urgent']}: {urgent}.", f"If one of these fits: {help_now}"]
    return "\n".join(part for part in parts[: 3 if help_now else 2] if part)


def closing(safety: Safety, urgency: str | None = None, heading: str = "") -> str:
    """The last words of the guidance in plain mode, where the top has scrolled away: where
    the urgent signs are and what to do for them, as urgent as the rule that fired and no
    more. ``urgency``: the rule's (none, routine, soon, urgent), ``None`` without one (a pain
    stop); ``heading``: the rule's label and urgency in words ("Stop for today · mention at
    your next visit")."""
    help_now = " ".join(plain_text(safety.urgent_help).split())
    where = f"under {HEADINGS['urgent'].upper()} (scroll up)"
    if urgency == "urgent":
        first = f"URGENT: {heading}." if heading else "URGENT: get medical help now."
        return " ".join(part for part in (first, help_now, f"The signs are {where}.") if part)
    first = f"{heading}. " if heading else ""
    then = help_now or "get medical help now."
    return f"{first}If any sign {where} fits, that is urgent: {then}"


def show_safety(
    safety: Safety,
    say: Callable[[str], None],
    wrap: Callable[[str], None],
    moment: Moment = "during",
    note: str = "",
    *,
    urgency: str | None = None,
    heading: str = "",
) -> None:
    """Plain mode: the same sections, in the same order, as lines of text.

    ``say`` prints a line as it is; ``wrap`` prints a paragraph wrapped to the terminal.
    ``note`` (Markdown), if given, comes first: why this is shown (a check-in rule's advice).
    ``urgency`` and ``heading``: the rule that fired, for the last words (:func:`closing`).
    """
    say("")
    say(safety.title_for(moment).upper())
    for line in plain_text(note).splitlines():
        wrap(line)
    for section in sections(safety, moment):
        say("")
        title = section.heading.upper() if section.tone == "urgent" else section.heading
        mark = f" ({section.mark})" if section.mark else ""
        say(title + mark if ":" in title else f"{title}{mark}:")
        for item in section.items:
            wrap(f"- {item}")
        if section.markdown:
            for line in plain_text(section.markdown).splitlines():
                wrap(line)
    # A line terminal scrolls: by the end the urgent signs may be off the top of a 24-row
    # screen. The last lines say where they are and what to do, so they are never out of sight;
    # "URGENT" only when the rule that fired is urgent.
    say("")
    wrap(closing(safety, urgency, heading))
