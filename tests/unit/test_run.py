"""The session run both front ends share, and its journal writer: rules, order, a full disk.

No terminal here. The clock is a FakeClock; the only real waits are the writer thread's, each
bounded (``flush(timeout)``), with retry intervals of a few milliseconds.
"""

from __future__ import annotations

import sqlite3
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from coach.engine.clock import FakeClock
from coach.engine.events import EventKind
from coach.engine.view import FinishReason
from coach.journal.records import CheckIn
from coach.journal.store import Journal, _connect
from coach.journal.writer import JournalWriter
from coach.pack.load import load_pack
from coach.pack.model import Pack
from coach.session.run import SessionRun, WaitToMoveOn, wait_to_move_on
from tests.unit.packs import mini_pack

WAIT = 10.0  # a bound, never a sleep: flush returns as soon as the writes are in


@pytest.fixture
def pack(tmp_path: Path) -> Pack:
    return mini_pack(tmp_path / "mini")


def kinds(journal: Journal) -> list[str]:
    (session,) = journal.sessions()
    return [str(e.kind) for e in journal.session_events(session.id)]


# --- the rules ------------------------------------------------------------------------------


def test_a_ranges_minimum_unlocks_moving_on_but_not_in_a_branch(pack: Pack) -> None:
    clock = FakeClock()
    run = SessionRun(pack, pack.default_protocol, clock=clock)
    run.start()
    assert run.done() is None and run.next() is None  # checklist, then intervals: no range
    assert run.view().step.id == "try"
    wait = run.next()
    assert wait == WaitToMoveOn(after=180, to_go=180)
    assert wait.text("Type") == "You can move on after 03:00 (03:00 to go). Type s to skip anyway."
    clock.advance(60)
    assert run.next() == WaitToMoveOn(after=180, to_go=120)
    assert run.view().step.id == "try"
    run.resistance()  # into the reset branch: leaving it is never held back
    assert run.view().in_branch
    assert wait_to_move_on(run.view()) is None
    assert run.next() is None
    assert run.view().step.id == "try" and not run.view().in_branch
    clock.advance(120)
    assert run.next() is None  # the minimum has passed
    assert run.finished and run.view().completed


def test_enter_on_an_attempts_step_is_a_try_in_a_branch_too(tmp_path: Path) -> None:
    protocol = """\
id = "p"
title = "P"
[[steps]]
id = "go"
title = "Go"
kind = "timed"
duration = "1m"
on_resistance = "again"
[[steps]]
id = "again"
title = "Again, gently"
kind = "attempts"
attempts = "2-3"
branch_only = true
"""
    pack = mini_pack(tmp_path / "b", protocol=protocol, pack='id = "b"\ntitle = "B"\n')
    run = SessionRun(pack, pack.protocols[0], clock=FakeClock())
    run.start()
    run.resistance()
    assert run.view().in_branch and run.view().step.id == "again"
    assert run.done() is None
    assert run.done() is None
    view = run.view()
    assert (view.step.id, view.attempts, view.in_branch) == ("again", 2, True)  # still there
    run.next()  # n returns from the branch
    assert run.view().step.id == "go" and not run.view().in_branch


def test_the_one_ending_is_ended_and_idempotent(pack: Pack) -> None:
    run = SessionRun(pack, pack.default_protocol, clock=FakeClock())
    heard: list[Any] = []
    run.session.subscribe(heard.append)
    run.start()
    run.finish()
    run.finish()
    run.close()
    assert [e.kind for e in heard].count(EventKind.FINISHED) == 1
    assert run.view().finish_reason is FinishReason.ENDED
    # A session that ended for pain keeps that reason, whatever ends the run after.
    run = SessionRun(pack, pack.default_protocol, clock=FakeClock())
    run.start()
    run.pain_stop()
    run.finish()
    assert run.view().finish_reason is FinishReason.PAIN and run.pain_stopped


@pytest.mark.parametrize(
    ("answers", "pain", "pain_stopped", "follows"),
    [
        ({}, False, False, False),
        ({"bleeding": "none"}, False, False, False),
        ({"bleeding": "spotting"}, False, False, True),  # the content's safety_from
        ({"bleeding": "heavy"}, False, True, True),  # bleeding: even after a pain stop
        ({"comfort": 8}, True, False, True),
        ({}, True, True, False),  # shown at the pain stop already: not twice in a row
    ],
)
def test_when_safety_guidance_follows_a_check_in(
    content_dir: Path, answers: dict[str, Any], pain: bool, pain_stopped: bool, follows: bool
) -> None:
    """The run asks the content's rule (coach.journal.figures.needs_safety), graded bleeding
    included; the default pack shows safety from spotting up."""
    shipped = load_pack(content_dir)
    run = SessionRun(shipped, shipped.default_protocol, clock=FakeClock())
    run.start()
    if pain_stopped:
        run.pain_stop()
    run.finish()
    assert run.safety_follows(CheckIn(answers, pain=pain)) is follows


# --- the writer -----------------------------------------------------------------------------


