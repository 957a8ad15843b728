"""Opening the journal for a command line tool, and saying plainly what happened to it."""

from __future__ import annotations

import logging
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from coach.journal import aside
from coach.journal.aside import JournalError
from coach.journal.store import Journal
from coach.system.safe_text import clean

log = logging.getLogger(__name__)


def moved_aside_message(journal: Journal) -> str | None:
    """The plain-words notice for a journal found damaged on open, or None."""
    if journal.moved_aside is None:
        if journal.kept_aside:
            return (
                "A damaged helper file beside your journal (SQLite's index of recent changes, "
                "which it rebuilds) was moved aside, untouched, to:\n"
                + "".join(f"  {p}\n" for p in journal.kept_aside)
                + "Your journal itself is sound and nothing in it was lost."
            )
        return None
    why = f" ({journal.moved_aside_reason})" if journal.moved_aside_reason else ""
    return (
        f"Your journal could not be read{why}, so it was moved aside, untouched, to:\n"
        f"  {journal.moved_aside}\n"
        "A new, empty journal was started. Nothing was deleted: keep that file if you may "
        "want to recover it."
    )


def read_failed(path: Path, exc: sqlite3.Error) -> str:
    """Plain words for a journal that opened but could not be read to its end."""
    if aside.is_damage(exc):
        return (
            f"Your journal {path} is damaged where coach reads it (SQLite says: {exc}). It was "
            "left exactly as it is; keep a copy of it before anything else."
        )
    return aside.sqlite_words(path, exc)


def open_or_exit(stderr: TextIO | None = None, *, read_only: bool = False) -> Journal:
    """The journal, with any moved-aside notice on stderr; on a problem, a message and exit 1.

    ``read_only`` for commands that only read (history, report): a read-only journal still
    reads, and a missing one reads as empty without being created.
    """
    stderr = stderr or sys.stderr
    try:
        journal = Journal.open(read_only=read_only)
    except JournalError as exc:
        print(clean(f"coach: {exc}"), file=stderr)
        raise SystemExit(1) from None
    message = moved_aside_message(journal)
    if message:
        print(clean(f"coach: {message}"), file=stderr)
    return journal


@dataclass(frozen=True, slots=True)
class Opened:
    """The journal a front end opened, or why it could not, and what to tell the person."""

    journal: Journal | None
    notice: str | None = None
    """A whole sentence: the journal was moved aside (a warning), or why it cannot be opened
    (an error: :attr:`journal` is ``None``)."""


def open_journal() -> Opened:
    """Open the journal from any thread; never raises (a failure is logged and said)."""
    try:
        journal = Journal.open()
    except JournalError as exc:
        return Opened(None, f"{exc} Sessions will not be saved.")  # a sentence naming the file
    except Exception as exc:
        log.error("opening the journal failed", exc_info=True)
        return Opened(
            None,
            f"Your journal cannot be opened ({type(exc).__name__}: {exc}). "
            "Sessions will not be saved.",
        )
    return Opened(journal, moved_aside_message(journal))
