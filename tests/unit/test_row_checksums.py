"""Issue 21, item 9: damage to a stored value is seen. Every row carries a checksum, written
with it and checked when it is read: a changed value is reported as damaged (counted like
"N sessions could not be read"), never shown as if true. Journals from before are migrated
(every old row kept, sealed once).

The bit-flip bench (bench/bench_bitflips.py, 500 flips) runs here with 40.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from bench.bench_bitflips import build, flips, shown
from coach.cli.arguments import configure
from coach.engine.events import Event, EventKind
from coach.journal import seal
from coach.journal.migrations import LATEST, MIGRATIONS, expected_columns, run_step
from coach.journal.records import CheckIn
from coach.journal.status_refresh import refresh
from coach.journal.store import Damaged, Journal
from coach.pack.load import load_pack
from coach.system import paths
from tests.unit.test_journal_migration import release_1_journal

ROOT = Path(__file__).resolve().parents[2]

FLIPS = 40


def test_no_single_bit_flip_in_the_main_file_changes_a_shown_value_unnoticed(
    tmp_path: Path,
) -> None:
    outcomes, unnoticed = flips(FLIPS, seed=2126, work=tmp_path)
    print(dict(outcomes))
    assert unnoticed == []
    assert sum(outcomes.values()) >= FLIPS
    assert outcomes["reported damaged"] > 0  # the check finds something: it can fail


def test_every_column_of_every_table_is_sealed() -> None:
    for table, columns in expected_columns().items():
        assert seal.COLUMN in columns, table
        assert set(seal.SEALED[table]) == set(columns) - {seal.COLUMN}, table


def _journal(path: Path) -> tuple[Journal, int]:
    journal = Journal.open(path)
    sid = journal.begin_session(
        pack_id="p",
        protocol_id="x",
        protocol_title="Daily",
        level_id=None,
        started=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC),
    )
    journal.record(
        sid, Event(EventKind.STARTED, 0.0, dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC), 0.0, 0, "a")
    )
    journal.save_checkin(sid, CheckIn({"comfort": 7}, notes="fine"))
    journal.log_activity(
        pack_id="p", activity_id="walk", title="Walk", counts=True, day=dt.date(2026, 1, 6)
    )
    journal.set_plan_start("p", dt.date(2026, 1, 1))
    return journal, sid


@pytest.mark.parametrize(
    ("statement", "where"),
    [
        ("UPDATE sessions SET notes = 'fine!' ", "sessions"),
        ("UPDATE sessions SET attempts = attempts + 1", "sessions"),
        ("UPDATE events SET active = 1.5", "events"),
        ("UPDATE events SET session_id = 99", "events"),
        ("UPDATE checkins SET notes = 'fines'", "checkins"),
        ("UPDATE activities SET day = '2026-01-07'", "activities"),
        ("UPDATE plan_start SET day = '2026-01-02'", "plan_start"),
        ("UPDATE plan_start SET pack_id = 'q'", "plan_start"),
    ],
)
def test_a_value_changed_behind_coachs_back_is_reported_not_shown(
    tmp_path: Path, statement: str, where: str
) -> None:
    journal, sid = _journal(tmp_path / "j.sqlite3")
    journal._db.execute("PRAGMA foreign_keys = OFF")  # a flipped bit knows no constraint
    journal._db.execute(statement)  # not through coach: no checksum written
    journal._listing = None
    sessions = journal.sessions()
    events = journal.session_events(sid)
    checkins = journal.checkins(sid)
    activities = journal.activities()
    start = journal.plan_start("p")
    if where == "sessions":
        assert sessions == [] and journal.unreadable == 1
        with pytest.raises(Damaged):
            journal.session(sid)
        assert journal.damaged_events  # the events' count cannot be trusted either
    else:
        assert len(sessions) == 1 and journal.unreadable == 0
    if where == "events":
        assert events == [] and journal.damaged_events == 1
    if where == "checkins":
        assert checkins == [] and journal.unreadable_checkins == 1
    if where == "activities":
        assert activities == [] and journal.unreadable_activities == 1
    if where == "plan_start":
        assert start is None and journal.unreadable_plan_start
    else:
        assert start == dt.date(2026, 1, 1)
    journal.close()


def test_history_and_report_say_what_could_not_be_read(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from coach.cli import history, report
    from tests.snapshots.apps.journal_data import pack

    monkeypatch.setattr("coach.cli.common.load_pack_or_exit", lambda args: pack())
    paths.ensure_private_dir(paths.data_dir())
    journal = Journal.open(paths.journal_file())
    for day in (5, 6):
        journal.begin_session(
            pack_id=pack().info.id,
            protocol_id="x",
            protocol_title="X",
            level_id=None,
            started=dt.datetime(2026, 1, day, 9, tzinfo=dt.UTC),
        )
    journal.log_activity(
        pack_id=pack().info.id, activity_id="w", title="W", counts=True, day=dt.date(2026, 1, 7)
    )
    journal._db.execute("UPDATE sessions SET attempts = 9 WHERE id = 2")
    journal._db.execute("UPDATE activities SET title = 'V'")
    journal.close()
    for module in (history, report):
        parser = argparse.ArgumentParser()
        configure(module.__name__.rpartition(".")[2], parser)
        args = parser.parse_args([])
        args.content = None
        assert module.run(args) == 0
        out = capsys.readouterr().out
        assert "1 session and 1 other record (logged activities, the plan's start)" in out
        assert "could not be read" in out


def test_writing_to_a_damaged_session_never_makes_it_look_sound(tmp_path: Path) -> None:
    journal, sid = _journal(tmp_path / "j.sqlite3")
    journal._db.execute("UPDATE sessions SET notes = 'not what was written'")
    journal.record(
        sid,
        Event(EventKind.ATTEMPT, 5.0, dt.datetime(2026, 1, 5, 9, 1, tzinfo=dt.UTC), 5.0, 0, "a"),
    )
    journal.checkpoint(
        sid,
        at=9.0,
        wall=dt.datetime(2026, 1, 5, 9, 2, tzinfo=dt.UTC),
        active=9,
        step_index=0,
        step_id="a",
    )
    journal.save_checkin(sid, CheckIn({"comfort": 2}))
    journal._listing = None
    assert journal.sessions() == [] and journal.unreadable == 1
    # The new rows themselves are sound and kept.
    assert len(journal.checkins(sid)) == 2
    journal.close()


def test_a_release_1_journal_is_sealed_once_and_keeps_every_row(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    release_1_journal(path)
    with Journal.open(path) as journal:
        assert [s.id for s in journal.sessions()] == [1, 2, 3, 4]
        assert journal.unreadable == 0
        for sid in (1, 2, 3, 4):
            assert len(journal.session_events(sid)) == 1 and journal.damaged_events == 0
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == LATEST
    for table in seal.SEALED:
        rows = db.execute(f"SELECT {seal.columns(table)} FROM {table}").fetchall()
        assert all(seal.intact(row) for row in rows), table
    assert db.execute("SELECT count(*) FROM sessions WHERE event_count = 1").fetchone() == (4,)
    db.close()


def test_a_schema_2_journal_with_a_text_no_longer_utf8_is_sealed_as_it_reads(
    tmp_path: Path,
) -> None:
    """A row already damaged before checksums came in is kept as it reads (with U+FFFD):
    nothing is lost, and from then on a change to it is seen."""
    path = tmp_path / "journal.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    for migration in MIGRATIONS[:2]:
        for step in migration:
            run_step(db, step)
    db.execute("PRAGMA user_version = 2")
    db.execute(
        "INSERT INTO sessions (pack_id, protocol_id, protocol_title, started, started_ts, notes) "
        "VALUES ('p', 'x', 'X', '2026-01-05T09:00:00+00:00', 1767603600.0, CAST(? AS TEXT))",
        (b"caf\xe9",),
    )
    db.close()
    with Journal.open(path) as journal:
        (session,) = journal.sessions()
        assert session.notes == "caf\ufffd" and journal.unreadable == 0


def test_the_bench_journal_reads_back_whole(tmp_path: Path) -> None:
    """The bench's own baseline: nothing damaged, a session to resume."""
    now = build(tmp_path / "journal.sqlite3", sessions=12, seed=3)
    with Journal.open(tmp_path / "journal.sqlite3") as journal:
        seen = shown(journal, now)
    assert seen.damage == 0 and seen.shown["resume"] is not None
    assert len(seen.shown["sessions"]) == 12 and seen.shown["plan_start"] is not None


