"""The home screen's programme lines: read from :mod:`coach.journal.figures`, like every figure."""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import TYPE_CHECKING

from coach.journal.figures import advice_heading, journal_figures, read_journal
from coach.journal.records import unreadable_text

if TYPE_CHECKING:
    from coach.journal.store import Journal
    from coach.pack.model import Pack


def progress_lines(
    pack: Pack | None, journal: Journal | None, today: dt.date, *, discreet: bool = False
) -> tuple[str, str]:
    """(headline, advice as Markdown) on ``today`` (the app's clock's); empty strings when
    there is no programme or journal.

    The headline: "Size 2 of 4 · day 9 · 1 of 2-3 this week", then what is due next and where
    the person stands in the plan's dates (start window, length, review). ``discreet``: the
    same counts without the level, whose name may say what the routine is ("Size 2")."""
    if pack is None or pack.program is None or journal is None:
        return "", ""

    try:
        view = read_journal(journal, pack.info.id)  # for what could not be read
        figures = journal_figures(journal, pack, today)
    except sqlite3.Error as exc:  # the home screen must open whatever the journal does
        return "", f"Your journal could not be read: {exc}"
    lines = [figures.summary, figures.due_next, *figures.standing.lines(today)]
    if discreet and figures.levels_used:
        lines[:2] = [
            figures.done_text,
            figures.due_next.replace(f", at {figures.next_level.name}", ""),
        ]
    if figures.standing.asked and figures.standing.given is None:
        lines.append("Press d to give the date.")
    if figures.level_set_by is not None and figures.levels_used and not discreet:
        who = "you" if figures.level_set_by == "person" else "your clinician"
        lines.append(f"{figures.level.name}: set by {who}.")
    if view.unreadable or view.unreadable_other:
        lines.append(unreadable_text(view.unreadable, view.unreadable_other))
    advice = figures.advice
    if figures.urgency != "none":
        advice = f"**{advice_heading(figures.label, figures.urgency)}.**\n\n{advice}"
    return "\n".join(lines), advice
