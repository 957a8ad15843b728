"""The journal store: private files, every event committed at once, two coaches at once."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

import pytest

from coach.engine.clock import FakeClock
from coach.engine.events import Event, EventKind
from coach.engine.session import Session
from coach.journal.migrations import LATEST
from coach.journal.records import CheckIn
from coach.journal.store import Journal
from coach.system.paths import journal_file
from tests.snapshots.apps.journal_data import TZ, fill, protocol, record

ROOT = Path(__file__).resolve().parents[2]
START = dt.datetime(2026, 1, 5, 9, 0, tzinfo=TZ)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def begin(journal: Journal, **overrides: object) -> int:
    fields: dict[str, object] = {
        "pack_id": "test-pack",
        "protocol_id": "dilation-session",
        "protocol_title": "Dilation session",
        "level_id": "size-1",
        "started": START,
    }
    fields.update(overrides)
    return journal.begin_session(**fields)  # type: ignore[arg-type]


def run_session(journal: Journal, *, pain: bool = False, finish: bool = True) -> int:
    """Drive the real engine through the test protocol, recording into ``journal``."""
    clock = FakeClock(wall=START)
    session = Session(protocol(), clock)
    sid = begin(journal)
    session.subscribe(partial(journal.record, sid))
    session.start()
    session.next()  # prepare
    clock.advance(61)
    session.next()  # breathe
    session.attempt()
    session.attempt()
    session.resistance()
    clock.advance(30)
    if pain:
        session.pain_stop()
        return sid
    session.next()  # insert
    if finish:
        session.next()  # done: the session completes
    return sid


def test_default_location_is_private_whatever_the_umask() -> None:
    old = os.umask(0)
    try:
        with Journal.open() as journal:
            begin(journal)
    finally:
        os.umask(old)
    path = journal_file()
    assert journal.path == path
    assert mode(path.parent) == 0o700
    assert mode(path) == 0o600
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            assert mode(side) == 0o600


def test_schema_version_wal_and_full_sync(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        db = journal._db
        assert db.execute("PRAGMA user_version").fetchone()[0] == LATEST
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_reopening_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    with Journal.open(path) as journal:
        sid = run_session(journal)
    with Journal.open(path) as journal:
        assert journal.moved_aside is None
        assert [s.id for s in journal.sessions()] == [sid]


def test_engine_events_fold_into_the_summary(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        sid = run_session(journal)
        (rec,) = journal.sessions()
        events = journal.session_events(sid)
    assert rec.id == sid
    assert rec.finished and rec.completed and rec.finish_reason == "done"
    assert rec.status == "done"
    assert rec.steps_done == rec.steps_total == 4
    assert (rec.attempts, rec.resistances) == (2, 1)
    assert rec.active_seconds == pytest.approx(91)
    assert rec.started == START and rec.ended == START + dt.timedelta(seconds=91)
    assert rec.level_id == "size-1" and not rec.checked_in and rec.pain is None
    kinds = [e.kind for e in events]
    assert kinds[0] is EventKind.STARTED and kinds[-1] is EventKind.FINISHED
    assert kinds.count(EventKind.ATTEMPT) == 2
    assert events[-1].data["reason"] == "done"
    assert events[0].wall.tzinfo is not None


def test_a_pain_stop_is_recorded(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        run_session(journal, pain=True)
        (rec,) = journal.sessions()
    assert rec.pain_stop and rec.had_pain and rec.finished and not rec.completed
    assert rec.status == "pain"


def test_steps_done_while_running_counts_each_step_once(tmp_path: Path) -> None:
    clock = FakeClock(wall=START)
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        session = Session(protocol(), clock)
        sid = begin(journal)
        session.subscribe(partial(journal.record, sid))
        session.start()
        session.next()
        session.back()
        session.next()  # "prepare" done twice: still one step
        clock.advance(61)
        session.next()
        assert journal.session(sid).steps_done == 2
        assert not journal.session(sid).finished


def test_checkin_updates_the_summary_and_keeps_every_version(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        sid = run_session(journal)
        journal.save_checkin(sid, CheckIn(comfort=4, pain=True, level_id="size-2", notes="a"))
        journal.save_checkin(sid, CheckIn(comfort=7, bleeding=True, level_id="size-2", notes="b"))
        rec = journal.session(sid)
        history = journal.checkins(sid)
    assert (rec.comfort, rec.pain, rec.bleeding, rec.notes) == (7, False, True, "b")
    assert rec.level_id == "size-2" and rec.planned_level_id == "size-1"
    assert [c.notes for _, c in history] == ["a", "b"]


def test_checkin_without_a_level_keeps_the_planned_one(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        sid = begin(journal)
        journal.save_checkin(sid, CheckIn(comfort=5))
        assert journal.session(sid).level_id == "size-1"


def test_checkin_rejects_comfort_out_of_range() -> None:
    for bad in (-1, 11, True, 5.5):
        with pytest.raises(ValueError):
            CheckIn(comfort=bad)  # type: ignore[arg-type]
    assert CheckIn(comfort=0).comfort == 0 and CheckIn(comfort=10).comfort == 10


def test_unknown_session_is_an_error_and_writes_nothing(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        event = Event(EventKind.PAUSED, 1.0, START, 1.0, 0, "x")
        with pytest.raises(KeyError):
            journal.record(99, event)
        with pytest.raises(KeyError):
            journal.save_checkin(99, CheckIn())
        assert journal._db.execute("SELECT count(*) FROM events").fetchone()[0] == 0


def test_notes_and_titles_are_stored_exactly(tmp_path: Path) -> None:
    text = "[b]not markup[/b] \x1b[31m ünïcode\nsecond line 'quote' \"dq\"; DROP TABLE x"
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        sid = begin(journal, protocol_title="[red]Title[/red]")
        journal.save_checkin(sid, CheckIn(notes=text))
        rec = journal.session(sid)
    assert rec.notes == text and rec.protocol_title == "[red]Title[/red]"


def test_sessions_are_ordered_by_time_and_filtered_by_day(tmp_path: Path) -> None:
    days = [dt.date(2026, 1, d) for d in (10, 3, 7)]
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        fill(journal, [record(d) for d in days])
        # Another offset: 08:30 at +00:00 is 09:30 at +01:00, after the 9:00 session that day.
        begin(journal, started=dt.datetime(2026, 1, 7, 8, 30, tzinfo=dt.UTC))
        listed = journal.sessions()
        since = journal.sessions(since=dt.date(2026, 1, 7))
    assert [s.started.date() for s in listed] == sorted([*days, dt.date(2026, 1, 7)])
    assert listed[1].started.tzinfo == TZ and listed[2].started.tzinfo == dt.UTC
    assert [s.day.day for s in since] == [7, 7, 10]


def test_naive_times_are_taken_as_local(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        sid = begin(journal, started=dt.datetime(2026, 1, 5, 9, 0))
        assert journal.session(sid).started.tzinfo is not None


def test_recording_for_a_session_that_does_not_exist_raises(tmp_path: Path) -> None:
    """The engine logs and swallows a listener's exception; the journal still says no."""
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        with pytest.raises(KeyError):
            journal.record(12345, Event(EventKind.PAUSED, 1.0, START, 1.0, 0, "x"))
        assert journal.sessions() == []


