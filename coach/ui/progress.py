"""The home screen's progress line, from the journal and the content's programme rules."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.journal.store import Journal
    from coach.pack.model import Pack


def progress_lines(pack: Pack | None, journal: Journal | None) -> tuple[str, str]:
    """(headline, what to do next); empty strings when there is no programme or journal."""
    if pack is None or pack.program is None or journal is None:
        return "", ""
    import sqlite3

    from coach.journal.progress import compute_progress
    from coach.journal.records import for_pack

    try:
        sessions = for_pack(journal.sessions(), pack.info.id)
    except sqlite3.Error as exc:  # the home screen must open whatever the journal does
        return "", f"Your journal could not be read: {exc}"
    progress = compute_progress(pack.program, sessions, dt.date.today())
    return progress.summary, progress.advice
