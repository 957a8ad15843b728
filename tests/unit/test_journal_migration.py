"""A journal written by release 1 (schema at commit 947027e) opens, migrated, with every row
and every answer kept."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from coach.journal.figures import compute
from coach.journal.migrations import APPLICATION_ID, LATEST
from coach.journal.records import CheckIn
from coach.journal.store import Journal
from tests.snapshots.apps.journal_data import pack

# Release 1's one migration, as it shipped (coach/journal/migrations.py at 947027e).
RELEASE_1 = (
    """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        pack_id TEXT NOT NULL,
        protocol_id TEXT NOT NULL,
        protocol_title TEXT NOT NULL,
        planned_level_id TEXT,
        counts_as_session INTEGER NOT NULL DEFAULT 1,
        started TEXT NOT NULL,
        started_ts REAL NOT NULL,
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
        checked_in TEXT,
        comfort INTEGER,
        pain INTEGER,
        bleeding INTEGER,
        level_id TEXT,
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
        data TEXT NOT NULL,
        done_step TEXT
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
)


def release_1_journal(path: Path) -> None:
    db = sqlite3.connect(path)
    for statement in RELEASE_1:
        db.execute(statement)
    db.execute("PRAGMA user_version = 1")
    rows = [
        # id, started, comfort, pain, bleeding, level, notes, checked_in
        (1, "2026-03-02T09:00:00+01:00", 6, 0, 0, "size-1", "first", True),
        (2, "2026-03-03T09:00:00+01:00", None, 1, 0, "size-1", "", True),
        (3, "2026-03-04T09:00:00+01:00", 8, 0, 1, "size-2", "a spot", True),
        (4, "2026-03-04T18:00:00+01:00", None, None, None, None, "", False),
    ]
    for sid, started, comfort, pain, bleeding, level, notes, checked in rows:
        moment = dt.datetime.fromisoformat(started)
        db.execute(
            "INSERT INTO sessions (id, pack_id, protocol_id, protocol_title, planned_level_id, "
            "started, started_ts, ended, finished, completed, finish_reason, steps_total, "
            "steps_done, attempts, resistances, checked_in, comfort, pain, bleeding, level_id, "
            "notes) VALUES (?, 'test-pack', 'dilation-session', 'Dilation session', 'size-1', "
            "?, ?, ?, 1, 1, 'done', 4, 4, 3, 1, ?, ?, ?, ?, ?, ?)",
            (
                sid,
                started,
                moment.timestamp(),
                started,
                started if checked else None,
                comfort,
                pain,
                bleeding,
                level,
                notes,
            ),
        )
        if checked:
            db.execute(
                "INSERT INTO checkins (session_id, saved, comfort, pain, bleeding, level_id, "
                "notes) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (sid, started, comfort, pain, bleeding, level, notes),
            )
        db.execute(
            "INSERT INTO events (session_id, kind, at, wall, active, step_index, step_id, data) "
            "VALUES (?, 'started', 0, ?, 0, 0, 'prepare', '{}')",
            (sid, started),
        )
    db.commit()
    db.close()


def test_a_release_1_journal_keeps_every_row_and_answer(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    release_1_journal(path)
    with Journal.open(path) as journal:
        assert journal.moved_aside is None  # migrated in place, not treated as damage
        sessions = journal.sessions()
        assert [s.id for s in sessions] == [1, 2, 3, 4]
        one, two, three, four = sessions
        assert dict(one.answers) == {"comfort": 6, "pain": False, "bleeding": False}
        assert dict(two.answers) == {"pain": True, "bleeding": False} and two.pain is True
        assert dict(three.answers) == {"comfort": 8, "pain": False, "bleeding": True}
        assert (three.comfort, three.bleeding, three.notes) == (8, True, "a spot")
        assert (three.attempts, three.resistances, three.level_id) == (3, 1, "size-2")
        assert four.checked_in is False and dict(four.answers) == {}
        logged = journal.checkins(3)
        assert len(logged) == 1 and dict(logged[0][1].answers)["bleeding"] is True
        assert len(journal.session_events(1)) == 1
        # New writes work on the migrated file, beside the old rows.
        journal.save_checkin(4, CheckIn({"comfort": 9, "bleeding": "none"}, notes="late"))
        assert dict(journal.session(4).answers) == {"comfort": 9, "bleeding": "none"}
        journal.log_activity(
            pack_id="test-pack",
            activity_id="intercourse",
            title="Intercourse",
            counts=True,
            day=dt.date(2026, 3, 5),
        )
        journal.set_plan_start("test-pack", dt.date(2026, 2, 1))
        assert journal.plan_start("test-pack") == dt.date(2026, 2, 1)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == LATEST
    assert db.execute("SELECT count(*) FROM sessions").fetchone()[0] == 4
    assert db.execute("SELECT count(*) FROM checkins").fetchone()[0] == 4
    # Release 1's columns are as it wrote them.
    assert db.execute("SELECT comfort, bleeding FROM sessions WHERE id = 3").fetchone() == (8, 1)
    db.close()


def test_release_1_bleeding_feeds_the_graded_rules(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    release_1_journal(path)
    with Journal.open(path) as journal:
        sessions = journal.sessions()[:3]  # the newest with a check-in said "bleeding: yes"
    figures = compute(pack(), sessions, dt.date(2026, 3, 4))
    assert figures.outcome == "spotting" and figures.next_level.id == "size-1"
