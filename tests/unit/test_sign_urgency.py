"""One urgency per sign: ``coach check`` names both files and lines of a sign given two; and
the pack's other issue-24 checks (before_you_start, a required basis)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.cli.main import main
from coach.pack.errors import PackError
from coach.pack.load import load, load_pack
from coach.pack.signs import mentions, urgency_problems
from tests.unit.packs import FAQ, PACK, PROGRAM, SAFETY, write_pack

# The register names "heavy" urgent; the list item tags it too (a red flag: urgent).
SAFETY_SIGNS = (
    SAFETY.replace(
        'red_flags = ["Bleeding that does not stop"]',
        'red_flags = [{ text = "Bleeding that does not stop", sign = "heavy" }]',
    )
    + '\n[signs]\nheavy = "urgent"\nspotting = "stop-today"\n'
)

ROUTINE_IN_FAQ = FAQ.replace(
    'answer = "Slowly."', 'answer = "Slowly."\nsigns = { heavy = "routine" }'
)


def _line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_a_sign_urgent_in_safety_and_routine_in_the_faq_names_both_places(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_pack(tmp_path, safety=SAFETY_SIGNS, faq=ROUTINE_IN_FAQ)
    assert main(["check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    faq_line = _line_of(tmp_path / "faq.toml", 'heavy = "routine"')
    register_line = _line_of(tmp_path / "safety.toml", 'heavy = "urgent"')
    assert f"faq.toml:{faq_line}:" in out
    assert f"'routine' here, but 'urgent' in safety.toml line {register_line}" in out
    assert "1 sign problem" in out


def test_agreeing_tags_pass_and_a_list_item_must_agree_with_its_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    agreeing = FAQ.replace('answer = "Slowly."', 'answer = "Slowly."\nsigns = { heavy = "urgent" }')
    write_pack(tmp_path, safety=SAFETY_SIGNS, faq=agreeing)
    assert main(["check", str(tmp_path)]) == 0
    # A warning sign (stop for today) tagged with a sign the register calls urgent.
    mislisted = SAFETY_SIGNS.replace(
        'warning_signs = ["Sharp pain"]',
        'warning_signs = [{ text = "Sharp pain", sign = "heavy" }]',
    )
    write_pack(tmp_path, safety=mislisted, faq=agreeing)
    assert main(["check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    line = _line_of(tmp_path / "safety.toml", "warning_signs")
    assert f"safety.toml:{line}:" in out and "'stop-today' here, but 'urgent'" in out


def test_a_rule_and_an_unknown_sign_without_a_register(tmp_path: Path) -> None:
    """With no [signs] register, the first file read that names a sign (the programme
    comes before the FAQ) sets it; a later one that disagrees is reported. With a register, a sign it lacks is reported, with a guess."""
    rule = PROGRAM.replace('urgency = "soon"', 'urgency = "soon"\nsigns = { heavy = "soon" }')
    write_pack(tmp_path, faq=ROUTINE_IN_FAQ, program=rule)
    problems = urgency_problems(load(tmp_path).files)
    rule_line = _line_of(tmp_path / "program.toml", "heavy =")
    assert [(p.path.name, p.message) for p in problems] == [
        ("faq.toml", f"sign 'heavy' is 'routine' here, but 'soon' in program.toml line {rule_line}")
    ]
    typo = FAQ.replace(
        'answer = "Slowly."', 'answer = "Slowly."\nsigns = { spoting = "stop-today" }'
    )
    write_pack(tmp_path, safety=SAFETY_SIGNS, faq=typo, program=None)
    (tmp_path / "program.toml").unlink()
    problems = urgency_problems(load(tmp_path).files)
    assert len(problems) == 1 and "no sign 'spoting'" in problems[0].message
    assert problems[0].hint == "did you mean 'spotting'?"


def test_the_shipped_content_gives_every_sign_one_urgency(content_dir: Path) -> None:
    files = load(content_dir).files
    assert urgency_problems(files) == []
    # ... and it really is checked: the shipped files tag signs in safety, FAQ and programme.
    roles = {m.path.name for m in mentions(files)}
    assert {"safety.toml", "faq.toml", "program.toml"} <= roles


# --- the other checks of issue 24: before_you_start names an entry; every answer says its basis


def test_before_you_start_must_name_an_faq_entry(tmp_path: Path) -> None:
    write_pack(tmp_path, pack=PACK + 'before_you_start = "what-first"\n')
    with pytest.raises(PackError) as raised:
        load_pack(tmp_path)
    (problem,) = raised.value.problems
    assert (problem.path.name, problem.field) == ("pack.toml", "before_you_start")
    assert problem.line == _line_of(tmp_path / "pack.toml", "before_you_start")
    write_pack(tmp_path, pack=PACK + 'before_you_start = "what"\n')
    assert load_pack(tmp_path).info.before_you_start == "what"


def test_an_faq_entry_without_a_basis_is_a_problem(tmp_path: Path) -> None:
    """No silent default: whose words an answer is must be said."""
    no_basis = FAQ.replace(
        'answer = "Slowly."\ntags = ["basics"]\nbasis = "general"',
        'answer = "Slowly."\ntags = ["basics"]',
    )
    assert no_basis != FAQ
    write_pack(tmp_path, faq=no_basis)
    with pytest.raises(PackError) as raised:
        load_pack(tmp_path)
    (problem,) = raised.value.problems
    assert problem.path.name == "faq.toml" and "basis" in problem.field
