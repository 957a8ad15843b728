"""Issue 14: journal damage, permissions, read-only journals, symlinks, unreadable rows, and
``coach forget`` while another coach has the journal open.

The damage test flips single bits at seeded random positions of the main file, the WAL and
the -shm of a journal left as a killed coach leaves it (WAL not yet merged), then reopens it.
Every flip that loses a session or a check-in must be reported (moved aside or counted as
unreadable), and whatever coach moves aside must be byte for byte what was there.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from coach.journal import aside, seal
from coach.journal.aside import JournalError
from coach.journal.records import CheckIn
from coach.journal.store import Journal, JournalInUse, forget

TRIALS = int(os.environ.get("COACH_DAMAGE_TRIALS", "40"))  # per file; the report used more
NAMES = ("j.sqlite3", "j.sqlite3-wal", "j.sqlite3-shm")


def _session(journal: Journal, day: int, note: str) -> int:
    sid = journal.begin_session(
        pack_id="p",
        protocol_id="x",
        protocol_title="Daily",
        level_id=None,
        started=dt.datetime(2025, 1, 1, 9) + dt.timedelta(days=day),
    )
    journal.save_checkin(sid, CheckIn(comfort=day % 11, notes=note))
    return sid


@pytest.fixture(scope="module")
def killed_journal(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """A journal with 12 sessions merged into the main file and 6 more only in the WAL, copied
    while coach still has it open (what kill -9 leaves)."""
    work = tmp_path_factory.mktemp("live")
    snapshot = tmp_path_factory.mktemp("killed")
    journal = Journal.open(work / "j.sqlite3")
    for day in range(12):
        _session(journal, day, f"merged {day} " + "x" * 300)
    journal._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for day in range(12, 18):
        _session(journal, day, f"only in the WAL {day}")
    for name in NAMES:
        shutil.copyfile(work / name, snapshot / name)
    expected = _facts(journal)
    journal.close()
    assert len(expected) == 18
    assert (snapshot / "j.sqlite3-wal").stat().st_size > 32
    return snapshot, expected


def _facts(journal: Journal) -> dict[int, tuple]:
    """What the person sees of each session; a check-in that cannot be read counts as seen
    when the journal says so (``unreadable_checkins``), as a session does (``unreadable``)."""
    facts = {}
    for s in journal.sessions():
        checkins = len(journal.checkins(s.id)) + journal.unreadable_checkins
        facts[s.id] = (s.started, s.comfort, checkins)
    return facts


def _flip_and_open(source: Path, folder: Path, name: str, rng: random.Random) -> tuple:
    for n in NAMES:
        shutil.copyfile(source / n, folder / n)
    target = folder / name
    data = bytearray(target.read_bytes())
    position = rng.randrange(len(data))
    data[position] ^= 1 << rng.randrange(8)
    target.write_bytes(bytes(data))
    before = {n: (folder / n).read_bytes() for n in NAMES}
    with Journal.open(folder / "j.sqlite3") as journal:
        try:
            facts = _facts(journal)
        except sqlite3.DatabaseError:
            facts = None  # damage SQLite only meets when reading: an error, never a silent loss
        return position, before, journal.moved_aside, journal.kept_aside, journal.unreadable, facts


@pytest.mark.parametrize("name", NAMES)
def test_every_flipped_byte_that_loses_data_is_reported_and_kept(
    killed_journal: tuple[Path, dict], tmp_path: Path, name: str
) -> None:
    source, expected = killed_journal
    rng = random.Random(f"coach-damage-{name}")
    failures: list[str] = []
    reported = errors = 0
    for trial in range(TRIALS):
        folder = tmp_path / f"t{trial}"
        folder.mkdir()
        position, before, moved, kept, unreadable, facts = _flip_and_open(source, folder, name, rng)
        if moved is not None:
            reported += 1
            for n in NAMES:  # every file moved aside, byte for byte
                keep = Path(str(moved) + n.removeprefix("j.sqlite3"))
                if n == "j.sqlite3-shm" and kept:
                    keep = kept[0]
                if keep.read_bytes() != before[n]:
                    failures.append(f"{name}@{position}: {n} not kept byte for byte")
            continue
        for k in kept:  # a garbage -shm set aside alone: byte for byte
            if k.read_bytes() != before["j.sqlite3-shm"]:
                failures.append(f"{name}@{position}: -shm not kept byte for byte")
        if facts is None:
            errors += 1
            continue  # reported as an error when read
        lost = [sid for sid in expected if facts.get(sid) != expected[sid]]
        if len(lost) > unreadable:
            failures.append(f"{name}@{position}: sessions {lost} lost silently")
    print(
        f"{name}: {TRIALS} flips, {reported} moved aside, {errors} read errors, "
        f"{len(failures)} failed"
    )
    assert not failures, failures
    if name == "j.sqlite3-wal":
        assert reported > TRIALS // 2  # almost every WAL byte is covered by a checksum


def test_a_garbage_wal_beside_a_sound_journal_is_moved_aside_not_deleted(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    with Journal.open(path) as journal:
        _session(journal, 1, "kept")
    garbage = os.urandom(5000)
    (tmp_path / "j.sqlite3-wal").write_bytes(garbage)
    with Journal.open(path) as journal:
        assert journal.moved_aside is not None
        assert "write-ahead log" in (journal.moved_aside_reason or "")
        assert Path(f"{journal.moved_aside}-wal").read_bytes() == garbage


def test_a_garbage_shm_is_kept_and_the_journal_stays(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    with Journal.open(path) as journal:
        _session(journal, 1, "kept")
    garbage = b"\x01" * 40000
    (tmp_path / "j.sqlite3-shm").write_bytes(garbage)
    with Journal.open(path) as journal:
        assert journal.moved_aside is None
        assert len(journal.sessions()) == 1
        assert [k.read_bytes() for k in journal.kept_aside] == [garbage]


def test_a_flip_in_the_shm_header_is_kept_aside_and_nothing_lost(
    killed_journal: tuple[Path, dict], tmp_path: Path
) -> None:
    source, expected = killed_journal
    for position in range(0, 96, 7):
        folder = tmp_path / f"p{position}"
        folder.mkdir()
        for n in NAMES:
            shutil.copyfile(source / n, folder / n)
        shm = folder / "j.sqlite3-shm"
        data = bytearray(shm.read_bytes())
        data[position] ^= 0x10
        shm.write_bytes(bytes(data))
        with Journal.open(folder / "j.sqlite3") as journal:
            assert journal.moved_aside is None
            assert [k.read_bytes() for k in journal.kept_aside] == [bytes(data)], position
            assert _facts(journal) == expected


def test_a_truncated_wal_with_sessions_is_damage(killed_journal, tmp_path: Path) -> None:
    source, _ = killed_journal
    for n in NAMES:
        shutil.copyfile(source / n, tmp_path / n)
    wal = tmp_path / "j.sqlite3-wal"
    data = wal.read_bytes()
    wal.write_bytes(data[:20])  # the header itself cut short
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        assert journal.moved_aside is not None


# --- permissions: not damage ----------------------------------------------------------------


_NOBODY = ("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups")


def _as_nobody(code: str, home: Path) -> subprocess.CompletedProcess[str]:
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to run as another user")
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
    }
    # The other user must be able to run this interpreter and import coach and what it needs
    # (a venv in a root-only temporary folder, as CI makes, is out of its reach).
    probe = subprocess.run(
        [*_NOBODY, sys.executable, "-c", "import coach.cli.main, platformdirs, pydantic"],
        env=env,
        capture_output=True,
    )
    if probe.returncode != 0:
        pytest.skip("the other user cannot run this Python with coach's packages")
    return subprocess.run(
        [*_NOBODY, sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def shared_tmp() -> Path:
    """A folder another user can reach (pytest's own tmp folders are root-only)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="coach-harden-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _owned_by_nobody(folder: Path) -> None:
    import pwd

    nobody = pwd.getpwnam("nobody")
    for p in [folder, *folder.rglob("*")]:
        os.chown(p, nobody.pw_uid, nobody.pw_gid)


def test_an_unreadable_journal_is_a_permission_problem_and_nothing_changes(
    shared_tmp: Path,
) -> None:
    tmp_path = shared_tmp
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "j.sqlite3"
    with Journal.open(path) as journal:
        _session(journal, 1, "mine")
    _owned_by_nobody(tmp_path)
    original = path.read_bytes()
    path.chmod(0o000)
    result = _as_nobody(
        f"""
        from coach.journal.aside import JournalError
        from coach.journal.store import Journal
        try:
            Journal.open({str(path)!r})
        except JournalError as exc:
            print("ERROR", exc)
        """,
        tmp_path,
    )
    assert "ERROR" in result.stdout, result.stderr
    assert "permission" in result.stdout
    assert "not damaged" in result.stdout
    assert sorted(p.name for p in folder.iterdir() if not p.name.endswith((".lock", ".gate"))) == [
        "j.sqlite3"
    ]
    path.chmod(0o600)
    assert path.read_bytes() == original


def test_permission_error_is_not_damage_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "j.sqlite3"
    with Journal.open(path) as journal:
        _session(journal, 1, "mine")
    real_open = os.open

    def deny(file, *args, **kwargs):  # what a mode-000 file gives a normal user
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("os.open", deny)
    with pytest.raises(JournalError, match="permission"):
        Journal.open(path)
    monkeypatch.undo()
    assert not list(tmp_path.glob("*.damaged-*"))


def test_a_read_only_journal_still_reads_for_history_and_report(shared_tmp: Path) -> None:
    tmp_path = shared_tmp
    home = tmp_path / "home"
    data = home / ".local" / "share" / "coach"
    data.mkdir(parents=True)
    with Journal.open(data / "journal.sqlite3") as journal:
        _session(journal, 1, "read me")
    _owned_by_nobody(tmp_path)
    (data / "journal.sqlite3").chmod(0o400)
    before = (data / "journal.sqlite3").read_bytes()
    result = _as_nobody(
        """
        import sys
        from coach.cli.main import main
        sys.argv = ["coach", "history", "--format", "csv", "--all-packs"]
        code = main()
        sys.argv = ["coach", "report", "--all-packs"]
        print("EXIT", code, main())
        """,
        home,
    )
    assert "EXIT 0 0" in result.stdout, result.stdout + result.stderr
    assert "read me" in result.stdout
    assert (data / "journal.sqlite3").read_bytes() == before


def test_read_only_open_writes_nothing_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "none" / "j.sqlite3"
    with Journal.open(missing, read_only=True) as journal:
        assert journal.sessions() == []
    assert not missing.parent.exists()
    path = tmp_path / "j.sqlite3"
    with Journal.open(path) as journal:
        _session(journal, 1, "x")
    with Journal.open(path, read_only=True) as journal:
        assert len(journal.sessions()) == 1
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            _session(journal, 2, "y")


# --- symlinks --------------------------------------------------------------------------------


def test_a_symlinked_journal_is_refused_and_its_target_untouched(tmp_path: Path) -> None:
    target = tmp_path / "someone-elses-file"
    target.write_bytes(b"precious")
    target.chmod(0o644)
    link = tmp_path / "data" / "j.sqlite3"
    link.parent.mkdir()
    link.symlink_to(target)
    for read_only in (False, True):
        with pytest.raises(JournalError, match="symbolic link"):
            Journal.open(link, read_only=read_only)
    assert target.read_bytes() == b"precious"
    assert (target.stat().st_mode & 0o777) == 0o644


def test_a_symlinked_data_folder_or_side_file_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere"
    real.mkdir(mode=0o755)
    (tmp_path / "data").symlink_to(real)
    with pytest.raises(JournalError, match=r"data folder .* symbolic link"):
        Journal.open(tmp_path / "data" / "j.sqlite3")
    assert list(real.iterdir()) == []
    assert (real.stat().st_mode & 0o777) == 0o755
    folder = tmp_path / "d2"
    folder.mkdir()
    (folder / "j.sqlite3-wal").symlink_to(tmp_path / "victim")
    with pytest.raises(JournalError, match="symbolic link"):
        Journal.open(folder / "j.sqlite3")
    assert not (tmp_path / "victim").exists()


# --- unreadable rows ------------------------------------------------------------------------


def test_a_session_whose_date_cannot_be_read_is_counted_and_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "j.sqlite3"
    with Journal.open(path) as journal:
        for day in range(3):
            _session(journal, day, "n")
        # Written so (sealed: a coach's own write), yet not a date: the reading side's check.
        journal._db.execute("UPDATE sessions SET started = 'not a date' WHERE id = 2")
        journal._db.execute("UPDATE sessions SET ended = 'garbled' WHERE id = 3")
        seal.seal(journal._db, "sessions", "1", ())
        journal._listing = None
        with caplog.at_level("WARNING"):
            listed = journal.sessions()
        assert [s.id for s in listed] == [1]
        assert journal.unreadable == 2
        assert sum("cannot be read" in r.getMessage() for r in caplog.records) == 2
        assert all(r.exc_info for r in caplog.records if "cannot be read" in r.getMessage())
        journal._db.execute("UPDATE sessions SET started = '2025-01-02T09:00:00+00:00'")
        journal._db.execute("UPDATE sessions SET ended = NULL")
        seal.seal(journal._db, "sessions", "1", ())
        journal._listing = None
        assert len(journal.sessions()) == 3
        assert journal.unreadable == 0


# --- forget while coach runs ----------------------------------------------------------------


def test_forget_refuses_while_another_coach_has_the_journal_open(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    with Journal.open(path) as journal:
        _session(journal, 1, "x")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from coach.journal.store import Journal\n"
            f"j = Journal.open({str(path)!r})\n"
            "print('open', flush=True)\n"
            "sys.stdin.readline()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        with pytest.raises(JournalInUse, match="still open"):
            forget(path)
        assert path.exists()
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=30)
    assert path in forget(path)
    assert not path.exists()


def test_forget_command_says_coach_is_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import argparse

    from coach.cli import forget as forget_command

    path = tmp_path / "journal.sqlite3"
    monkeypatch.setattr("coach.system.paths.journal_file", lambda: path)
    journal = Journal.open(path)
    try:
        # Another process's shared lock, simulated by one more open file description here.
        code = forget_command.run(argparse.Namespace(confirm="forget"))
    finally:
        journal.close()
    assert code == 1
    assert "Nothing was deleted" in capsys.readouterr().err
    assert path.exists()


def test_wal_checksums_match_sqlites_own(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "x.db", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE t (x)")
    for i in range(20):
        db.execute("INSERT INTO t VALUES (?)", ("v" * 100 * i,))
    assert aside.wal_problem((tmp_path / "x.db-wal").read_bytes()) is None
    assert aside.shm_problem((tmp_path / "x.db-shm").read_bytes()) is None
    db.close()


def test_a_fifo_at_the_journal_path_is_refused_not_waited_on(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    os.mkfifo(path)
    with pytest.raises(JournalError, match="not a regular file"):
        Journal.open(path)
    assert not list(tmp_path.glob("*.damaged-*"))
