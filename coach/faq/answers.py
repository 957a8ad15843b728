"""FAQ answers' Markdown reduced to plain-text pieces (:mod:`coach.faq.plain` lays them out).

Markdown is reduced to what a reader needs: emphasis markers go, links show their text
(a web address follows in brackets, since plain text cannot be clicked), lists keep "- " or
"1. ", and the text is left to wrap at whatever width it is shown at.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from coach.faq.plain import Piece, Pieces, lay_out
from coach.faq.words import strip_controls


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


def answer_pieces(markdown: str, questions: Mapping[str, str] | None = None) -> Pieces:
    """Markdown reduced to plain-text pieces, to lay out at any width.

    With ``questions`` (entry id -> question), ``faq:`` links name the question they lead to.
    """
    if questions is not None:
        markdown = readable_links(markdown, questions)
    root = SyntaxTreeNode(_parser().parse(strip_controls(markdown)))
    return tuple(_blocks(root.children, "", ""))


def markdown_to_plain(
    markdown: str, width: int = 80, questions: Mapping[str, str] | None = None
) -> str:
    """Markdown reduced to wrapped plain text (no trailing newline)."""
    return lay_out(answer_pieces(markdown, questions), width)


# --- blocks ----------------------------------------------------------------------------------


def _blocks(nodes: Sequence[SyntaxTreeNode], first: str, rest: str) -> list[Piece]:
    """Render sibling blocks; ``first`` prefixes the very first line, ``rest`` every other."""
    lines: list[Piece] = []
    previous: SyntaxTreeNode | None = None
    for node in nodes:
        block = _block(node, rest if lines else first, rest)
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


def _block(node: SyntaxTreeNode, first: str, rest: str) -> list[Piece]:
    kind = node.type
    if kind in ("paragraph", "heading"):
        return [(_inline(node.children), first, rest)]
    if kind in ("bullet_list", "ordered_list"):
        return _list(node, first, rest)
    if kind == "blockquote":
        return _blocks(node.children, first + "> ", rest + "> ")
    if kind in ("fence", "code_block"):
        code = node.content.rstrip("\n").split("\n")
        return [(first if i == 0 else rest) + "    " + line for i, line in enumerate(code)]
    if kind == "hr":
        return [first + "-" * 3]
    if kind == "table":
        return _table(node, first, rest)
    if kind == "html_block":
        return []  # raw HTML has no plain meaning; the Markdown screen does not show it either
    return _blocks(node.children, first, rest) if node.children else []


def _list(node: SyntaxTreeNode, first: str, rest: str) -> list[Piece]:
    lines: list[Piece] = []
    number = int(node.attrs.get("start", 1) or 1)
    for item in node.children:
        marker = "- " if node.type == "bullet_list" else f"{number}. "
        number += 1
        item_lines = _blocks(
            item.children, (first if not lines else rest) + marker, rest + " " * len(marker)
        )
        if not item_lines:  # an empty item still shows its marker
            item_lines = [(first if not lines else rest) + marker.rstrip()]
        loose = any(child.type == "paragraph" and not child.hidden for child in item.children)
        if lines and loose:
            lines.append(rest.rstrip())
        lines += item_lines
    return lines


def _table(node: SyntaxTreeNode, first: str, rest: str) -> list[Piece]:
    lines: list[Piece] = []
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
