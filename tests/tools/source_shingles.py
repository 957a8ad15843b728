"""The 8-word shingles of a source text, hashed: what tests/unit/test_own_words.py checks against.

The content must carry the source's facts in its own words. To test that without putting the
source into the repository, only SHA-256 hashes of its normalised 8-word runs are kept
(tests/data/source_shingles.txt). Regenerate them when the source changes:

    python -m tests.tools.source_shingles /work/shared/protocol-facts.md > tests/data/source_shingles.txt

Normalised means: Unicode-compatible forms, lower case, every run of characters that is not a
letter or digit turned into one space. So "brain-to-muscle" and "Brain to muscle," are the same
three words, and Markdown markers (** , `) never hide a copied run.
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

SHINGLE = 8
"""Words in a run: 8 or more words in the source's order is copying, not a shared phrase."""

_NOT_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> list[str]:
    """The words of ``text``: lower case, punctuation gone, whitespace collapsed."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _NOT_WORD.sub(" ", folded).split()


def shingles(text: str, size: int = SHINGLE) -> Iterator[str]:
    """Every run of ``size`` consecutive normalised words, joined by single spaces."""
    tokens = normalise(text)
    for start in range(len(tokens) - size + 1):
        yield " ".join(tokens[start : start + size])


def digest(shingle: str) -> str:
    return hashlib.sha256(shingle.encode("utf-8")).hexdigest()


def hashes(texts: Iterable[str], size: int = SHINGLE) -> set[str]:
    """The hashes of every shingle of every text (a shingle never spans two texts)."""
    return {digest(s) for text in texts for s in shingles(text, size)}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(
            "usage: python -m tests.tools.source_shingles SOURCE.md > hashes.txt", file=sys.stderr
        )
        return 2
    source = Path(argv[0]).read_text(encoding="utf-8")
    for line in sorted(hashes([source])):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