class FlakyConnection:
    """A real connection that answers "database or disk is full" while ``full`` is set."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self.full = False
        self.refused = 0

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        if self.full and not sql.startswith(("ROLLBACK", "PRAGMA")):
            self.refused += 1
            raise sqlite3.OperationalError("database or disk is full")
        return self._db.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)


def flaky_writer(path: Path) -> tuple[Journal, JournalWriter, FlakyConnection]:
    journal = Journal.open(path)
    flaky = FlakyConnection(_connect(path))
    writer = JournalWriter(
        journal, connect=lambda: Journal(flaky, path), retry_seconds=0.005, max_retry_seconds=0.02
    )
    return journal, writer, flaky


def test_a_full_disk_keeps_every_event_and_the_check_in_and_retries(
    pack: Pack, tmp_path: Path
) -> None:
    path = tmp_path / "j.sqlite3"
    journal, writer, flaky = flaky_writer(path)
    clock = FakeClock()
    heard: list[str] = []
    run = SessionRun(
        pack,
        pack.default_protocol,
        clock=clock,
        journal=journal,
        writer=writer,
        listeners=[lambda e: heard.append(str(e.kind))],
    )
    run.start()
    assert writer.flush(WAIT)
    flaky.full = True  # the disk fills up mid-session
    run.done()
    clock.advance(5)
    run.pause()
    run.resume()
    run.pain_stop()
    saving = run.save_checkin(CheckIn(comfort=4, pain=True, notes="kept"))
    assert saving is not None
    assert not writer.flush(0.1)  # nothing can be written: all of it waits, in order
    assert not saving.done()  # never "Saved" while it is not
    notice = run.poll_journal()
    assert notice is not None and not notice.ok
    assert "database or disk is full" in notice.text and "kept in memory" in notice.text
    assert run.poll_journal() is None  # told once, not once per event
    assert flaky.refused >= 2  # it kept trying
    assert kinds(journal) == ["started", "step"]

    flaky.full = False  # space again
    run.retry_saving()
    assert writer.flush(WAIT)
    assert saving.done() and saving.exception() is None
    notice = run.poll_journal()
    assert notice is not None and notice.ok
    assert kinds(journal) == heard  # every event, in order, nothing lost
    assert heard[-4:] == ["paused", "resumed", "pain_stop", "finished"]
    (session,) = journal.sessions()
    assert (session.finished, session.finish_reason, session.comfort, session.notes) == (
        True,
        "pain",
        4,
        "kept",
    )
    assert run.close(WAIT) == 0
    journal.close()


def test_a_full_disk_at_the_very_start_keeps_the_session_too(pack: Pack, tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    journal, writer, flaky = flaky_writer(path)
    flaky.full = True
    run = SessionRun(pack, pack.default_protocol, clock=FakeClock(), journal=journal, writer=writer)
    run.start()
    run.done()
    assert run.planned_level_id is None and not writer.flush(0.05)
    assert journal.sessions() == []
    flaky.full = False
    assert writer.flush(WAIT)
    assert kinds(journal) == ["started", "step", "step", "phase"]
    journal.close()


def test_writes_keep_their_order_and_a_job_that_can_never_work_is_dropped(tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "j.sqlite3")
    writer = JournalWriter(journal, retry_seconds=0.005)
    order: list[int] = []
    lock = threading.Lock()

    def job(i: int) -> Any:
        def work(_db: Journal) -> int:
            with lock:
                order.append(i)
            return i

        return work

    futures = [writer.submit(f"job {i}", job(i)) for i in range(200)]
    broken = writer.submit("broken", lambda _db: 1 / 0)
    after = writer.submit("after", job(200))
    assert writer.flush(WAIT)
    assert order == list(range(201))
    assert [f.result() for f in futures] == list(range(200))
    assert isinstance(broken.exception(), ZeroDivisionError)  # logged, not retried forever
    assert after.result() == 200
    assert writer.close(WAIT) == 0
    journal.close()


def test_a_start_that_can_never_be_recorded_is_told_once(pack: Pack, tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "j.sqlite3")

    def refuse() -> Journal:
        raise sqlite3.DatabaseError("file is not a database")  # no retry mends this

    run = SessionRun(
        pack,
        pack.default_protocol,
        clock=FakeClock(),
        journal=journal,
        writer=JournalWriter(journal, connect=refuse),
    )
    run.start()
    run.done()
    assert run.flush(WAIT) == 0  # given up, not waiting forever
    notice = run.poll_journal()
    assert notice is not None and not notice.ok and "could not be written" in notice.text
    run.done()
    run.flush(WAIT)
    assert run.poll_journal() is None  # once
    saving = run.save_checkin(CheckIn(comfort=1))
    assert saving is not None
    run.flush(WAIT)
    assert saving.exception() is not None  # never "Saved"
    journal.close()


def test_flush_is_bounded_and_says_what_is_left(tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "j.sqlite3")
    writer = JournalWriter(journal, retry_seconds=0.005, max_retry_seconds=0.01)
    writer.submit("never", lambda _db: (_ for _ in ()).throw(OSError(28, "No space left")))
    assert writer.flush(0.05) is False
    health = writer.health()
    assert health.pending == 1 and isinstance(health.failure, OSError) and health.failures >= 1
    assert writer.close(0.02) == 1
    journal.close()


def test_the_writer_uses_its_own_connection(tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "j.sqlite3")
    writer = JournalWriter(journal)
    seen: list[Journal] = []
    writer.submit("who", seen.append)
    assert writer.flush(WAIT)
    assert seen and seen[0] is not journal and seen[0].path == journal.path
    writer.close(WAIT)
    journal.close()


def test_the_run_imports_no_textual() -> None:
    import subprocess

    code = "import coach.session.run, coach.journal.writer, coach.plain.session, coach.session.checkin, coach.plain.checkin, coach.session.hangup, sys; print('textual' in sys.modules or 'rich' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
