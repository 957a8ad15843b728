"""The check-in in plain mode: the content's questions, one line each, from any text stream.

Textual-free. The plain front end calls :func:`ask_checkin` after a session; it asks the same
questions as the TUI check-in (:func:`coach.pack.levels.questions_for`), refuses a value with the
same reason (:func:`coach.checkin.parse_answer`), and re-asks until the answer is clear:
nothing unclear is ever saved as "no".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from coach.checkin import make_checkin, parse_answer, scale_range

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
    """Ask every question; an empty answer skips one, 'skip' or end of input skips them all
    (``None``). After a pain stop, a pain question is not asked: the answer is known."""
    say("")
    say("Check-in (Enter skips a question; type 'skip' to skip them all).")

    def line(text: str) -> str:
        say(text)
        answer = read()
        if answer is None or answer.strip().lower() == "skip":
            raise _Skip
        return answer.strip()

    answers: dict[str, Answer | None] = {}
    level_id = default_level_id
    try:
        for question in questions:
            if question.pain and pain_stopped:
                continue
            while True:
                try:
                    answers[question.id] = parse_answer(question, line(prompt(question)))
                    break
                except ValueError as exc:
                    say(f"{exc} Or Enter to skip.")
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
    except _Skip:
        say("Check-in skipped.")
        return None
    return make_checkin(
        list(questions), answers, level_id=level_id, notes=notes, pain_stopped=pain_stopped
    )


def progress_line(journal: Journal, pack: Pack, today: dt.date) -> str:
    """Where the person stands after a session, in the plan's unit: "Size 1 of 4 · day 3 ·
    2 of 3 today" and what is due next; empty without a programme."""
    from coach.journal.figures import figures_for, read_journal
    from coach.safe_text import clean

    if pack.program is None:
        return ""
    figures = figures_for(pack, read_journal(journal, pack.info.id), today)
    return clean(f"{figures.summary}. {figures.due_next}")


__all__ = ["ask_checkin", "progress_line", "prompt"]
