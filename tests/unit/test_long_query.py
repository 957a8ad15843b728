"""`coach faq --print` with long or hostile queries (issue 26): a 990-word query exited 70
(RecursionError in the search); what a search reads is bounded by one rule."""

from __future__ import annotations

import random
import string
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.cli.main import main
from coach.system.safe_chars import is_unsafe
from coach.system.safe_text import MAX_QUERY, query_text

random.seed(26)
WORDS_990 = [
    "".join(random.choice(string.ascii_lowercase) for _ in range(random.randint(2, 9)))
    for _ in range(990)
]


@pytest.mark.parametrize(
    "words",
    [
        ["pain", *WORDS_990[:989]],
        ["pain"] * 2000,  # the same word again and again: one frame of recursion each
        ["\x1b]0;pwned\x07\x1b[2J\u202epain"] * 3000,
    ],
    ids=["990-random-words", "2000-same-word", "escapes"],
)
def test_a_long_query_is_answered(words: list[str], content_dir: Path, capsys) -> None:
    started = time.monotonic()
    code = main(["--content", str(content_dir), "faq", "--print", *words])
    took = time.monotonic() - started
    said = capsys.readouterr()
    assert code in (0, 1), said.err  # an answer, or "No answer matches", never exit 70
    assert "something went wrong" not in said.err and "Traceback" not in said.err
    assert "\x1b" not in said.out + said.err and "pwned" not in said.out + said.err
    assert max(len(line) for line in (said.out + said.err).splitlines()) < 2 * MAX_QUERY
    assert took < 20


def test_query_text_keeps_words_and_drops_controls() -> None:
    assert (
        query_text("  how\x1b[31m long\r\n\tdoes it\u2028 take?\x07 ") == "how long does it take?"
    )
    assert query_text("\x1b]8;;https://x.example\x07link\x1b]8;;\x07") == "link"
    assert query_text("one\rtwo\u2028three\x85four") == "one two three four"  # a pasted CR
    assert len(query_text("word " * 100_000)) == MAX_QUERY


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=5000))
def test_query_text_is_bounded_printable_and_stable(text: str) -> None:
    read = query_text(text)
    assert len(read) <= MAX_QUERY
    assert read == read.strip() and "  " not in read
    assert not any(is_unsafe(c) for c in read)
    assert not any(c.isspace() for c in read.replace(" ", ""))
    assert query_text(read) == read
