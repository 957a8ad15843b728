"""Text normalisation shared by the FAQ index and its queries.

Queries and content go through the same :func:`words`, so "Café", "cafe" and "CAFÉ" meet, and
"don't" is one word ("dont"), not "don" and "t".
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w+")
# Terminal escape sequences (CSI, OSC, two-character) and other control characters: a pasted
# colour code must neither reach the terminal nor turn "\x1b[31malert" into the word "31malert".
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]")
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_CONTROLS = re.compile(f"{ANSI.pattern}|{CONTROL.pattern}")  # one pass over the text
# An apostrophe inside a word joins it: "don't" -> "dont", "person’s" -> "persons".
_INNER_APOSTROPHE = re.compile(r"(?<=\w)['’](?=\w)")
# The target of a Markdown link, "](faq:some-id)" or "](https://...)": never searchable text.
_LINK_TARGET = re.compile(r"\]\([^)]*\)")


def strip_controls(text: str) -> str:
    """``text`` without escape sequences or control characters (newlines kept, tabs spaced)."""
    return _CONTROLS.sub("", text.expandtabs(4))


def fold(text: str) -> str:
    """Case-fold and drop accents, so typing without them still matches."""
    text = text.casefold()
    if text.isascii():  # the common case: skip the per-character pass
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> list[str]:
    """The folded words of ``text``, in order (repeats kept)."""
    text = strip_controls(text)
    if "'" in text or "’" in text:
        text = _INNER_APOSTROPHE.sub("", text)
    return _WORD.findall(fold(text))


def markdown_words(markdown: str) -> list[str]:
    """The words a reader sees in Markdown: link targets (ids, URLs) are not part of the text."""
    return words(_LINK_TARGET.sub("]", markdown))


def lead(markdown: str) -> str:
    """The first paragraph: answers lead with the direct answer, so it counts for more."""
    return markdown.strip().split("\n\n", 1)[0]
