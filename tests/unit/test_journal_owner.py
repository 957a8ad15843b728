"""Issue 21, item 1: one owner of the journal's files.

Only a process that holds the journal alone (no other process, no other connection of its own)
checks, replays, moves aside or deletes its -wal and -shm; every other opener is an ordinary
SQLite client. The hold lasts as long as any connection of the process is open. And a process
never opens and closes the journal's files by hand beside a connection of its own: that drops
the POSIX locks SQLite keeps, and the next coach to close deletes the WAL under it.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coach.engine.events import Event, EventKind
from coach.journal import aside, hold
from coach.journal.store import Journal, JournalInUse, forget

ROOT = Path(__file__).resolve().parents[2]


def other_process(code: str, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


_WRITE_AND_CLOSE = """
import sys, datetime as dt
from coach.journal.store import Journal
with Journal.open(sys.argv[1]) as j:  # as `coach log` or `coach plan --start` do
    j.set_plan_start("p", dt.date(2026, 1, 1))
    print("exclusive" if j._ticket.exclusive else "shared")
"""


def deleted_journal_files() -> list[str]:
    found = []
    for fd in Path("/proc/self/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if "j.sqlite3" in target and target.endswith("(deleted)"):
            found.append(target)
    return found


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_a_writer_connection_beside_the_journal_keeps_the_wal_when_another_coach_closes(
    tmp_path: Path,
) -> None:
    path = tmp_path / "j.sqlite3"
    journal = Journal.open(path)
    writer = journal.sibling()  # the writer thread's connection, as in a session
    sid = writer.begin_session(
        pack_id="p", protocol_id="x", protocol_title="X", level_id=None, started=dt.datetime.now()
    )
    assert not writer._ticket.exclusive  # type: ignore[union-attr]
    done = other_process(_WRITE_AND_CLOSE, path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "shared"
    assert deleted_journal_files() == []
    assert Path(f"{path}-wal").exists() and Path(f"{path}-shm").exists()
    # Written after the other coach closed: it goes to the WAL everyone reads.
    writer.record(sid, Event(EventKind.STARTED, 0.0, dt.datetime.now(), 0.0, 0, "a"))
    reader = other_process(
        "import sys\nfrom coach.journal.store import Journal\n"
        "with Journal.open(sys.argv[1], read_only=True) as j:\n"
        "    (s,) = j.sessions(); print(len(j.session_events(s.id)), j.plan_start('p'))",
        path,
    )
    assert reader.stdout.split() == ["1", "2026-01-01"], reader.stderr
    writer.close()
    journal.close()


def test_the_hold_lasts_while_any_connection_of_the_process_is_open(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    journal = Journal.open(path)
    assert journal._ticket is not None and journal._ticket.exclusive
    writer = journal.sibling()
    assert hold.held(path) == 2
    journal.close()  # the app's own connection closes first, its writer still writes
    assert hold.held(path) == 1
    refused = other_process(
        "import sys\nfrom coach.journal.store import forget\nforget(sys.argv[1])", path
    )
    assert "JournalInUse" in refused.stderr
    with pytest.raises(JournalInUse):
        forget(path)  # this process too
    writer.close()
    assert hold.held(path) == 0
    done = other_process(_WRITE_AND_CLOSE, path)
    assert done.stdout.strip() == "exclusive", done.stderr


def test_only_an_opener_alone_checks_the_side_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "j.sqlite3"
    read: list[Path] = []
    original = aside.read_side
    monkeypatch.setattr(aside, "read_side", lambda p: read.append(p) or original(p))
    inspected: list[Path] = []
    original_inspect = aside.inspect
    monkeypatch.setattr(
        aside, "inspect", lambda p, **kw: inspected.append(p) or original_inspect(p, **kw)
    )
    Journal.open(path).close()  # creates it
    read.clear()
    inspected.clear()
    first = Journal.open(path)
    assert read and inspected  # alone: checked
    read.clear()
    inspected.clear()
    second = Journal.open(path)
    third = Journal.open(path, read_only=True)
    assert read == [] and inspected == []  # not alone: an ordinary client
    for journal in (third, second, first):
        journal.close()


def test_damage_found_by_an_opener_not_alone_is_left_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    path = tmp_path / "j.sqlite3"
    first = Journal.open(path)
    from coach.journal import store

    real = store._connect

    def damaged(*args: object, **kwargs: object) -> sqlite3.Connection:
        error = sqlite3.DatabaseError("database disk image is malformed")
        error.sqlite_errorcode = 11  # type: ignore[attr-defined]
        raise error

    monkeypatch.setattr(store, "_connect", damaged)
    with pytest.raises(aside.JournalError, match="another coach has it open"):
        Journal.open(path)
    monkeypatch.setattr(store, "_connect", real)
    assert path.exists() and not list(tmp_path.glob("*.damaged-*"))
    first.close()


def test_the_gate_and_lock_files_are_private_and_never_followed(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    Journal.open(path).close()
    for file in (hold.lock_file(path), hold.gate_file(path)):
        assert file.stat().st_mode & 0o777 == 0o600
    hold.gate_file(path).unlink()
    hold.gate_file(path).symlink_to(tmp_path / "elsewhere")
    with pytest.raises(aside.JournalError, match="symbolic link"):
        Journal.open(path)
    assert not (tmp_path / "elsewhere").exists()
