"""Issue 21, item 4: bounded time in memory. A burst of events goes to the journal in one
transaction (not one fsync each, behind which a key storm piles up); an urgent write (a pain
stop, the end, a check-in) never waits out a retry; a running session's place is checkpointed
every few seconds, and resume and history use it.

No terminal; the session clock is a FakeClock. The only real waits are the writer thread's,
each bounded by ``flush(timeout)``.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from coach.engine.clock import FakeClock
from coach.engine.events import Event, EventKind
from coach.journal.resumable import find_resumable, rebuild
from coach.journal.store import CHECKPOINT, Journal, _connect
from coach.journal.writer import JournalWriter
from coach.pack.model import Pack
from coach.session.run import CHECKPOINT_SECONDS, SessionRun
from tests.unit.packs import mini_pack
from tests.unit.test_run import FlakyConnection

WAIT = 10.0

TIMED = """\
id = "breathe"
title = "Breathe"

[[steps]]
id = "ready"
title = "Get ready"
kind = "checklist"
items = ["Water"]

[[steps]]
id = "hold"
title = "Hold"
kind = "timed"
duration = "2-10m"
"""


@pytest.fixture
def pack(tmp_path: Path) -> Pack:
    return mini_pack(tmp_path / "mini", protocol=TIMED)


class CountingJournal(Journal):
    """A journal connection that counts its transactions."""

    transactions = 0

    @contextmanager
    def batch(self) -> Iterator[None]:
        CountingJournal.transactions += 1
        with super().batch():
            yield


def _event(n: int) -> Event:
    return Event(EventKind.ATTEMPT, float(n), dt.datetime(2026, 1, 5, 9), float(n), 0, "s")


def test_a_burst_of_events_is_written_in_one_transaction_not_one_each(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    journal = Journal.open(path)
    sid = journal.begin_session(
        pack_id="p",
        protocol_id="x",
        protocol_title="X",
        level_id=None,
        started=dt.datetime(2026, 1, 5, 9),
    )
    CountingJournal.transactions = 0
    writer = JournalWriter(journal, connect=lambda: CountingJournal(_connect(path), path))
    busy = threading.Event()
    go = threading.Event()

    def hold_the_writer(db: Journal) -> None:
        busy.set()
        assert go.wait(WAIT)

    writer.submit("hold", hold_the_writer)
    assert busy.wait(WAIT)
    futures = [
        writer.submit(f"event {n}", lambda db, n=n: db.record(sid, _event(n))) for n in range(500)
    ]
    go.set()
    assert writer.flush(WAIT)
    assert all(f.done() and f.exception() is None for f in futures)
    # The blocked job's own transaction, then the 500 queued meanwhile: one more.
    assert CountingJournal.transactions == 2
    assert journal.session(sid).attempts == 500
    writer.close(WAIT)
    journal.close()


def test_a_job_that_can_never_succeed_is_dropped_alone_within_a_batch(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    journal = Journal.open(path)
    sid = journal.begin_session(
        pack_id="p",
        protocol_id="x",
        protocol_title="X",
        level_id=None,
        started=dt.datetime(2026, 1, 5, 9),
    )
    writer = JournalWriter(journal)
    busy, go = threading.Event(), threading.Event()
    writer.submit("hold", lambda db: (busy.set(), go.wait(WAIT)))
    assert busy.wait(WAIT)
    good = writer.submit("one", lambda db: db.record(sid, _event(1)))
    bad = writer.submit("gone", lambda db: db.record(sid + 99, _event(2)))  # no such session
    after = writer.submit("two", lambda db: db.record(sid, _event(3)))
    go.set()
    assert writer.flush(WAIT)
    assert good.exception() is None and after.exception() is None
    assert isinstance(bad.exception(), KeyError)
    assert [e.at for e in journal.session_events(sid)] == [1.0, 3.0]
    assert writer.health().dropped == 1
    writer.close(WAIT)
    journal.close()


def test_an_urgent_write_does_not_wait_out_a_retry(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    journal = Journal.open(path)
    sid = journal.begin_session(
        pack_id="p",
        protocol_id="x",
        protocol_title="X",
        level_id=None,
        started=dt.datetime(2026, 1, 5, 9),
    )
    flaky = FlakyConnection(_connect(path))
    flaky.full = True
    # A minute between tries: only the urgent job's wake-up can get the writes in in time.
    writer = JournalWriter(
        journal, connect=lambda: Journal(flaky, path), retry_seconds=60, max_retry_seconds=60
    )
    writer.submit("attempt", lambda db: db.record(sid, _event(1)))
    while writer.health().failures == 0:
        writer.flush(0.01)
    flaky.full = False
    pain = Event(EventKind.PAIN_STOP, 2.0, dt.datetime(2026, 1, 5, 9), 2.0, 0, "s")
    stop = writer.submit("pain stop", lambda db: db.record(sid, pain), urgent=True)
    stop.result(timeout=WAIT)
    assert [str(e.kind) for e in journal.session_events(sid)] == ["attempt", "pain_stop"]
    writer.close(WAIT)
    journal.close()


def test_the_pain_stop_and_the_end_are_urgent(pack: Pack, tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "j.sqlite3")
    urgent_jobs: list[str] = []

    class Recording(JournalWriter):
        def submit(  # type: ignore[override]
            self, what: str, work: Any, *, urgent: bool = False, alone: bool = False
        ) -> Future[Any]:
            if urgent:
                urgent_jobs.append(what)
            return super().submit(what, work, urgent=urgent, alone=alone)

    run = SessionRun(
        pack, pack.default_protocol, clock=FakeClock(), journal=journal, writer=Recording(journal)
    )
    run.start()
    run.pain_stop()
    assert run.flush(WAIT) == 0
    assert urgent_jobs == ["event pain_stop", "event finished"]
    run.close(WAIT)
    journal.close()


def test_a_running_session_is_checkpointed_and_resume_uses_it(pack: Pack, tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "j.sqlite3")
    clock = FakeClock(wall=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC))
    run = SessionRun(pack, pack.default_protocol, clock=clock, journal=journal)
    run.start()
    run.next()  # onto the timed step: no event until its minimum, two minutes in
    for _ in range(97):
        clock.advance(1)
        run.tick()
    assert run.flush(WAIT) == 0
    (session,) = journal.sessions()
    events = journal.session_events(session.id)
    # One checkpoint row after the last event, replaced as the session goes on.
    assert [str(e.kind) for e in events][-2:] == ["step", CHECKPOINT]
    assert sum(1 for e in events if e.kind == CHECKPOINT) == 1
    # Killed now (nothing more written): history and resume know the time to within a few s.
    assert 97 - CHECKPOINT_SECONDS <= session.active_seconds <= 97
    point = rebuild(events)
    assert point is not None and point.visit.step_id == "hold"
    assert 97 - CHECKPOINT_SECONDS <= point.visit.elapsed <= 97
    assert find_resumable(journal, pack, clock.now(), hours=6) is None  # it runs: not offered
    assert run.writer is not None
    run.writer.close(WAIT)  # its owner gone (the run abandoned, never finished)
    offer = find_resumable(journal, pack, clock.now(), hours=6)
    assert offer is not None and offer.point.visit.elapsed == point.visit.elapsed
    journal.close()


def test_a_paused_session_writes_no_checkpoints(pack: Pack, tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "j.sqlite3")
    clock = FakeClock()
    run = SessionRun(pack, pack.default_protocol, clock=clock, journal=journal)
    run.start()
    run.pause()
    for _ in range(60):
        clock.advance(1)
        run.tick()
    assert run.flush(WAIT) == 0
    (session,) = journal.sessions()
    assert CHECKPOINT not in [e.kind for e in journal.session_events(session.id)]
    run.close(WAIT)
    journal.close()


def test_a_checkpoint_never_touches_a_finished_session(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        sid = journal.begin_session(
            pack_id="p",
            protocol_id="x",
            protocol_title="X",
            level_id=None,
            started=dt.datetime(2026, 1, 5, 9),
        )
        journal.record(sid, Event(EventKind.FINISHED, 5.0, dt.datetime(2026, 1, 5, 9), 5.0, 0, "s"))
        journal.checkpoint(
            sid, at=9.0, wall=dt.datetime(2026, 1, 5, 9, 1), active=60.0, step_index=0, step_id="s"
        )
        assert journal.session(sid).active_seconds == 5.0
        assert [str(e.kind) for e in journal.session_events(sid)] == ["finished"]
