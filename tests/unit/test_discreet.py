"""Discreet mode's neutral names: distinct, informative about length, silent about the body."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.pack import discreet
from coach.pack.load import load_pack

ROOT = Path(__file__).resolve().parents[2]


def test_letters_never_repeat() -> None:
    names = [discreet.letter(i) for i in range(800)]
    assert names[:3] == ["A", "B", "C"] and names[25:28] == ["Z", "AA", "AB"]
    assert len(set(names)) == len(names)


@pytest.mark.parametrize(
    "folder", ["content", "examples/pelvic-floor", "tests/fixtures/clinician-set"]
)
def test_each_protocol_gets_a_distinct_neutral_name(folder: str) -> None:
    pack = load_pack(ROOT / folder)
    names = discreet.routine_names(pack.protocols)
    assert set(names) == {p.id for p in pack.protocols}
    assert len(set(names.values())) == len(names)
    for protocol in pack.protocols:
        name = names[protocol.id]
        assert name.startswith("Routine ")
        steps = sum(1 for s in protocol.steps if not s.branch_only)
        assert f"{steps} steps" in name
        for word in protocol.title.lower().split():
            if len(word) > 3:
                assert word not in name.lower()


def test_the_length_is_the_clocked_part_of_the_normal_order() -> None:
    pack = load_pack(ROOT / "content")
    dilation = pack.protocol("dilation-session")
    # breathe 1m, insert 3-5m (4), rest 1-3m (2): 7 minutes; the resistance branch is not counted
    assert discreet.typical_minutes(dilation) == 7
    assert discreet.routine_name(0, dilation) == "Routine A · 7 min · 6 steps"


def test_neutral_words_say_nothing_of_the_routine() -> None:
    for text in (
        discreet.APP_TITLE,
        discreet.HOME_TITLE,
        discreet.HISTORY_TITLE,
        discreet.REPORT_TITLE,
        discreet.ABOUT_TITLE,
        discreet.DISCLAIMER,
    ):
        low = text.lower()
        for secret in ("anal", "dilat", "sphincter", "pelvic", "bleed", "sex"):
            assert secret not in low
    assert "hurts" in discreet.DISCLAIMER  # still says stop on pain


def test_the_report_title_is_neutral_only_when_asked() -> None:
    assert discreet.report_title("Anal dilation at home", True) == "Home exercise log"
    assert "Anal dilation" in discreet.report_title("Anal dilation at home", False)


def test_names_follow_home_order_and_unknown_protocols_stay_neutral() -> None:
    pack = load_pack(ROOT / "content")
    names = discreet.pack_routine_names(pack)
    assert names[pack.default_protocol.id].startswith("Routine A ·")
    assert discreet.home_order(pack)[0] is pack.default_protocol
    assert discreet.routine_label("gone-from-the-pack", names) == "Routine"
    assert (
        discreet.routine_label(pack.default_protocol.id, names) == names[pack.default_protocol.id]
    )
