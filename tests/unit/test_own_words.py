"""No content string repeats a run of 8 or more words from the protocol's source.

The content carries the source's facts and figures in its own words. The source is not in the
repository: tests/data/source_shingles.txt holds only SHA-256 hashes of its normalised 8-word
runs, made by tests/tools/source_shingles.py (which says how to regenerate them). Every string
of every TOML file under content/ and examples/ is walked and its own 8-word runs hashed the
same way; any hash in the list is a copied run.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.tools.source_shingles import SHINGLE, digest, hashes, normalise, shingles

ROOT = Path(__file__).resolve().parents[2]
HASHES = ROOT / "tests" / "data" / "source_shingles.txt"
CONTENT_DIRS = (ROOT / "content", ROOT / "examples")
# Where the source lives on the machines that have it; the checks that need it skip elsewhere.
SOURCE = Path(os.environ.get("COACH_SOURCE_FACTS", "/work/shared/protocol-facts.md"))


def source_hashes() -> frozenset[str]:
    lines = HASHES.read_text(encoding="utf-8").split()
    return frozenset(lines)


def strings(value: object, where: str) -> Iterator[tuple[str, str]]:
    """Every string inside a parsed TOML value, with a dotted path to it."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from strings(item, f"{where}[{i}]")


def content_strings() -> Iterator[tuple[str, str]]:
    """(file:path, text) for every string of every content TOML file."""
    for folder in CONTENT_DIRS:
        for path in sorted(folder.rglob("*.toml")):
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            for where, text in strings(data, ""):
                yield f"{path.relative_to(ROOT)}:{where}", text


def copied_runs(text: str, known: frozenset[str]) -> list[str]:
    """The 8-word runs of ``text`` whose hashes are in ``known``."""
    return [run for run in shingles(text) if digest(run) in known]


def test_the_hash_list_is_a_list_of_hashes() -> None:
    known = source_hashes()
    assert len(known) > 100  # a source page has hundreds of 8-word runs
    assert all(len(h) == 64 and set(h) <= set("0123456789abcdef") for h in known)


def test_the_walk_reaches_every_content_file() -> None:
    files = {where.split(":", 1)[0] for where, _ in content_strings()}
    expected = {str(p.relative_to(ROOT)) for folder in CONTENT_DIRS for p in folder.rglob("*.toml")}
    assert files == expected
    assert any(f.endswith("content/faq.toml") for f in files)
    assert any("examples/pelvic-floor/protocols/" in f for f in files)


def test_no_content_string_copies_8_words_of_the_source() -> None:
    known = source_hashes()
    found = [
        f"{where}: {run!r}" for where, text in content_strings() for run in copied_runs(text, known)
    ]
    assert not found, "runs of 8+ words from the source (reword them):\n" + "\n".join(found)


def test_a_planted_copy_is_caught_and_short_overlaps_are_not() -> None:
    # The mechanism, on a made-up "source": no source text is needed or kept.
    source = "The quick brown fox, jumping over the lazy dog, wakes every hen in the yard."
    known = frozenset(hashes([source]))
    planted = "Our own words here. the QUICK brown-fox jumping over the lazy dog wakes it."
    assert copied_runs(planted, known) == [
        "the quick brown fox jumping over the lazy",
        "quick brown fox jumping over the lazy dog",
        "brown fox jumping over the lazy dog wakes",
    ]
    seven = "A quick brown fox jumping over the lazy cat."  # 7 words in a row, not 8
    assert copied_runs(seven, known) == []


def test_the_check_fails_on_a_planted_content_string(tmp_path: Path) -> None:
    known = frozenset(hashes(["one two three four five six seven eight nine ten"]))
    pack = tmp_path / "pack.toml"
    pack.write_text(
        'id = "x"\n[source]\nnote = "We say: Two three four five six seven eight nine."\n',
        encoding="utf-8",
    )
    data = tomllib.loads(pack.read_text(encoding="utf-8"))
    hits = [(w, r) for w, t in strings(data, "") for r in copied_runs(t, known)]
    assert hits == [("source.note", "two three four five six seven eight nine")]


@pytest.mark.skipif(not SOURCE.is_file(), reason="the source text is not on this machine")
def test_the_hash_list_matches_the_source() -> None:
    regenerated = hashes([SOURCE.read_text(encoding="utf-8")])
    assert regenerated == source_hashes(), (
        "tests/data/source_shingles.txt is out of date: rerun tests/tools/source_shingles.py"
    )


@pytest.mark.skipif(not SOURCE.is_file(), reason="the source text is not on this machine")
def test_a_real_sentence_of_the_source_planted_in_the_content_is_caught() -> None:
    known = source_hashes()
    lines = [line for line in SOURCE.read_text(encoding="utf-8").splitlines()]
    sentence = next(line for line in lines if len(normalise(line)) >= SHINGLE + 4)
    _, text = next(iter(content_strings()))
    assert copied_runs(text, known) == []
    assert copied_runs(f"{text}\n\n{sentence}", known)
