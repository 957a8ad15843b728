"""Text normalisation shared by the FAQ index and its queries.

Queries and content go through the same :func:`words`, so "Café", "cafe" and "CAFÉ" meet, and
"don't" is one word ("dont"), not "don" and "t".
"""

from __future__ import annotations

import re
import unicodedata

from coach.system.safe_text import strip

_WORD = re.compile(r"\w+")
# An apostrophe inside a word joins it: "don't" -> "dont", "person’s" -> "persons".
_INNER_APOSTROPHE = re.compile(r"(?<=\w)['’](?=\w)")
# The target of a Markdown link, "](faq:some-id)" or "](https://...)": never searchable text.
_LINK_TARGET = re.compile(r"\]\([^)]*\)")


def strip_controls(text: str) -> str:
    """``text`` without escape sequences or unsafe characters (newlines kept, tabs spaced):
    coach's one rule (:mod:`coach.system.safe_text`), so a pasted colour code neither reaches the
    terminal nor turns "\\x1b[31malert" into the word "31malert"."""
    return strip(text.expandtabs(4))


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
