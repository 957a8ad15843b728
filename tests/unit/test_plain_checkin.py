"""Plain mode's check-in: the content's questions as lines, every kind, refusals in words."""

from __future__ import annotations

from coach.journal.figures import needs_safety
from coach.journal.records import CheckIn
from coach.pack.levels import questions_for
from coach.pack.load import load_pack
from coach.pack.model import Question
from coach.plain.checkin import ask_checkin, prompt
from tests.snapshots.apps.journal_data import pack

QUESTIONS = [
    *pack().program.checkin,  # type: ignore[union-attr]
    Question(id="where", kind="text", ask="Where did you do it?"),
]


def ask(lines: list[str], questions=QUESTIONS, **kw) -> tuple[CheckIn | None, list[str]]:
    said: list[str] = []
    feed = iter(lines)
    answer = ask_checkin(questions, lambda: next(feed, None), said.append, **kw)
    return answer, said


def test_every_kind_as_a_line() -> None:
    answer, said = ask(["8", "n", "3", "on the sofa", "fine"])
    assert answer == CheckIn(
        {"comfort": 8, "pain": False, "bleeding": "more", "where": "on the sofa"}, notes="fine"
    )
    assert "How comfortable was it? 0 (very uncomfortable) to 10 (fully comfortable)" in said[2]
    assert said[4].startswith("Any bleeding? 1 None, 2 Spotting, 3 More than spotting")


def test_unclear_answers_are_asked_again_with_the_reason() -> None:
    answer, said = ask(["12", "7", "maybe", "yes", "9", "spotting", "", "", "y"])
    assert answer is not None and dict(answer.answers) == {
        "comfort": 7,
        "pain": True,
        "bleeding": "spotting",
        "where": None,  # asked, left unanswered
    }
    assert answer.pain
    tail = "Or Enter to leave it unanswered."
    assert f"12 is above 10, the highest on this scale. {tail}" in said
    assert f"'maybe' is not yes or no: type y or n. {tail}" in said
    assert f"'9' is not one of the answers: type a number from 1 to 4. {tail}" in said


def test_after_a_pain_stop_pain_is_not_asked_and_is_yes() -> None:
    answer, said = ask(["", "", "", ""], pain_stopped=True)
    assert answer is not None and answer.pain and answer.answers["pain"] is True
    assert not any(line.startswith("Any pain?") for line in said)


def test_skip_and_end_of_input_keep_what_was_answered() -> None:
    """'skip' and the input ending skip the rest, never what was answered before them."""
    rest = {"pain": None, "bleeding": None, "where": None}
    for lines in (["5", "skip"], ["5"]):
        answer, said = ask(lines)
        assert answer == CheckIn({"comfort": 5, **rest}), lines
        assert "The rest is skipped; what you answered is saved." in said
    answer, _ = ask(["5", "", "", "", "", "skip"])  # 'skip' at "save with these...?": saves
    assert answer == CheckIn({"comfort": 5, **rest})
    for lines in (["skip"], [], ["", "", "skip"]):  # nothing given: no check-in at all
        answer, said = ask(lines)
        assert answer is None and "Check-in skipped." in said, lines


def test_every_question_starts_unanswered_and_saving_with_some_so_asks_once() -> None:
    answer, said = ask(["", "", "", "", "", "y"])
    assert answer == CheckIn({"comfort": None, "pain": None, "bleeding": None, "where": None})
    assert answer.unanswered == ["comfort", "pain", "bleeding", "where"]
    assert not answer.pain
    asked = [line for line in said if line.startswith("Not answered: ")]
    assert asked == [
        "Not answered: How comfortable was it? · Any pain? · Any bleeding? · Where did you do it?"
    ]
    assert sum("Save with these not answered?" in line for line in said) == 1
    # n: the unanswered ones are asked again, then it is saved without asking twice.
    answer, said = ask(["7", "", "", "", "", "n", "y", "1", "home"])
    assert answer == CheckIn(
        {"comfort": 7, "pain": True, "bleeding": "none", "where": "home"}, pain=True
    )
    assert sum("Save with these not answered?" in line for line in said) == 1
    # n, then Enter again: still unanswered, saved as such.
    answer, _ = ask(["7", "", "", "", "", "n", "", "", ""])
    assert answer == CheckIn({"comfort": 7, "pain": None, "bleeding": None, "where": None})


def test_text_that_cannot_be_stored_is_kept_replaced_and_said_once() -> None:
    """Bytes that were not UTF-8 arrive as surrogate escapes: kept as U+FFFD, and the answers
    around them are kept (issue 21: they all were lost)."""
    answer, said = ask(["7", "y", "", "caf\udce9 \udcff", "felt caf\udce9 ok"])
    assert answer is not None
    assert answer.answers["where"] == "caf\ufffd \ufffd"
    assert answer.notes == "felt caf\ufffd ok"
    assert (answer.answers["comfort"], answer.pain) == (7, True)
    assert sum("could not be read" in line for line in said) == 1
    answer.notes.encode("utf-8")  # storable


def test_the_level_used() -> None:
    levels = pack().program.levels  # type: ignore[union-attr]
    answer, said = ask(["", "", "", "", "5", "2", ""], levels=levels, level_noun="size")
    assert answer is not None and answer.level_id == "size-2"
    assert "Please type a number from 1 to 4, or Enter to skip." in said


def test_prompts_say_how_to_answer() -> None:
    scale, yes_no, choice, text = QUESTIONS
    assert prompt(scale).endswith("10 (fully comfortable) (Enter to skip)")
    assert prompt(choice).endswith("4 Heavy or not stopping (Enter to skip)")
    assert prompt(yes_no) == "Any pain? (y/n, Enter to skip)"
    assert prompt(text) == "Where did you do it? (one line, Enter to skip)"


def test_needs_safety_for_the_default_pack() -> None:
    shipped = load_pack(__import__("pathlib").Path(__file__).resolve().parents[2] / "content")
    session = shipped.protocol("dilation-session")
    drill = shipped.protocol("control-drill")
    assert not needs_safety(shipped, session, CheckIn({"pain": False, "bleeding": "none"}))
    for grade in ("spotting", "more", "heavy"):
        assert needs_safety(shipped, session, CheckIn({"bleeding": grade}))
    assert needs_safety(shipped, session, CheckIn({"pain": True}, pain=True))
    assert needs_safety(shipped, drill, CheckIn({"pain": True}, pain=True))  # pain: always
    # The drill doesn't ask about bleeding: its check-in has no bleeding question.
    assert [q.id for q in questions_for(shipped.program, drill)] == ["comfort", "pain"]
