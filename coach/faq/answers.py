"""FAQ answers as plain text: for ``coach faq --print``, pipes and screen readers.

Markdown is reduced to what a reader needs: emphasis markers go, links show their text
(a web address follows in brackets, since plain text cannot be clicked), lists keep "- " or
"1. ", and everything is wrapped to the width given. The output never holds an escape code or
any other control character, whatever the content file contains: plain is plain.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from collections.abc import Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from coach.faq.basis import basis_line
from coach.faq.words import strip_controls
from coach.pack.safety import HEADINGS

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode

    from coach.pack.model import FaqEntry, Safety

MAX_WIDTH = 100
"""Wider lines are hard to read, however wide the terminal."""


def terminal_width() -> int:
    """The width to wrap to: the terminal's (80 when unknown), at most :data:`MAX_WIDTH`."""
    columns = shutil.get_terminal_size(fallback=(80, 24)).columns
    return max(20, min(columns, MAX_WIDTH))


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").enable("strikethrough")


# "see [how often](faq:how-often)." and any other [text](faq:id): plain text cannot be followed,
# so the reader is told the question to look for.
_SEE_LINK = re.compile(r"\b([Ss]ee) \[([^\]\n]*)\]\(faq:([^)\s]+)\)(\.(?!\w))?")
_FAQ_LINK = re.compile(r"\[([^\]\n]*)\]\(faq:([^)\s]+)\)")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&!])")


def _escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def readable_links(markdown: str, questions: Mapping[str, str]) -> str:
    """``faq:`` links as references a reader can look up: "see: How often should I do it?".

    A link after "see" becomes "see: <question>"; any other keeps its text and adds
    "(see: <question>)". Links to ids not in ``questions`` keep their text alone.
    """

    def see(match: re.Match[str]) -> str:
        question = questions.get(match[3])
        if question is None:
            return f"{match[1]} {match[2]}{match[4] or ''}"
        stop = "" if question.rstrip()[-1:] in "?!." else (match[4] or "")
        return f"{match[1]}: {_escape(question)}{stop}"

    def other(match: re.Match[str]) -> str:
        question = questions.get(match[2])
        if question is None or question.strip().casefold() == match[1].strip().casefold():
            return match[1] if question is None else _escape(question)
        return f"{match[1]} (see: {_escape(question)})"

    return _FAQ_LINK.sub(other, _SEE_LINK.sub(see, markdown))


def markdown_to_plain(
    markdown: str, width: int = 80, questions: Mapping[str, str] | None = None
) -> str:
    """Markdown reduced to wrapped plain text (no trailing newline).

    With ``questions`` (entry id -> question), ``faq:`` links name the question they lead to.
    """
    if questions is not None:
        markdown = readable_links(markdown, questions)
    root = SyntaxTreeNode(_parser().parse(strip_controls(markdown)))
    lines = _blocks(root.children, "", "", max(width, 20))
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def render_entry(
    entry: FaqEntry,
    related: Sequence[FaqEntry] = (),
    width: int = 80,
    questions: Mapping[str, str] | None = None,
    source_title: str = "",
) -> str:
    """A whole answer: the question as a heading line, the answer, its basis, then "See also:".

    ``questions`` (entry id -> question) turns ``faq:`` links into readable references;
    ``source_title`` names the pack's source in the basis line.
    """
    width = max(width, 20)
    parts = [
        _wrap(entry.question, "", "", width),
        markdown_to_plain(entry.answer, width, questions),
    ]
    basis = basis_line(entry, source_title)
    if basis:
        parts.append(_wrap(basis, "", "", width))
    if related:
        see_also = ["See also:"]
        for other in related:
            see_also.append(_wrap(other.question, "- ", "  ", width))
        parts.append("\n".join(see_also))
    return strip_controls("\n\n".join(parts)) + "\n"


def closest_text(
    query: str,
    entries: Sequence[FaqEntry],
    safety: Safety,
    width: int = 80,
    *,
    exact_ids: bool = True,
) -> str:
    """What ``coach faq --print`` says when no answer fits: the closest questions (each with
    the id that prints it), then the way to urgent help and a clinician, urgent signs first.

    A question nothing fits may still be about something urgent ("chest pain and dizzy"):
    the red flags are printed in full, not only pointed at.
    """
    width = max(width, 20)
    shown = " ".join(strip_controls(query).split())
    lines = [_wrap(f'No question here fits "{shown}" closely. The closest ones:', "", "", width)]
    for entry in entries:
        how = f" (coach faq --print {entry.id})" if exact_ids else ""
        lines.append(_wrap(f"{entry.question}{how}", "- ", "  ", width))
    lines += ["", _wrap(f"If something is wrong now: {HEADINGS['urgent'].lower()}", "", "", width)]
    lines += [_wrap(str(flag), "- ", "  ", width) for flag in safety.red_flags]
    help_now = markdown_to_plain(safety.urgent_help, width)
    if help_now:
        lines.append(help_now)
    lines.append(
        _wrap(
            "The whole safety guidance is on coach's safety page (p on the home screen). "
            "If you are unsure, ask a clinician.",
            "",
            "",
            width,
        )
    )
    return strip_controls("\n".join(lines)) + "\n"


