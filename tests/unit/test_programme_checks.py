"""coach check over the programme: rules, check-in references and level parameters, each a
problem with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.pack.load import PackError, load_pack
from tests.unit.packs import PROGRAM, PROTOCOL, mini_pack, write_pack

LEVELED = PROTOCOL.replace('title = "Breathe"\n', 'title = "Breathe"\nuses_levels = true\n', 1)


def problems(folder: Path) -> list:
    with pytest.raises(PackError) as caught:
        load_pack(folder)
    return caught.value.problems


def one(folder: Path):
    found = problems(folder)
    assert len(found) == 1, [p.message for p in found]
    return found[0]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_mini_programme_loads(tmp_path: Path) -> None:
    pack = mini_pack(tmp_path, program=PROGRAM)
    assert [q.id for q in pack.program.checkin] == ["comfort", "pain", "bleeding"]


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ("{ blood = true }", "no check-in question with id 'blood'"),
        ("{ pain = 3 }", "'pain' is a yes/no question: use true or false"),
        ('{ comfort = ">= 11" }', "11 is outside 'comfort''s scale (0-10)"),
        ('{ comfort = "lots" }', "'comfort' is a scale: give a number"),
    ],
)
def test_a_rule_naming_what_does_not_exist_is_refused(
    tmp_path: Path, answers: str, message: str
) -> None:
    program = PROGRAM + (
        f'\n[[rules]]\nid = "x"\nlabel = "X"\nadvice = "x"\nwhen = {{ answers = {answers} }}\n'
    )
    problem = one(write_pack(tmp_path, program=program))
    assert message in problem.message
    assert problem.path.name == "program.toml"
    assert problem.line == line_of(program, "when = { answers = " + answers)


def test_a_rule_naming_an_unknown_choice_answer_or_level(tmp_path: Path) -> None:
    program = PROGRAM.replace(
        '[[checkin]]\nid = "bleeding"\nkind = "yes_no"\nask = "Any bleeding?"\n',
        '[[checkin]]\nid = "bleeding"\nkind = "choice"\nask = "Any bleeding?"\noptions = [\n'
        '  { id = "none", label = "None" },\n  { id = "spotting", label = "Spotting", grade = 1 },\n]\n',
    ).replace("bleeding = true", 'bleeding = ">= spoting"')
    program += '\n[[rules]]\nid = "y"\nlabel = "Y"\nadvice = "y"\nwhen = { on_levels = ["two"] }\n'
    found = problems(write_pack(tmp_path, program=program))
    messages = sorted(p.message for p in found)
    assert messages == [
        "'bleeding' has no answer 'spoting'; its answers: none, spotting",
        "no level with id 'two'",
    ]
    assert any(p.hint == "did you mean 'spotting'?" for p in found)


def test_checkin_only_must_name_the_packs_questions(tmp_path: Path) -> None:
    protocol = PROTOCOL.replace(
        'title = "Breathe"\n', 'title = "Breathe"\ncheckin_only = ["comfort", "bleding"]\n', 1
    )
    problem = one(write_pack(tmp_path, program=PROGRAM, protocol=protocol))
    assert problem.message == "no question in program.toml with id 'bleding'"
    assert problem.hint == "did you mean 'bleeding'?"
    assert problem.path.name == "breathe.toml" and problem.line == 3


def test_a_protocol_question_may_not_reuse_a_pack_id(tmp_path: Path) -> None:
    protocol = PROTOCOL + '\n[[checkin]]\nid = "comfort"\nkind = "text"\nask = "Again?"\n'
    problem = one(write_pack(tmp_path, program=PROGRAM, protocol=protocol))
    assert "already asks a question 'comfort'" in problem.message


def test_protocol_questions_narrow_and_extend(tmp_path: Path) -> None:
    from coach.pack.levels import questions_for

    protocol = (
        PROTOCOL.replace(
            'title = "Breathe"\n', 'title = "Breathe"\ncheckin_only = ["comfort"]\n', 1
        )
        + '\n[[checkin]]\nid = "felt-it"\nkind = "yes_no"\nask = "Could you feel the muscle working?"\n'
    )
    pack = mini_pack(tmp_path, program=PROGRAM, protocol=protocol)
    asked = questions_for(pack.program, pack.protocol("breathe"))
    # Pain is always asked: with the pack's pain question left out, coach asks its own.
    assert [q.id for q in asked] == ["pain", "comfort", "felt-it"]
    assert asked[0].pain


@pytest.mark.parametrize(
    ("kind", "extra", "message"),
    [
        ("scale", "", "a scale question needs 'min' and 'max'"),
        ("scale", "min = 5\nmax = 5\n", "'min' (5) must be below 'max' (5)"),
        ("choice", 'options = [{ id = "a", label = "A" }]\n', "at least 2 'options'"),
        ("yes_no", "min = 1\n", "belong to a scale question only"),
        ("text", "pain = true\n", "'pain = true' belongs to a yes_no question only"),
    ],
)
def test_each_question_kind_is_checked(tmp_path: Path, kind: str, extra: str, message: str) -> None:
    program = PROGRAM + f'\n[[checkin]]\nid = "q"\nkind = "{kind}"\nask = "Q?"\n{extra}'
    problem = one(write_pack(tmp_path, program=program))
    assert message in problem.message and problem.path.name == "program.toml"


def test_an_unknown_level_parameter_is_a_problem_at_its_line(tmp_path: Path) -> None:
    program = PROGRAM.replace(
        'name = "Level one"\n', 'name = "Level one"\nparams = { hold = "5s" }\n'
    )
    protocol = LEVELED.replace('duration = "4s"', 'duration = "{hodl}"')
    problem = one(write_pack(tmp_path, program=program, protocol=protocol))
    assert problem.message == "unknown parameter 'hodl': no value for it on level 'one'"
    assert problem.hint == "did you mean {hold}?"
    assert problem.path.name == "breathe.toml"
    assert problem.line == line_of(protocol, '"{hodl}"')


def test_parameters_need_a_protocol_that_uses_levels(tmp_path: Path) -> None:
    program = PROGRAM.replace('name = "Level one"\n', 'name = "Level one"\nparams = { reps = 3 }\n')
    protocol = PROTOCOL.replace("repetitions = 3", 'repetitions = "{reps}"')
    problem = one(write_pack(tmp_path, program=program, protocol=protocol))
    assert (
        "does not use levels" in problem.message and problem.hint and "uses_levels" in problem.hint
    )


def test_a_parameter_that_does_not_fit_is_reported_on_its_level(tmp_path: Path) -> None:
    program = PROGRAM.replace(
        'name = "Level one"\n', 'name = "Level one"\nparams = { hold = "3-5s" }\n'
    )
    protocol = LEVELED.replace('duration = "4s"', 'duration = "{hold}"')
    problem = one(write_pack(tmp_path, program=program, protocol=protocol))
    assert problem.path.name == "program.toml"
    assert "in protocol 'breathe' at level 'one'" in problem.message
    assert (
        "a range such as '3s-5s' is not allowed here" in problem.message
        or "not allowed here" in problem.message
    )
    assert problem.line == line_of(program, "params = ")


def test_a_range_where_one_is_not_allowed_says_so(tmp_path: Path) -> None:
    protocol = PROTOCOL.replace("repetitions = 3", 'repetitions = "3-5"')
    problem = one(write_pack(tmp_path, protocol=protocol))
    assert "a range such as '3-5' is not allowed here" in problem.message
    protocol = PROTOCOL.replace('duration = "4s"', 'duration = "3-5s"')
    problem = one(write_pack(tmp_path, protocol=protocol))
    assert (
        "a phase lasts one fixed time" in problem.message and "not allowed here" in problem.message
    )


def test_a_release_1_program_gets_a_message_that_says_what_changed(tmp_path: Path) -> None:
    old = 'sessions_per_week = "2-3"\ndays_per_level = "7"\n[[levels]]\nid = "a"\nname = "A"\n'
    problem = one(write_pack(tmp_path, program=old))
    assert "coach 1's format" in problem.message and "[[rules]]" in problem.message


def test_plan_periods_are_checked(tmp_path: Path) -> None:
    program = PROGRAM.replace('per = "week"\n', 'per = "week"\nlength = "12 fortnights"\n')
    problem = one(write_pack(tmp_path, program=program))
    assert "cannot read '12 fortnights' as a length of time" in problem.message
    program = PROGRAM.replace('per = "week"\n', 'per = "week"\nstart = { window = "2-8 weeks" }\n')
    assert "add 'ask'" in one(write_pack(tmp_path, program=program)).message
    program = PROGRAM.replace('per = "week"', 'per = "month"')
    assert one(write_pack(tmp_path, program=program)).path.name == "program.toml"


def test_a_rule_may_read_coachs_own_pain_question(tmp_path: Path) -> None:
    program = PROGRAM.replace("pain = true\n", "")  # the pack's "pain" is now a plain yes/no
    program = program.replace('id = "pain"', 'id = "sore"')
    program += (
        '\n[[rules]]\nid = "p"\nlabel = "P"\nadvice = "p"\nurgency = "routine"\n'
        "when = { answers = { pain = true } }\n"
    )
    pack = mini_pack(tmp_path, program=program)
    assert pack.program is not None and pack.program.rules[-1].id == "p"
