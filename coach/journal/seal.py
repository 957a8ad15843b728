"""A checksum on every stored row, so a changed value is seen instead of shown as if true.

SQLite checks its own structure (``quick_check`` on open), but not the values in a row: a
flipped bit in a note, a date or a count reads back as a different, valid-looking value. So
every row of every table carries ``crc``: a CRC-32 of all its other columns, read back as
SQLite returns them, computed whenever the row is written (:func:`seal`) and checked whenever
it is read (:func:`intact`). A row whose checksum does not match, or is missing, is damaged:
left in the file untouched, left out of what is shown, and counted, so the person is told.

The columns of each table, in the order they are summed, are :data:`SEALED`; a migration that
adds a column adds it here too, and seals every row again (a test checks that every column is
covered). The bytes summed are ``marshal`` format 2 of the row's values (``None``, ``int``,
``float``, ``str``: the types SQLite gives back): a C encoder, about 1.5 µs for a session row,
so listing 10,000 sessions costs some 15 ms more. Format 2 has been written the same way since
Python 2.5; should an interpreter ever write it differently, the self-test at import turns the
check off (logged) rather than report every row as damaged.
"""

from __future__ import annotations

import marshal
import zlib

TYPE_CHECKING = False  # not typing's: coach status reads this module, and typing imports re
if TYPE_CHECKING:
    import sqlite3
    from collections.abc import Sequence

SEALED: dict[str, tuple[str, ...]] = {
    # The columns a listing reads come first, in the order it reads them (see store.py).
    "sessions": (
        "id",
        "pack_id",
        "protocol_id",
        "protocol_title",
        "started",
        "ended",
        "level_id",
        "planned_level_id",
        "counts_as_session",
        "active_seconds",
        "steps_done",
        "steps_total",
        "attempts",
        "resistances",
        "pain_stop",
        "finished",
        "completed",
        "finish_reason",
        "checked_in",
        "pain",
        "answers",
        "notes",
        "started_ts",
        "last_event",
        "pauses",
        "comfort",
        "bleeding",
        "event_count",
        "counted",
    ),
    "events": (
        "id",
        "session_id",
        "kind",
        "at",
        "wall",
        "active",
        "step_index",
        "step_id",
        "data",
        "done_step",
    ),
    "checkins": (
        "id",
        "session_id",
        "saved",
        "pain",
        "answers",
        "level_id",
        "notes",
        "comfort",
        "bleeding",
    ),
    "activities": (
        "id",
        "pack_id",
        "activity_id",
        "title",
        "counts",
        "day",
        "logged",
        "note",
        "answers",
    ),
    "plan_start": ("pack_id", "day", "saved"),
    "level_changes": ("id", "pack_id", "level_id", "set_by", "saved"),
}
"""Every column of every table but ``crc``, in the order they are summed."""

COLUMN = "crc"

_VECTOR = (7, -1, 2**40, 0.1, "é\u2603", "", None)
_VECTOR_SUM = 2576408003
"""The checksum of :data:`_VECTOR` as Python 3.11 writes it: the self-test."""


def row_sum(values: Sequence[object]) -> int:
    """The checksum of one row's values, in :data:`SEALED` order."""
    return zlib.crc32(marshal.dumps(tuple(values), 2))


CHECKABLE = row_sum(_VECTOR) == _VECTOR_SUM
if not CHECKABLE:  # pragma: no cover - an interpreter that writes marshal 2 differently
    import logging

    logging.getLogger(__name__).warning(
        "row checksums cannot be checked with this Python: damage goes unseen"
    )


def columns(table: str) -> str:
    """The sealed columns of ``table`` for a SELECT, followed by its checksum."""
    return ", ".join((*SEALED[table], COLUMN))


def intact(row: Sequence[object]) -> bool:
    """Whether a row read as ``SELECT {columns(table)}`` matches its checksum."""
    if not CHECKABLE:
        return True
    stored = row[-1]
    return isinstance(stored, int) and stored == row_sum(row[:-1])


def all_intact(db: sqlite3.Connection, table: str, where: str, params: Sequence[object]) -> bool:
    """Whether every row of ``table`` that matches ``where`` matches its checksum: asked before
    a row is changed, so that sealing it again never makes damage look sound."""
    rows = db.execute(f"SELECT {columns(table)} FROM {table} WHERE {where}", tuple(params))
    return all(intact(row) for row in rows)


def seal(db: sqlite3.Connection, table: str, where: str, params: Sequence[object]) -> None:
    """Compute and store the checksum of the rows of ``table`` that match ``where``, from the
    values as SQLite gives them back (so a value stored as written reads back matching)."""
    rows = db.execute(
        f"SELECT rowid, {', '.join(SEALED[table])} FROM {table} WHERE {where}", tuple(params)
    ).fetchall()
    db.executemany(
        f"UPDATE {table} SET {COLUMN} = ? WHERE rowid = ?",
        [(row_sum(row[1:]), row[0]) for row in rows],
    )


def seal_all(db: sqlite3.Connection) -> None:
    """Seal every row of every table: the migration that brought checksums in, run once.

    It runs on a journal as that migration found it: a table or a column added by a later
    migration is not there yet and is left out (a later migration that adds a column seals
    again the rows that were intact without it: :func:`sound_rows`)."""
    for table, names in present(db).items():
        rows = db.execute(f"SELECT rowid, {', '.join(names)} FROM {table}").fetchall()
        db.executemany(
            f"UPDATE {table} SET {COLUMN} = ? WHERE rowid = ?",
            [(row_sum(row[1:]), row[0]) for row in rows],
        )


def present(db: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    """The sealed columns each table of ``db`` has now, in :data:`SEALED` order."""
    found: dict[str, tuple[str, ...]] = {}
    for table, names in SEALED.items():
        have = {row[1] for row in db.execute(f'PRAGMA table_info("{table}")')}
        if have:
            found[table] = tuple(name for name in names if name in have)
    return found


def sound_rows(db: sqlite3.Connection, table: str) -> list[int]:
    """The rowids of ``table`` whose checksum matches the columns it has now: asked by a
    migration before it adds a sealed column, to seal those rows again after it."""
    names = present(db)[table]
    rows = db.execute(f"SELECT rowid, {', '.join(names)}, {COLUMN} FROM {table}").fetchall()
    return [row[0] for row in rows if isinstance(row[-1], int) and row[-1] == row_sum(row[1:-1])]


__all__ = [
    "CHECKABLE",
    "COLUMN",
    "SEALED",
    "all_intact",
    "columns",
    "intact",
    "row_sum",
    "seal",
    "seal_all",
    "sound_rows",
]
