"""A damaged or unreadable journal is moved aside byte for byte, never overwritten or deleted."""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import stat
from pathlib import Path

import pytest

from coach.journal import aside as aside_module
from coach.journal import store as store_module
from coach.journal.aside import JournalError, JournalTooNew
from coach.journal.migrations import APPLICATION_ID, LATEST
from coach.journal.records import CheckIn
from coach.journal.store import Journal
from tests.snapshots.apps.journal_data import fill, record

STAMPED = re.compile(r"^j\.sqlite3\.damaged-\d{8}-\d{6}(-\d+)?$")


def healthy(path: Path, sessions: int = 200) -> None:
    """A real journal with enough rows to span many pages, checkpointed into the main file."""
    with Journal.open(path) as journal:
        base = dt.date(2025, 1, 1)
        fill(
            journal, [record(base + dt.timedelta(days=i), notes="x" * 200) for i in range(sessions)]
        )
        journal._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def check_moved_aside(path: Path, original: bytes, reason: str | None = None) -> Path:
    with Journal.open(path) as journal:
        moved = journal.moved_aside
        assert moved is not None, "the damaged journal was not moved aside"
        assert STAMPED.match(moved.name), moved.name
        assert moved.read_bytes() == original  # byte for byte
        assert stat.S_IMODE(moved.stat().st_mode) == 0o600
        if reason:
            assert journal.moved_aside_reason == reason
        # ... and a fresh journal took its place and works.
        assert journal.sessions() == []
        sid = journal.begin_session(
            pack_id="p",
            protocol_id="x",
            protocol_title="T",
            level_id=None,
            started=dt.datetime.now(),
        )
        journal.save_checkin(sid, CheckIn(comfort=3))
    return moved


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (os.urandom(8192), "it is not a database"),
        (b"Dear diary, today I did my exercises.\n" * 50, "it is not a database"),
        (b"SQLite format 3\x00" + b"\xff" * 4000, "its header is damaged"),
        (b"SQLite format 3\x00short", "it is truncated"),
    ],
    ids=["garbage", "text", "bad-header", "header-only"],
)
def test_not_a_database(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "j.sqlite3"
    path.write_bytes(content)
    check_moved_aside(path, content, reason)


def test_truncated_mid_page(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    healthy(path)
    original = path.read_bytes()
    path.write_bytes(original[: len(original) // 2 + 100])
    check_moved_aside(path, original[: len(original) // 2 + 100], "it is truncated")


def test_truncated_on_a_page_boundary(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    healthy(path)
    page = int.from_bytes(path.read_bytes()[16:18], "big")
    data = path.read_bytes()
    cut = data[: (len(data) // page // 2) * page]
    path.write_bytes(cut)
    check_moved_aside(path, cut)


def test_a_corrupted_page_fails_quick_check(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    healthy(path)
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    # Scribble over the middle of the file: b-tree pages that quick_check reads.
    middle = (len(data) // page // 2) * page
    data[middle : middle + 2 * page] = b"\x07" * (2 * page)
    path.write_bytes(bytes(data))
    check_moved_aside(path, bytes(data), "it is damaged")


def test_side_files_move_with_it(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    wal, shm = tmp_path / "j.sqlite3-wal", tmp_path / "j.sqlite3-shm"
    path.write_bytes(b"not a database at all" * 100)
    wal.write_bytes(b"wal bytes " * 10)
    shm.write_bytes(b"shm bytes " * 10)
    moved = check_moved_aside(path, b"not a database at all" * 100)
    assert Path(f"{moved}-wal").read_bytes() == b"wal bytes " * 10
    assert Path(f"{moved}-shm").read_bytes() == b"shm bytes " * 10


def test_a_foreign_sqlite_database(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE recipes (name TEXT)")
    db.execute("INSERT INTO recipes VALUES ('soup')")
    db.commit()
    db.close()
    check_moved_aside(path, path.read_bytes(), "it is not a coach journal")


def test_never_clobbers_an_earlier_damaged_copy(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    now = dt.datetime(2026, 3, 1, 12, 0, 0)
    first = tmp_path / "j.sqlite3.damaged-20260301-120000"
    first.write_bytes(b"older damaged copy")
    Path(f"{first}-2-wal").write_bytes(b"someone else's")
    path.write_bytes(b"newer damaged copy")
    moved = aside_module.move_aside(path, now=now)
    assert moved is not None and moved.name == "j.sqlite3.damaged-20260301-120000-3"
    assert first.read_bytes() == b"older damaged copy"
    assert Path(f"{first}-2-wal").read_bytes() == b"someone else's"
    assert moved.read_bytes() == b"newer damaged copy"
    assert not path.exists()


def test_an_empty_file_is_simply_a_new_journal(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    path.touch()
    with Journal.open(path) as journal:
        assert journal.moved_aside is None
    assert list(tmp_path.glob("*.damaged-*")) == []


def test_a_sound_journal_is_never_moved(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    healthy(path, sessions=20)
    for _ in range(3):
        with Journal.open(path) as journal:
            assert journal.moved_aside is None
            assert len(journal.sessions()) == 20
    assert list(tmp_path.glob("*.damaged-*")) == []


def test_a_journal_from_a_newer_coach_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    healthy(path, sessions=5)
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {LATEST + 1}")
    db.commit()
    db.close()
    before = path.read_bytes()
    assert sqlite3.connect(path).execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    with pytest.raises(JournalTooNew, match="newer version of coach"):
        Journal.open(path)
    assert path.read_bytes() == before
    assert list(tmp_path.glob("*.damaged-*")) == []


def test_a_locked_journal_is_an_error_not_damage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "j.sqlite3"
    healthy(path, sessions=5)
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_SECONDS", 0.2)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(JournalError):
            Journal.open(path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert list(tmp_path.glob("*.damaged-*")) == []
    with Journal.open(path) as journal:
        assert len(journal.sessions()) == 5


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_a_permission_problem_not_damage(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    healthy(path, sessions=5)
    original = path.read_bytes()
    path.chmod(0)
    with pytest.raises(JournalError, match="permission"):
        Journal.open(path)
    assert list(tmp_path.glob("*.damaged-*")) == []
    path.chmod(0o600)
    assert path.read_bytes() == original


def test_a_folder_in_the_way_is_an_error_in_plain_words(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the journal's folder should be")
    with pytest.raises(JournalError, match="in the way"):
        Journal.open(blocker / "j.sqlite3")
    assert blocker.read_text() == "a file where the journal's folder should be"