# --- blocks ----------------------------------------------------------------------------------


def _blocks(nodes: Sequence[SyntaxTreeNode], first: str, rest: str, width: int) -> list[str]:
    """Render sibling blocks; ``first`` prefixes the very first line, ``rest`` every other."""
    lines: list[str] = []
    previous: SyntaxTreeNode | None = None
    for node in nodes:
        block = _block(node, rest if lines else first, rest, width)
        if not block:
            continue
        # Blocks are separated by a blank line, except inside a tight list item, where
        # markdown-it marks the paragraphs hidden.
        if lines and not (_hidden(node) or _hidden(previous)):
            lines.append(rest.rstrip())  # keeps a quote's "> " bar on the blank line
        lines += block
        previous = node
    return lines


def _hidden(node: SyntaxTreeNode | None) -> bool:
    return node is not None and node.type == "paragraph" and node.hidden


def _block(node: SyntaxTreeNode, first: str, rest: str, width: int) -> list[str]:
    kind = node.type
    if kind in ("paragraph", "heading"):
        return _wrap(_inline(node.children), first, rest, width).split("\n")
    if kind in ("bullet_list", "ordered_list"):
        return _list(node, first, rest, width)
    if kind == "blockquote":
        return _blocks(node.children, first + "> ", rest + "> ", width)
    if kind in ("fence", "code_block"):
        code = node.content.rstrip("\n").split("\n")
        return [(first if i == 0 else rest) + "    " + line for i, line in enumerate(code)]
    if kind == "hr":
        return [first + "-" * 3]
    if kind == "table":
        return _table(node, first, rest)
    if kind == "html_block":
        return []  # raw HTML has no plain meaning; the Markdown screen does not show it either
    return _blocks(node.children, first, rest, width) if node.children else []


def _list(node: SyntaxTreeNode, first: str, rest: str, width: int) -> list[str]:
    lines: list[str] = []
    number = int(node.attrs.get("start", 1) or 1)
    for item in node.children:
        marker = "- " if node.type == "bullet_list" else f"{number}. "
        number += 1
        item_lines = _blocks(
            item.children, (first if not lines else rest) + marker, rest + " " * len(marker), width
        )
        if not item_lines:  # an empty item still shows its marker
            item_lines = [(first if not lines else rest) + marker.rstrip()]
        loose = any(child.type == "paragraph" and not child.hidden for child in item.children)
        if lines and loose:
            lines.append(rest.rstrip())
        lines += item_lines
    return lines


def _table(node: SyntaxTreeNode, first: str, rest: str) -> list[str]:
    lines: list[str] = []
    for section in node.children:  # thead, tbody
        for row in section.children:
            cells = [_inline(cell.children).strip() for cell in row.children]
            lines.append((first if not lines else rest) + " | ".join(cells))
    return lines


# --- inline ----------------------------------------------------------------------------------


def _inline(nodes: Sequence[SyntaxTreeNode]) -> str:
    parts: list[str] = []
    for node in nodes:
        kind = node.type
        if kind == "inline":
            parts.append(_inline(node.children))
        elif kind in ("text", "code_inline"):
            parts.append(node.content)
        elif kind == "softbreak":
            parts.append(" ")
        elif kind == "hardbreak":
            parts.append("\n")
        elif kind == "link":
            text = _inline(node.children)
            href = str(node.attrs.get("href", ""))
            parts.append(text)
            if href and not href.startswith("faq:") and href not in (text, f"mailto:{text}"):
                parts.append(f" ({href})")
        elif kind == "image":
            parts.append(_inline(node.children) or str(node.attrs.get("alt", "")))
        elif kind == "html_inline":
            continue
        else:  # strong, em, s: the words stay, the markers go
            parts.append(_inline(node.children))
    return "".join(parts)


def _wrap(text: str, first: str, rest: str, width: int) -> str:
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
