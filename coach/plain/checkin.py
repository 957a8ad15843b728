"""The check-in in plain mode: the content's questions, one line each, from any text stream.

Textual-free. The plain front end calls :func:`ask_checkin` after a session; it asks the same
questions as the TUI check-in (:func:`coach.pack.levels.questions_for`), refuses a value with the
same reason (:func:`coach.session.checkin.parse_answer`), and re-asks until the answer is clear:
nothing unclear is ever saved as "no". Enter leaves a question unanswered (saved as not
answered); before saving with any so, it says which and asks once, as the TUI does. What was
answered is never lost: not to 'skip', not to the input ending, not to a character that could
not be read (kept as U+FFFD, said once).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from coach.journal.figures import figures_for, read_journal
from coach.session.checkin import (
    make_checkin,
    parse_answer,
    scale_range,
    unanswered,
    unanswered_text,
)
from coach.system.safe_text import UNREADABLE_NOTICE, clean, storable

if TYPE_CHECKING:
    import datetime as dt

    from coach.journal.records import Answer, CheckIn
    from coach.journal.store import Journal
    from coach.pack.model import Level, Pack, Question


class _Skip(Exception):
    pass


def prompt(question: Question) -> str:
    """The question as one line, with how to answer it."""
    ask = question.ask
    if question.kind == "scale":
        return f"{ask} {scale_range(question)} (Enter to skip)"
    if question.kind == "yes_no":
        return f"{ask} (y/n, Enter to skip)"
    if question.kind == "choice":
        choices = ", ".join(f"{i + 1} {o.label}" for i, o in enumerate(question.options or []))
        return f"{ask} {choices} (Enter to skip)"
    return f"{ask} (one line, Enter to skip)"


def ask_checkin(
    questions: Sequence[Question],
    read: Callable[[], str | None],
    say: Callable[[str], None],
    *,
    levels: Sequence[Level] | None = None,
    level_noun: str = "level",
    default_level_id: str | None = None,
    pain_stopped: bool = False,
) -> CheckIn | None:
    """Ask every question; an empty answer leaves one unanswered. 'skip' or the end of input
    skips the rest: what was answered is saved, and ``None`` (no check-in) only when nothing
    was. After a pain stop, a pain question is not asked: the answer is known."""
    say("")
    say("Check-in (Enter leaves a question unanswered; type 'skip' to skip the rest).")
    told_unreadable = False
    ended = False  # the input ended: nothing more can be asked

    def line(text: str) -> str:
        nonlocal told_unreadable, ended
        say(text)
        answer = None if ended else read()
        if answer is None:
            ended = True
            raise _Skip
        answer, replaced = storable(answer)
        if replaced and not told_unreadable:
            told_unreadable = True
            say(UNREADABLE_NOTICE)
        if answer.strip().lower() == "skip":
            raise _Skip
        return answer.strip()

    def ask(question: Question) -> None:
        if question.hint:  # what the TUI shows beside the field, on a line of its own here
            say(f"  ({question.hint})")
        while True:
            try:
                answers[question.id] = parse_answer(question, line(prompt(question)))
                return
            except ValueError as exc:
                say(f"{exc} Or Enter to leave it unanswered.")

    answers: dict[str, Answer | None] = {}
    level_id = default_level_id
    notes = ""
    skipped = False
    try:
        for question in questions:
            if not (question.pain and pain_stopped):
                ask(question)
        if levels:
            choices = ", ".join(f"{i + 1} {level.name}" for i, level in enumerate(levels))
            while True:
                answer = line(f"Which {level_noun} did you use? {choices} (Enter to skip)")
                if not answer:
                    break
                if answer.isdigit() and 1 <= int(answer) <= len(levels):
                    level_id = levels[int(answer) - 1].id
                    break
                say(f"Please type a number from 1 to {len(levels)}, or Enter to skip.")
        notes = line("Notes for yourself or your clinician (one line, Enter for none):")
        left = unanswered(questions, answers, pain_stopped=pain_stopped)
        if left and _answer_now(line, say, left):  # asked once
            for question in left:
                ask(question)
    except _Skip:
        skipped = True
    given = any(value is not None for value in answers.values()) or bool(notes)
    if skipped and not given:
        say("Check-in skipped.")
        return None
    if skipped:
        say("The rest is skipped; what you answered is saved.")
    return make_checkin(
        list(questions), answers, level_id=level_id, notes=notes, pain_stopped=pain_stopped
    )


def _answer_now(
    line: Callable[[str], str], say: Callable[[str], None], left: list[Question]
) -> bool:
    """Say which questions are not answered and ask once whether to answer them now; anything
    but n saves as they are (so does the end of input: nothing given is lost)."""
    say(unanswered_text(left))
    try:
        choice = line("Save with these not answered? Enter or y saves; n answers them now:")
    except _Skip:
        return False
    return choice.lower() in ("n", "no")


def progress_line(journal: Journal, pack: Pack, today: dt.date) -> str:
    """Where the person stands after a session, in the plan's unit: "Size 1 of 4 · day 3 ·
    2 of 3 today" and what is due next; empty without a programme."""
    if pack.program is None:
        return ""
    figures = figures_for(pack, read_journal(journal, pack.info.id), today)
    return clean(f"{figures.summary}. {figures.due_next}")


__all__ = ["ask_checkin", "progress_line", "prompt"]
