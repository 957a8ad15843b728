"""One test per kind of content problem, each with the exact file, line and field reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.cli.main import main
from coach.pack.errors import PackError
from coach.pack.load import check_file, load, load_pack
from coach.pack.model import AttemptsStep, IntervalsStep, Protocol
from coach.pack.validate import ValidationError, validate
from coach.system.problems import Problem

from .packs import FAQ, PACK, PROTOCOL, mini_pack, write_pack


def problems_of(folder: Path) -> list[Problem]:
    with pytest.raises(PackError) as info:
        load_pack(folder)
    return info.value.problems


def only(folder: Path) -> Problem:
    found = problems_of(folder)
    assert len(found) == 1, [p.render() for p in found]
    return found[0]


def test_the_mini_pack_loads(tmp_path: Path) -> None:
    pack = mini_pack(tmp_path)
    assert pack.info.title == "Mini pack"
    protocol = pack.default_protocol
    assert [s.id for s in protocol.steps] == ["ready", "in-out", "try", "reset"]
    step = protocol.steps[2]
    assert isinstance(step, AttemptsStep)
    assert (step.attempts.low, step.attempts.high) == (4, 6)
    assert step.duration is not None and (step.duration.low, step.duration.high) == (180, 300)
    assert isinstance(protocol.steps[1], IntervalsStep)
    assert protocol.steps[1].step_seconds() == 30
    assert [e.id for e in pack.faq] == ["what", "how"]


def test_the_shipped_pack_loads(content_dir: Path) -> None:
    pack = load_pack(content_dir)
    assert len(pack.protocols) >= 3
    assert len(pack.faq) >= 12
    assert pack.program is not None and 3 <= len(pack.program.levels) <= 4
    assert (pack.program.days_per_level.low, pack.program.days_per_level.high) == (7, 14)
    assert (pack.program.plan.sessions.low, pack.program.plan.sessions.high) == (2, 3)
    assert pack.program.plan.per == "week" and len(pack.program.checkin) == 3
    assert pack.info.source is not None and pack.info.source.reviewed is not None


def test_the_example_pack_loads(content_dir: Path) -> None:
    pack = load_pack(content_dir.parent / "examples" / "pelvic-floor")
    assert pack.protocols


def test_syntax_error(tmp_path: Path) -> None:
    bad = PROTOCOL.replace('title = "Get ready"', 'title = "Get ready')
    problem = only(write_pack(tmp_path, protocol=bad))
    assert problem.path.name == "breathe.toml"
    assert (problem.line, problem.col) == (6, 19)
    assert problem.message.startswith("TOML syntax")


def test_invalid_utf8(tmp_path: Path) -> None:
    write_pack(tmp_path)
    (tmp_path / "pack.toml").write_bytes(PACK.encode() + b'description = "caf\xe9"\n')
    problem = only(tmp_path)
    assert (problem.line, problem.col) == (4, 19)
    assert "UTF-8" in problem.message


def test_nul_byte(tmp_path: Path) -> None:
    write_pack(tmp_path)
    (tmp_path / "faq.toml").write_bytes(b"\n\n[[faq]]\x00\n")
    problem = only(tmp_path)
    assert (problem.path.name, problem.line, problem.col) == ("faq.toml", 3, 8)
    assert "NUL" in problem.message


def test_wrong_type(tmp_path: Path) -> None:
    bad = PROTOCOL.replace("repetitions = 3", 'repetitions = "three"')
    problem = only(write_pack(tmp_path, protocol=bad))
    assert (problem.line, problem.field) == (14, "steps[1].repetitions")


def test_unknown_key_has_a_hint(tmp_path: Path) -> None:
    bad = PROTOCOL.replace('duration = "3-5m"', 'durration = "3-5m"')
    problem = only(write_pack(tmp_path, protocol=bad))
    assert (problem.line, problem.field) == (31, "steps[2].durration")
    assert problem.hint == "did you mean 'duration'?"
    rendered = problem.render(tmp_path)
    assert rendered == (
        "protocols/breathe.toml:31:1: steps[2].durration: unknown key 'durration' "
        "(did you mean 'duration'?)"
    )


def test_unknown_step_kind(tmp_path: Path) -> None:
    bad = PROTOCOL.replace('kind = "checklist"', 'kind = "cheklist"')
    problem = only(write_pack(tmp_path, protocol=bad))
    assert (problem.line, problem.field) == (7, "steps[0].kind")
    assert "cheklist" in problem.message and problem.hint and "checklist" in problem.hint


def test_missing_required_key(tmp_path: Path) -> None:
    bad = PROTOCOL.replace('title = "In and out"\n', "")
    problem = only(write_pack(tmp_path, protocol=bad))
    assert (problem.line, problem.field) == (10, "steps[1].title")  # the [[steps]] header
    assert "missing" in problem.message


def test_duplicate_step_ids(tmp_path: Path) -> None:
    bad = PROTOCOL.replace('id = "try"', 'id = "ready"').replace('on_resistance = "reset"', "")
    problem = only(write_pack(tmp_path, protocol=bad))
    assert (problem.line, problem.field) == (27, "steps[2].id")
    assert "duplicate step id 'ready'" in problem.message


def test_duplicate_protocol_ids_across_files(tmp_path: Path) -> None:
    write_pack(tmp_path, **{"protocols/again.toml": PROTOCOL})
    found = problems_of(tmp_path)
    assert [p.message for p in found] == ["duplicate protocol id 'breathe'"]
    assert (found[0].path.name, found[0].line) in {("breathe.toml", 1), ("again.toml", 1)}


def test_duplicate_faq_ids(tmp_path: Path) -> None:
    bad = FAQ.replace('id = "how"', 'id = "what"').replace("faq:how", "faq:what")
    bad = bad.replace('see_also = ["how"]', "")
    problem = only(write_pack(tmp_path, faq=bad))
    assert (problem.line, problem.field) == (12, "faq[1].id")


def test_dangling_branch(tmp_path: Path) -> None:
    bad = PROTOCOL.replace('on_resistance = "reset"', 'on_resistance = "rest"')
    problem = only(write_pack(tmp_path, protocol=bad))
    assert (problem.line, problem.field) == (32, "steps[2].on_resistance")
    assert problem.hint == "did you mean 'reset'?"


def test_dangling_default_protocol(tmp_path: Path) -> None:
    problem = only(write_pack(tmp_path, pack=PACK.replace('"breathe"', '"breath"')))
    assert (problem.path.name, problem.line, problem.field) == ("pack.toml", 3, "default_protocol")
    assert problem.hint == "did you mean 'breathe'?"


def test_dangling_faq_references(tmp_path: Path) -> None:
    bad = FAQ.replace('see_also = ["how"]', 'see_also = ["hw"]').replace("faq:how", "faq:who")
    found = problems_of(write_pack(tmp_path, faq=bad))
    assert [(p.line, p.col, p.field) for p in found] == [
        (5, 19, "faq[0].answer"),
        (8, 13, "faq[0].see_also[0]"),
    ]


@pytest.mark.parametrize("duration", ['"0s"', "-5", '"5-3m"'])
def test_zero_negative_and_backwards_durations(tmp_path: Path, duration: str) -> None:
    bad = PROTOCOL.replace('duration = "3-5m"', f"duration = {duration}")
    problem = only(write_pack(tmp_path, protocol=bad))
    assert (problem.line, problem.field) == (31, "steps[2].duration")


def test_empty_protocol(tmp_path: Path) -> None:
    problem = only(write_pack(tmp_path, protocol='id = "breathe"\ntitle = "B"\nsteps = []\n'))
    assert (problem.line, problem.field) == (3, "steps")


def test_faq_links_are_checked_in_every_file(tmp_path: Path) -> None:
    bad = PROTOCOL.replace('title = "Try"', 'title = "Try"\ntext = "See [why](faq:whyy)."')
    problem = only(write_pack(tmp_path, protocol=bad))
    assert (problem.line, problem.col, problem.field) == (29, 18, "steps[2].text")
    assert problem.message == "link to a missing FAQ entry 'faq:whyy'"


def test_yes_is_not_true(tmp_path: Path) -> None:
    problem = only(write_pack(tmp_path, protocol=PROTOCOL.replace("true", '"yes"')))
    assert (problem.line, problem.field) == (38, "steps[3].branch_only")


def test_cue_after_the_step_ends(tmp_path: Path) -> None:
    bad = PROTOCOL.replace(
        'on_resistance = "reset"\n',
        'on_resistance = "reset"\n\n[[steps.cues]]\nat = "10m"\nsay = "late"\n',
    )
    problem = only(write_pack(tmp_path, protocol=bad))
    assert (problem.line, problem.field) == (26, "steps[2]")
    assert "falls after the step ends (300s)" in problem.message


def test_missing_files_and_unknown_files(tmp_path: Path) -> None:
    write_pack(tmp_path, safety=None, **{"faqs.toml": "x = 1\n"})
    messages = sorted(p.render(tmp_path) for p in problems_of(tmp_path))
    assert messages == [
        "faqs.toml: unknown content file: coach reads pack.toml, program.toml, faq.toml, "
        "safety.toml and protocols/*.toml (did you mean 'faq.toml'?)",
        "safety.toml: missing: every pack needs safety.toml",
    ]


def test_huge_file_is_refused_quickly(tmp_path: Path) -> None:
    write_pack(tmp_path)
    with (tmp_path / "faq.toml").open("w") as handle:
        handle.write("# " + "x" * (17 * 1024 * 1024) + "\n")
    problem = only(tmp_path)
    assert "at most 16 MiB" in problem.message


def test_every_problem_in_every_file_at_once(tmp_path: Path) -> None:
    write_pack(
        tmp_path,
        pack=PACK.replace("title", "titel"),
        protocol=PROTOCOL.replace("repetitions = 3", "repetitions = 0"),
        faq=FAQ.replace('see_also = ["how"]', 'see_also = ["nope"]'),
    )
    found = problems_of(tmp_path)
    assert sorted({p.path.name for p in found}) == ["breathe.toml", "faq.toml", "pack.toml"]


def test_check_file_alone(tmp_path: Path) -> None:
    write_pack(tmp_path)
    assert check_file(tmp_path / "protocols" / "breathe.toml")
    (tmp_path / "protocols" / "breathe.toml").write_text(PROTOCOL.replace('"4-6"', '"x"'))
    with pytest.raises(PackError) as info:
        check_file(tmp_path / "protocols" / "breathe.toml")
    assert info.value.problems[0].line == 30


def test_user_pack_overrides_by_id(tmp_path: Path) -> None:
    base = write_pack(tmp_path / "base")
    user = tmp_path / "user"
    (user / "protocols").mkdir(parents=True)
    (user / "faq.toml").write_text(
        '[[faq]]\nid = "how"\nbasis = "general"\nquestion = "How, really?"\nanswer = "Gently."\n\n'
        '[[faq]]\nid = "new"\nbasis = "general"\nquestion = "New?"\nanswer = "Yes."\n'
    )
    (user / "protocols" / "breathe.toml").write_text(
        PROTOCOL.replace('title = "Breathe"', 'title = "Breathe (mine)"')
    )
    result = load(base, user)
    assert result.pack.default_protocol.title == "Breathe (mine)"
    assert [(e.id, e.question) for e in result.pack.faq] == [
        ("what", "What is it?"),
        ("how", "How, really?"),
        ("new", "New?"),
    ]
    (user / "faq.toml").write_text(
        '[[faq]]\nid = "what"\nbasis = "general"\nquestion = "Mine"\nanswer = "A"\n'
    )
    assert [e.id for e in load(base, user).pack.faq] == ["what", "how"]  # keeps its place
    assert sorted((o.what, o.replaces) for o in result.overrides) == [
        ("FAQ entry 'how'", True),
        ("FAQ entry 'new'", False),
        ("protocol 'breathe'", True),
    ]


def test_a_user_folder_holding_another_pack_replaces_the_default_instead_of_overlaying(
    content_dir: Path, tmp_path: Path
) -> None:
    """A pack installed into the person's content folder (another id) runs alone: its plan and
    questions never meet the default's protocols (which would then name questions it lacks)."""
    other = write_pack(tmp_path / "other")
    result = load(content_dir, other)
    assert result.pack.info.id == load(other).pack.info.id != "anal-dilation"
    assert {p.id for p in result.pack.protocols} == {p.id for p in load(other).pack.protocols}
    assert not result.overrides and result.alone  # nothing overridden: a pack of its own
    # The same id is still an overlay: `coach init` copies keep overriding entry by entry.
    mine = tmp_path / "mine"
    (mine / "protocols").mkdir(parents=True)
    (mine / "pack.toml").write_text((content_dir / "pack.toml").read_text())
    overlaid = load(content_dir, mine)
    assert len(overlaid.pack.protocols) == len(load(content_dir).pack.protocols)