def test_the_status_line_counts_no_damaged_session(capsys: pytest.CaptureFixture[str]) -> None:
    """``coach status`` reads only the summary; every writer refreshes it from the journal as
    coach reads it, so a damaged row (its checksum wrong) is left out there too."""
    from coach.cli import status

    def done_this_week() -> int:
        assert status.show(fmt="json", discreet=False, content=None) == 0
        return json.loads(capsys.readouterr().out)["this_week"]

    pack = load_pack(ROOT / "content")
    paths.ensure_private_dir(paths.data_dir())
    now = dt.datetime.now().astimezone()
    with Journal.open(paths.journal_file()) as journal:
        for _ in range(2):
            sid = journal.begin_session(
                pack_id="anal-dilation",
                protocol_id="dilation-session",
                protocol_title="Dilation session",
                level_id=None,
                started=now,
            )
            finished = {"completed": True, "reason": "done", "steps_done": 3}
            journal.record(sid, Event(EventKind.FINISHED, 1.0, now, 60.0, 0, "a", finished))
        refresh(pack, journal, now.date())
    assert done_this_week() == 2
    with Journal.open(paths.journal_file()) as journal:
        journal._db.execute("UPDATE sessions SET steps_done = 4 WHERE id = 1")  # no checksum
        refresh(pack, journal, now.date())
    assert done_this_week() == 1
