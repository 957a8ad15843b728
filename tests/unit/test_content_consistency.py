"""The shipped packs say where each answer comes from, and give each sign one figure.

Whose advice a sentence is must be visible (an FAQ entry never relies on the default basis), and
a sign must not be "15 minutes" in one file and "30 minutes" in another. `coach check` knows no
pack's topic; these checks read the packs that ship with coach.
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from pathlib import Path

import pytest

from tests.unit.test_own_words import strings

ROOT = Path(__file__).resolve().parents[2]
PACKS = (ROOT / "content", ROOT / "examples" / "pelvic-floor")


def faq_entries(pack: Path) -> list[dict[str, object]]:
    path = pack / "faq.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))["faq"] if path.is_file() else []


@pytest.mark.parametrize("pack", PACKS, ids=lambda p: p.name)
def test_every_faq_entry_states_its_basis(pack: Path) -> None:
    entries = faq_entries(pack)
    assert entries
    silent = [e["id"] for e in entries if "basis" not in e]
    assert not silent, f"entries relying on the default basis: {silent}"
    unexplained = [e["id"] for e in entries if e["basis"] == "mixed" and not e.get("basis_note")]
    assert not unexplained, f"mixed entries that do not say which part is whose: {unexplained}"


# One figure per sign: each pattern's number must be the same wherever the pack says it.
FIGURES = {
    "a dilator that will not come out": re.compile(r"(\d+) minutes of calm tries"),
    "bleeding that does not stop": re.compile(r"does not stop\s+after about (\d+) minutes"),
    "the expected tries": re.compile(r"(\d+-\d+) tries"),
    "pain that calls a clinician": re.compile(r"pain at (\d+) sessions within (\d+) weeks"),
    "spotting that calls a clinician": re.compile(r"spotting at (\d+) sessions in a row"),
}


def pack_strings(pack: Path) -> list[tuple[str, str]]:
    found = []
    for path in sorted(pack.rglob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        found += [(f"{path.name}:{w}", " ".join(t.split())) for w, t in strings(data, "")]
    return found


def test_each_sign_has_one_figure_in_the_default_pack() -> None:
    texts = pack_strings(ROOT / "content")
    for sign, pattern in FIGURES.items():
        seen: defaultdict[tuple[str, ...], list[str]] = defaultdict(list)
        for where, text in texts:
            for match in pattern.finditer(text.lower()):
                seen[match.groups()].append(where)
        assert seen, f"no file states {sign!r} any more: update this test's pattern"
        assert len(seen) == 1, f"{sign}: different figures in {dict(seen)}"


def test_the_figure_check_catches_two_figures() -> None:
    pattern = FIGURES["a dilator that will not come out"]
    texts = ["Not out after about 15 minutes of calm tries.", "After 30 minutes of calm tries."]
    figures = {m.groups() for t in texts for m in pattern.finditer(t.lower())}
    assert figures == {("15",), ("30",)}
