"""The check-in's questions as a form: reading typed answers, and the answers as a CheckIn.

Textual-free: the TUI check-in (coach/tui/screens/checkin.py) and plain mode
(coach/plain/checkin.py) both read answers through :func:`parse_answer`, so a refused value gets
the same reason in words on both, build the saved record with :func:`make_checkin`, and word
the one question before saving with unanswered questions with :func:`unanswered_text`.

Every question starts unanswered, and one left so is saved as ``None``: a value of its own,
never "no" (the rules, figures and reports read it so; see coach/journal/figures.py). The saved
answers name every question asked, so the question set of a check-in is known from it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from coach.journal.records import Answer, CheckIn
from coach.system.safe_text import storable

if TYPE_CHECKING:
    from coach.pack.model import Question

YES = ("y", "yes")
NO = ("n", "no")


def scale_range(question: Question) -> str:
    """ "0 (very uncomfortable) to 10 (fully comfortable)" """
    low = f"{question.min}" + (f" ({question.min_label})" if question.min_label else "")
    high = f"{question.max}" + (f" ({question.max_label})" if question.max_label else "")
    return f"{low} to {high}"


TYPED_SHOWN = 24
"""At most this many characters of a refused answer are repeated back: a long paste would push
the rule ("type one from 0 to 10") out of sight."""


def _typed(text: str) -> str:
    """What was typed, quoted, and cut short with "…" when long."""
    return repr(text if len(text) <= TYPED_SHOWN else text[: TYPED_SHOWN - 1] + "…")


def parse_answer(question: Question, text: str) -> Answer | None:
    """A typed answer: ``""`` -> None (not given); ValueError saying why a value is refused.

    A choice takes its option's number (1, 2, ...) or id; a yes/no takes y, yes, n or no.
    """
    text = text.strip()
    if not text:
        return None
    if question.kind == "scale":
        assert question.min is not None and question.max is not None
        try:
            number = int(text)
        except ValueError:
            raise ValueError(
                f"{_typed(text)} is not a whole number: type one from {question.min} to {question.max}."
            ) from None
        if number < question.min:
            raise ValueError(f"{number} is below {question.min}, the lowest on this scale.")
        if number > question.max:
            raise ValueError(f"{number} is above {question.max}, the highest on this scale.")
        return number
    if question.kind == "yes_no":
        lowered = text.lower()
        if lowered in YES:
            return True
        if lowered in NO:
            return False
        raise ValueError(f"{_typed(text)} is not yes or no: type y or n.")
    if question.kind == "choice":
        options = question.options or []
        if text.isdigit() and 1 <= int(text) <= len(options):
            return options[int(text) - 1].id
        for option in options:
            if text.lower() in (option.id.lower(), option.label.lower()):
                return option.id
        raise ValueError(
            f"{_typed(text)} is not one of the answers: type a number from 1 to {len(options)}."
        )
    return text  # free text: as written


def make_checkin(
    questions: Sequence[Question],
    answers: Mapping[str, Answer | None],
    *,
    level_id: str | None = None,
    notes: str = "",
    pain_stopped: bool = False,
) -> CheckIn:
    """The saved record: every question of ``questions`` by id, ``None`` for one not answered;
    pain when a pain question says yes, or the session was stopped for pain (its answer is then
    yes). Text that cannot be stored (bytes that were not UTF-8) is kept with U+FFFD in place of
    what could not be read (:func:`coach.system.safe_text.storable`), never lost with the rest."""
    kept: dict[str, Answer | None] = {}
    pain = pain_stopped
    for question in questions:
        value = answers.get(question.id)
        if question.pain and pain_stopped:
            value = True
        if isinstance(value, str):
            value = storable(value)[0]
        kept[question.id] = value
        if question.pain and value is True:
            pain = True
    return CheckIn(kept, pain=pain, level_id=level_id, notes=storable(notes.strip())[0])


def unreadable(answers: Mapping[str, Answer | None], notes: str) -> bool:
    """Whether saving would replace characters that cannot be stored (tell the person once)."""
    texts = [notes, *(v for v in answers.values() if isinstance(v, str))]
    return any(storable(text)[1] for text in texts)


def unanswered(
    questions: Sequence[Question],
    answers: Mapping[str, Answer | None],
    *,
    pain_stopped: bool = False,
) -> list[Question]:
    """The questions still without an answer (after a pain stop, the pain question has one)."""
    return [q for q in questions if answers.get(q.id) is None and not (q.pain and pain_stopped)]


def unanswered_text(questions: Sequence[Question]) -> str:
    """ "Not answered: Any pain? · Any bleeding?" (each question in its own words, one line)."""
    return "Not answered: " + " · ".join(" ".join(q.ask.split()) for q in questions)


__all__ = [
    "make_checkin",
    "parse_answer",
    "scale_range",
    "unanswered",
    "unanswered_text",
    "unreadable",
]