def test_listing_ten_thousand_sessions_is_fast(tmp_path: Path) -> None:
    base = dt.date(2000, 1, 1)
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        fill(journal, [record(base + dt.timedelta(days=i)) for i in range(10_000)])
        timings = []
        for _ in range(3):
            start = time.perf_counter()
            listed = journal.sessions()
            timings.append(time.perf_counter() - start)
    assert len(listed) == 10_000
    assert min(timings) < 0.1, f"listing took {min(timings) * 1000:.0f} ms"


# --- two coaches at once, and a killed one ---------------------------------------------------

_WRITER = """
import datetime as dt, sys
from pathlib import Path
from coach.journal.store import Journal
from coach.engine.events import Event, EventKind
journal = Journal.open(Path(sys.argv[1]))
start = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
sid = journal.begin_session(pack_id="p", protocol_id=sys.argv[2], protocol_title="T",
                            level_id=None, started=start)
print("open", flush=True)
while not Path(sys.argv[4]).exists():  # start writing together, so the writes interleave
    pass
for i in range(int(sys.argv[3])):
    journal.record(sid, Event(EventKind.ATTEMPT, float(i), start, float(i), 0, "s"))
print(sid)
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def test_two_processes_writing_at_once(tmp_path: Path) -> None:
    # Both race to create and migrate a fresh file, then contend for the write lock on every
    # event (the go file starts them together). One may starve the other for a while: the
    # busy timeout makes it wait its turn instead of failing.
    path = tmp_path / "fresh.sqlite3"
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(path), name, "400", str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        for name in ("a", "b")
    ]
    for proc in procs:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "open"
    go.touch()
    outs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outs]
    with Journal.open(path) as journal:
        assert journal.moved_aside is None
        listed = journal.sessions()
        assert sorted(s.protocol_id for s in listed) == ["a", "b"]
        assert [s.attempts for s in listed] == [400, 400]
        assert all(len(journal.session_events(s.id)) == 400 for s in listed)


def test_two_journals_in_one_process_interleave(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    with Journal.open(path) as one, Journal.open(path) as two:
        a, b = begin(one), begin(two)
        for i in range(20):
            one.record(a, Event(EventKind.ATTEMPT, i, START, i, 0, "s"))
            two.record(b, Event(EventKind.ATTEMPT, i, START, i, 0, "s"))
        assert [s.attempts for s in one.sessions()] == [20, 20]


def test_a_reader_does_not_block_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    with Journal.open(path) as writer:
        sid = begin(writer)
        reader = sqlite3.connect(path)
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM events").fetchone()  # holds a read snapshot
        writer.record(sid, Event(EventKind.PAUSED, 1.0, START, 1.0, 0, "s"))
        reader.close()
        assert len(writer.session_events(sid)) == 1


_KILLED = """
import sys, time
from pathlib import Path
from functools import partial
from coach.journal.store import Journal
from coach.engine.clock import FakeClock
from coach.engine.session import Session
from tests.snapshots.apps.journal_data import protocol
journal = Journal.open(Path(sys.argv[1]))
clock = FakeClock()
session = Session(protocol(), clock)
sid = journal.begin_session(pack_id="p", protocol_id="dilation-session",
                            protocol_title="Dilation session", level_id="size-2",
                            started=clock.now())
