"""The journal's tables, and the migrations that bring an older file up to date.

``PRAGMA user_version`` holds how many migrations a file has had. A migration is only ever
appended, never edited: a journal written by any earlier coach must still open. Each one runs in
the same transaction as the version bump, so a crash leaves the file before or after it.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable

from coach.journal.seal import COLUMN, seal, seal_all, sound_rows

# "Coac" in ASCII: tells a coach journal from any other SQLite file left at the same path.
APPLICATION_ID = 0x436F6163

# Release 1's answers as JSON: comfort (a number, or absent), pain and bleeding (yes/no).
_V1_ANSWERS = (
    "json_patch(json_object('pain', json(CASE WHEN pain THEN 'true' ELSE 'false' END), "
    "'bleeding', json(CASE WHEN bleeding THEN 'true' ELSE 'false' END)), "
    "CASE WHEN comfort IS NULL THEN '{}' ELSE json_object('comfort', comfort) END)"
)

Step = str | Callable[[sqlite3.Connection], None]
"""An SQL statement, or a function run on the connection (inside the same transaction)."""


def _add_sealed_column(table: str, column_sql: str) -> Step:
    """A step that adds a column a row's checksum covers (see coach.journal.seal.SEALED): the
    rows intact before it are sealed again with it; a damaged row stays damaged."""

    def step(db: sqlite3.Connection) -> None:
        sound = sound_rows(db, table)
        db.execute(f"ALTER TABLE {table} ADD COLUMN {column_sql}")
        for row_id in sound:
            seal(db, table, "rowid = ?", (row_id,))

    return step


MIGRATIONS: tuple[tuple[Step, ...], ...] = (
    # 1: sessions with their running summary, the raw event log, and every check-in saved.
    (
        """
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            pack_id TEXT NOT NULL,
            protocol_id TEXT NOT NULL,
            protocol_title TEXT NOT NULL,
            planned_level_id TEXT,
            counts_as_session INTEGER NOT NULL DEFAULT 1,
            started TEXT NOT NULL,      -- ISO 8601 with the UTC offset of the moment
            started_ts REAL NOT NULL,   -- POSIX seconds: orders sessions across offset changes
            ended TEXT,
            last_event TEXT,
            finished INTEGER NOT NULL DEFAULT 0,
            completed INTEGER NOT NULL DEFAULT 0,
            finish_reason TEXT,
            active_seconds REAL NOT NULL DEFAULT 0,
            steps_total INTEGER,
            steps_done INTEGER NOT NULL DEFAULT 0,
            attempts INTEGER NOT NULL DEFAULT 0,
            resistances INTEGER NOT NULL DEFAULT 0,
            pauses INTEGER NOT NULL DEFAULT 0,
            pain_stop INTEGER NOT NULL DEFAULT 0,
            checked_in TEXT,            -- when the latest check-in was saved
            comfort INTEGER,
            pain INTEGER,
            bleeding INTEGER,
            level_id TEXT,              -- the level the check-in says was used
            notes TEXT NOT NULL DEFAULT ''
        )
        """,
        "CREATE INDEX sessions_by_start ON sessions (started_ts, id)",
        """
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions (id),
            kind TEXT NOT NULL,
            at REAL NOT NULL,
            wall TEXT NOT NULL,
            active REAL NOT NULL,
            step_index INTEGER NOT NULL,
            step_id TEXT NOT NULL,
            data TEXT NOT NULL,         -- JSON
            done_step TEXT              -- the step this event completed, if any
        )
        """,
        "CREATE INDEX events_by_session ON events (session_id, id)",
        """
        CREATE TABLE checkins (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions (id),
            saved TEXT NOT NULL,
            comfort INTEGER,
            pain INTEGER NOT NULL,
            bleeding INTEGER NOT NULL,
            level_id TEXT,
            notes TEXT NOT NULL
        )
        """,
        f"PRAGMA application_id = {APPLICATION_ID}",
    ),
    # 2: answers to the content's check-in questions (JSON, by question id), log-only
    # activities, and the plan's start date the person gave. Release 1's comfort, pain and
    # bleeding become answers with the default pack's ids, so no answer is lost; the old
    # columns stay as they were written (``pain`` is still kept up to date: pain is the
    # engine's notion too, through the pain stop).
    (
        "ALTER TABLE sessions ADD COLUMN answers TEXT NOT NULL DEFAULT '{}'",
        "ALTER TABLE checkins ADD COLUMN answers TEXT NOT NULL DEFAULT '{}'",
        f"UPDATE sessions SET answers = {_V1_ANSWERS} WHERE checked_in IS NOT NULL",
        f"UPDATE checkins SET answers = {_V1_ANSWERS}",
        """
        CREATE TABLE activities (
            id INTEGER PRIMARY KEY,
            pack_id TEXT NOT NULL,
            activity_id TEXT NOT NULL,
            title TEXT NOT NULL,
            counts INTEGER NOT NULL DEFAULT 1,
            day TEXT NOT NULL,          -- the calendar day it was for (YYYY-MM-DD)
            logged TEXT NOT NULL,       -- when it was recorded, ISO 8601 with offset
            note TEXT NOT NULL DEFAULT ''
        )
        """,
        """
        CREATE TABLE plan_start (
            pack_id TEXT PRIMARY KEY,
            day TEXT NOT NULL,          -- the date the person gave (YYYY-MM-DD)
            saved TEXT NOT NULL
        )
        """,
    ),
    # 3: a checksum on every row (coach.journal.seal), computed once for every row kept so
    # far, as it reads now; from here on each write seals the rows it touches. And each
    # session's number of events, so a missing one is seen (an index can lose an entry that
    # SQLite's quick check does not look for).
    (
        "ALTER TABLE sessions ADD COLUMN event_count INTEGER NOT NULL DEFAULT 0",
        "UPDATE sessions SET event_count = "
        "(SELECT count(*) FROM events WHERE events.session_id = sessions.id)",
        *(
            f"ALTER TABLE {table} ADD COLUMN {COLUMN} INTEGER"
            for table in ("sessions", "events", "checkins", "activities", "plan_start")
        ),
        seal_all,
    ),
    # 4: the answers asked when an activity is logged (JSON, by question id, as a session's),
    # and each level set by the person or their clinician, with who set it.
    (
        _add_sealed_column("activities", "answers TEXT NOT NULL DEFAULT '{}'"),
        f"""
        CREATE TABLE level_changes (
            id INTEGER PRIMARY KEY,
            pack_id TEXT NOT NULL,
            level_id TEXT NOT NULL,
            set_by TEXT NOT NULL,       -- "person" or "clinician"
            saved TEXT NOT NULL,        -- when, ISO 8601 with offset: the next session uses it
            {COLUMN} INTEGER
        )
        """,
    ),
    # 5: each session's verdict (coach.engine.counting): whether it counts toward the plan,
    # judged by the engine when it ended, from the content's rule at that moment. NULL for the
    # sessions before (and for one that never finished): figures judge those as coach did then.
    (_add_sealed_column("sessions", "counted INTEGER"),),
)

LATEST = len(MIGRATIONS)


@functools.cache
def expected_columns() -> dict[str, tuple[str, ...]]:
    """Each table's columns as the migrations make them, from a scratch in-memory database.

    A journal whose tables lack one of these was altered (or damaged into other valid SQL):
    reading it would fail later, at every start, so it is treated as damaged on open.
    """
    db = sqlite3.connect(":memory:")
    try:
        for migration in MIGRATIONS:
            for step in migration:
                run_step(db, step)
        return table_columns(db)
    finally:
        db.close()


def run_step(db: sqlite3.Connection, step: Step) -> None:
    if callable(step):
        step(db)
    else:
        db.execute(step)


def table_columns(db: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {
        table: tuple(row[1] for row in db.execute(f'PRAGMA table_info("{table}")'))
        for table in tables
    }