def test_problem_in_a_shipped_entry_kept_beside_overrides_points_at_its_line(
    tmp_path: Path,
) -> None:
    base = write_pack(tmp_path / "base", faq=FAQ.replace('answer = "Slowly."', "answer = 3"))
    user = tmp_path / "user"
    user.mkdir()
    (user / "faq.toml").write_text(
        '[[faq]]\nid = "what"\nbasis = "general"\nquestion = "Q"\nanswer = "A"\n'
    )
    with pytest.raises(PackError) as info:
        load(base, user)
    [problem] = info.value.problems
    assert (problem.path.name, problem.line, problem.field) == ("faq.toml", 14, "faq[1].answer")


def test_coach_check_cli(tmp_path: Path, content_dir: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["check", str(content_dir)]) == 0
    assert "ok" in capsys.readouterr().out
    write_pack(tmp_path, protocol=PROTOCOL.replace("repetitions = 3", "repetitions = -1"))
    assert main(["check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "breathe.toml:14:1: steps[1].repetitions:" in out
    assert "1 problem in 1 file." in out


@pytest.mark.parametrize("ident", ["[1]", "{ a = 1 }", "3"])
def test_an_faq_id_that_is_not_a_string_is_a_problem_not_a_crash(
    tmp_path: Path, ident: str
) -> None:
    """Found by the fuzz test: a person's faq.toml with `id = [1]` over the default pack raised
    TypeError (unhashable) while the files were overlaid; now the validator names it."""
    base = write_pack(tmp_path / "base")
    user = tmp_path / "user"
    user.mkdir()
    (user / "faq.toml").write_text(
        f'[[faq]]\nid = {ident}\nquestion = "Q?"\nanswer = "A."\nbasis = "general"\n', "utf-8"
    )
    with pytest.raises(PackError) as raised:
        load(base, user)
    assert any("id" in problem.render() for problem in raised.value.problems)


STEPS_OF_EVERY_KIND = {
    "info": {},
    "checklist": {"items": ["a towel"]},
    "timed": {"duration": "1m"},
    "attempts": {"attempts": "2-3", "duration": "1m"},
    "intervals": {"phases": [{"name": "hold", "duration": "5s"}], "repetitions": 2},
}


@pytest.mark.parametrize("kind", list(STEPS_OF_EVERY_KIND))
@pytest.mark.parametrize(
    ("cue", "said"),
    [
        ({"say": "now"}, "exactly one of 'at' or 'before_end'"),
        ({"say": "now", "at": "5s", "before_end": "5s"}, "exactly one of 'at' or 'before_end'"),
        ({"say": "now", "at": "5-10s"}, "one moment, not over a range"),
    ],
)
def test_a_class_is_checked_wherever_it_is_used(kind: str, cue: dict, said: str) -> None:
    """A cue's own check holds in a step of every kind, not only in the first class pydantic
    builds that uses cues (it keeps one schema per class, shared by every use)."""
    step = {"id": "s", "title": "S", "kind": kind, **STEPS_OF_EVERY_KIND[kind], "cues": [cue]}
    data = {"id": "p", "title": "P", "steps": [step]}
    with pytest.raises(ValidationError) as info:
        validate(Protocol, data)
    assert [e["loc"][-2:] for e in info.value.errors()] == [("cues", 0)]
    assert said in str(info.value)
    del step["cues"]
    assert validate(Protocol, data).steps[0].kind == kind  # the step alone is fine