seen = []
session.subscribe(partial(journal.record, sid))
session.subscribe(seen.append)
session.start()
session.next()
clock.advance(61)
session.next()
session.attempt()
session.pause()
print("ready", sid, ",".join(e.kind for e in seen), flush=True)
time.sleep(120)  # alive mid-session until the test kills it with -9: what is tested
"""


def test_kill_minus_nine_mid_session_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILLED, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().split()
        assert line[:1] == ["ready"], proc.stderr.read() if proc.stderr else ""
        sid, emitted = int(line[1]), line[2].split(",")
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        if proc.stdout:
            proc.stdout.close()
        if proc.stderr:
            proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    with Journal.open(path) as journal:
        assert journal.moved_aside is None
        (rec,) = journal.sessions()
        kinds = [e.kind for e in journal.session_events(sid)]
    assert rec.id == sid and not rec.finished and rec.ended is None
    assert rec.status == "unfinished" and rec.level_id == "size-2"
    assert kinds == emitted  # every event emitted before the kill, in order
    assert kinds[0] is EventKind.STARTED and kinds[-2:] == [EventKind.ATTEMPT, EventKind.PAUSED]
    assert rec.steps_done == 2 and rec.attempts == 1 and rec.active_seconds == pytest.approx(61)


def test_the_listing_is_kept_until_anything_changes(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    with Journal.open(path) as mine, Journal.open(path) as other:
        fill(mine, [record(dt.date(2026, 1, 5))])
        first = mine.sessions()
        assert mine.sessions() == first and mine.sessions() is not mine.sessions()
        # Our own write: listed afresh.
        sid = begin(mine)
        assert [s.id for s in mine.sessions()] == [first[0].id, sid]
        mine.save_checkin(sid, CheckIn(comfort=9))
        assert mine.session(sid).comfort == mine.sessions()[-1].comfort == 9
        # Another coach's write (another connection): seen too.
        other_id = begin(other, started=START + dt.timedelta(days=1))
        assert mine.sessions()[-1].id == other_id
        other.record(other_id, Event(EventKind.ATTEMPT, 1.0, START, 1.0, 0, "s"))
        assert mine.sessions()[-1].attempts == 1
        assert [s.id for s in mine.sessions(since=dt.date(2026, 1, 6))] == [other_id]
