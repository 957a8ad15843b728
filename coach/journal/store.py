"""The journal: every session and check-in, kept in one private SQLite file on this machine.

Why it is built this way:

* Every event is committed the moment the writer thread gets to it (within about a second:
  see :mod:`coach.journal.writer`), so a killed process, a crash or a flat battery loses
  nothing already shown on screen. A session whose ``finished`` event never came is listed as
  running while the process that runs it lives (:mod:`coach.journal.running`), else as unfinished.
* WAL mode with ``synchronous=FULL``: WAL lets a second coach read (say, ``coach history``)
  while a session writes, and FULL fsyncs each commit, so a committed event also survives a
  power cut. (NORMAL in WAL mode survives a killed process but may lose the last commits on
  power loss.) Events come seconds apart, so one fsync each costs nothing anyone can feel.
* Writes begin with ``BEGIN IMMEDIATE`` and a busy timeout: two coaches at once queue for the
  write lock instead of failing half-way through a transaction.
* The file is made 0600 before SQLite opens it, and its folder 0700, whatever the umask.
* Only the process that holds the journal alone touches its files by hand (checks them, moves
  a damaged one aside); any other is an ordinary SQLite client (:mod:`coach.journal.hold`).
* A file that is not a sound journal is moved aside untouched (see :mod:`coach.journal.aside`).
* Every row carries a checksum, checked when read (:mod:`coach.journal.seal`): a changed value
  is reported as damaged, never shown as if true.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import functools
import json
import logging
import os
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import MappingProxyType
from typing import Any

from coach.engine.events import Event, EventKind
from coach.journal import aside, hold, running, seal
from coach.journal.aside import JournalError
from coach.journal.migrations import LATEST, MIGRATIONS, run_step
from coach.journal.records import (
    LEVEL_SETTERS,
    ActivityRecord,
    Answer,
    CheckIn,
    LevelChange,
    SessionRecord,
    StoredEvent,
)
from coach.system.paths import UnsafePath, ensure_private_dir, journal_file, remove

log = logging.getLogger(__name__)

BUSY_TIMEOUT_SECONDS = 10.0

CHECKPOINT = "checkpoint"
"""The kind of the event row :meth:`Journal.checkpoint` keeps (the engine never emits it)."""

_SESSION_COLUMNS = seal.columns("sessions")
"""Every column and the checksum; a SessionRecord is built from the first 22 (see seal.py)."""
_EVENT_COUNT = seal.SEALED["sessions"].index("event_count")
_COUNTED = seal.SEALED["sessions"].index("counted")


class Journal:
    """The person's session log. Open with :meth:`open`; one instance per process is enough."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.unreadable_activities = 0
        """How many activity rows the last :meth:`activities` call could not read."""
        self.unreadable_plan_start = False
        """Whether the last :meth:`plan_start` call met a row it could not read."""
        self.unreadable_level_changes = 0
        """How many level changes the last :meth:`level_changes` call could not read."""
        self.damaged_events = 0
        """How many damaged event rows the last :meth:`session_events` call met."""
        self._lock = threading.RLock()  # one connection, shareable with a worker thread
        self._batch_depth = 0
        # Every write of this connection counts here (SQLite's data_version counts the others'):
        # together they are :meth:`generation`, what the kept listing and figures are keyed by.
        self._writes = 0
        # The last full listing, kept while nothing has changed: the home screen and the
        # history both list every session, and 10,000 of them cost ~30 ms to build.
        self._listing: list[SessionRecord] | None = None
        self._listing_version: tuple[int, int] | None = None
        self.kept: dict[tuple[str, str], tuple[object, object]] = {}
        """Figures worked out from this journal, by name, each with the :meth:`generation` it
        was worked out at (``coach.journal.figures.journal_figures``): never trusted at another."""
        self._unreadable = 0
        self.path = path
        self.moved_aside: Path | None = None
        """Where a damaged journal found at :attr:`path` was moved on open, if one was."""
        self.moved_aside_reason: str | None = None
        self.kept_aside: list[Path] = []
        """Side files (a garbage -shm) moved aside on open; the journal itself was sound."""
        self.unreadable: int = 0
        """How many session rows the last :meth:`sessions` call could not read (left out of
        its listing, kept in the file): history and the report say so."""
        self.unreadable_checkins: int = 0
        """The same for the last :meth:`checkins` call."""
        self._ticket: hold.Ticket | None = None
        self._claims: list[running.Claim] = []

    # --- opening -----------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | None = None, *, read_only: bool = False) -> Journal:
        """Open (creating, or migrating) the journal; a damaged one is moved aside first.

        ``read_only`` (for commands that only read, such as ``history`` and ``report``) opens
        the file without writing to it, so a journal the person made read-only still reads; a
        journal that does not exist yet reads as empty and is not created.

        Raises :class:`JournalError` (in plain words) when the journal cannot be used for a
        reason that is not damage: it is locked, too new, unreadable, a symbolic link, or the
        disk refuses. Nothing is changed then.
        """
        path = Path(path) if path is not None else journal_file()
        try:
            return cls._open(path, read_only=read_only)
        except OSError as exc:  # no room, no permission: plain words, never a traceback
            raise JournalError(_os_problem(path, exc)) from exc

    @classmethod
    def _open(cls, path: Path, *, read_only: bool) -> Journal:
        aside.refuse_symlinks(path)
        if not read_only:
            ensure_private_dir(path.parent)
        elif not path.parent.is_dir() and not path.parent.exists():
            return cls._empty(path)
        try:
            with hold.Opening(path, lock_required=not read_only) as ticket:
                journal = cls._open_held(path, read_only=read_only, ticket=ticket)
        except hold.InUse as exc:
            raise JournalError(
                f"The journal {path} is being opened or deleted by another coach and stayed "
                "locked; nothing was changed. Try again in a moment."
            ) from exc
        journal._ticket = ticket
        return journal

    @classmethod
    def _open_held(cls, path: Path, *, read_only: bool, ticket: hold.Ticket) -> Journal:
        """Open with this process's hold taken: an exclusive holder checks the files (and moves
        a damaged journal aside); anyone else is an ordinary SQLite client."""
        if not ticket.exclusive:
            try:
                if read_only and not path.exists():
                    return cls._empty(path)
                return cls(_connect(path, read_only=read_only, by_hand=ticket.first), path)
            except sqlite3.Error as exc:
                if aside.is_damage(exc):
                    # Another coach has it open: checking or moving it now could take that
                    # one's unsaved writes with it. The next coach to open it alone will.
                    raise JournalError(
                        f"The journal {path} looks damaged, but another coach has it open, so "
                        "it was left as it is. Close every coach and start again: it will be "
                        "checked, and moved aside untouched if it is damaged."
                    ) from exc
                raise JournalError(_sqlite_problem(path, exc)) from exc
        moved: Path | None = None
        kept: list[Path] = []
        reason: str | None = None
        shm_garbage = False
        shm_before = b""
        if path.exists():
            # No other coach has the journal open, and no other connection of ours, so its
            # -wal and -shm are at rest: check them before any SQLite connection replays,
            # truncates or deletes them.
            wal, shm, _ = aside.side_files(path)
            reason = aside.wal_problem(aside.read_side(wal))
            shm_before = aside.read_side(shm)
            shm_garbage = aside.shm_problem(shm_before) is not None

        def set_shm_aside() -> None:
            nonlocal shm_before
            # The journal stays: only its index (which SQLite rebuilds) goes aside, kept.
            if shm_garbage:
                shm = aside.side_files(path)[1]
                moved_shm = aside.move_side_aside(shm, path)
                if moved_shm is not None:
                    log.warning("journal %s: garbage %s kept at %s", path, shm.name, moved_shm)
                    kept.append(moved_shm)
                    shm_before = b""

        if not read_only:
            # Nobody else has the journal open, so no session is running: a claim left is a
            # killed owner's (see coach.journal.running).
            running.clear(path)
        if reason is None:
            reason = aside.inspect(path, timeout=BUSY_TIMEOUT_SECONDS, before_sqlite=set_shm_aside)
        if reason is not None:
            moved = aside.move_aside(path, shm_before=shm_before)
            log.warning("journal %s moved aside to %s: %s", path, moved, reason)
        if read_only and not path.exists():
            journal = cls._empty(path)
        else:
            try:
                journal = cls(_connect(path, read_only=read_only, by_hand=True), path)
            except sqlite3.Error as exc:
                if moved is None and aside.is_damage(exc):
                    # Damage the read-only check could not see: same treatment.
                    reason = "it is damaged"
                    moved = aside.move_aside(path)
                    journal = (
                        cls._empty(path) if read_only else cls(_connect(path, by_hand=True), path)
                    )
                else:
                    raise JournalError(_sqlite_problem(path, exc)) from exc
        journal.moved_aside = moved
        journal.moved_aside_reason = reason if moved is not None else None
        journal.kept_aside = kept
        return journal

    @classmethod
    def _empty(cls, path: Path) -> Journal:
        """An empty journal in memory: what a read-only command sees when there is none yet."""
        db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        _migrate(db)
        return cls(db, path)

    def close(self) -> None:
        """Close the connection, then give back this connection's share of the process's hold
        (the lock goes with the last one: see :mod:`coach.journal.hold`) and its sessions."""
        with self._lock:
            for claim in self._claims:
                claim.release()
            self._claims.clear()
            self._db.close()
            if self._ticket is not None:
                self._ticket.release()
                self._ticket = None

    def sibling(self, *, busy_timeout: float | None = None) -> Journal:
        """A second connection to this journal's file, for the journal writer's own thread
        (:mod:`coach.journal.writer`). It holds the journal as long as it is open, whatever
        happens to this one; while this one is open it is an ordinary client (the file is
        already checked)."""
        journal = Journal._open(self.path, read_only=False)
        if busy_timeout is not None:
            journal._db.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        return journal

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *_exc_info: object) -> None:
        self.close()

    def claim_session(self, session_id: int) -> bool:
        """This process runs session ``session_id`` from now until this journal is closed:
        history, the report and the status line say "in progress" meanwhile, and no other
        coach offers to resume it (see :mod:`coach.journal.running`). False (logged) when it cannot be
        claimed; the session is recorded all the same."""
        with self._lock:
            if any(claim.session_id == session_id for claim in self._claims):
                return True
        try:
            claim = running.Claim(self.path, session_id)
        except BlockingIOError:
            log.warning("journal %s: session %s is run by another coach", self.path, session_id)
            return False
        except OSError:
            log.warning(
                "journal %s: session %s cannot be claimed", self.path, session_id, exc_info=True
            )
            return False
        with self._lock:
            self._claims.append(claim)
        return True

    # --- writing -----------------------------------------------------------------------------

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group many writes into one transaction (imports, tests, benchmarks)."""
        with self._write():
            self._batch_depth += 1
            try:
                yield
            finally:
                self._batch_depth -= 1

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """Inside :meth:`batch`: the writes of this block are undone alone if it raises."""
        with self._lock:
            self._db.execute("SAVEPOINT one")
            try:
                yield
            except BaseException:
                # SQLite may have rolled back the whole transaction already (disk full).
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK TO one")
                    self._db.execute("RELEASE one")
                self._writes += 1  # undone writes change what is there too
                raise
            self._db.execute("RELEASE one")

    def begin_session(
        self,
        *,
        pack_id: str,
        protocol_id: str,
        protocol_title: str,
        level_id: str | None,
        started: dt.datetime,
        counts_as_session: bool = True,
    ) -> int:
        """Record that a session is starting; returns its id for :meth:`record`."""
        started = _aware(started)
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO sessions (pack_id, protocol_id, protocol_title, planned_level_id, "
                "counts_as_session, started, started_ts) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    pack_id,
                    protocol_id,
                    protocol_title,
                    level_id,
                    int(counts_as_session),
                    started.isoformat(),
                    started.timestamp(),
                ),
            )
            session_id = cursor.lastrowid
            assert session_id is not None
            seal.seal(db, "sessions", "id = ?", (session_id,))
        return session_id

    def record(self, session_id: int, event: Event) -> None:
        """Store one event and fold it into the session's summary, in one transaction."""
        data = dict(event.data)
        kind = str(event.kind)
        # Moving on with "next" completes the step left, if the engine says it was done (its
        # minimum time and tries reached; events from before it said: always). Counted once
        # per step, as the engine does.
        moved_on = (
            kind == EventKind.STEP
            and data.get("via") == "next"
            and data.get("outcome", "done") == "done"
        )
        done_step = data.get("left") if moved_on else None
        wall = _aware(event.wall).isoformat()
        with self._write() as db:
            sound = seal.all_intact(db, "sessions", "id = ?", (session_id,))
            changed = db.execute(
                "UPDATE sessions SET last_event = ?, active_seconds = max(active_seconds, ?), "
                "event_count = event_count + 1 WHERE id = ?",
                (wall, event.active, session_id),
            ).rowcount
            if not changed:
                raise KeyError(f"no session {session_id} in the journal")
            cursor = db.execute(
                "INSERT INTO events (session_id, kind, at, wall, active, step_index, step_id, "
                "data, done_step) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session_id,
                    kind,
                    event.at,
                    wall,
                    event.active,
                    event.step_index,
                    event.step_id,
                    json.dumps(data, default=str, ensure_ascii=False),
                    done_step,
                ),
            )
            seal.seal(db, "events", "id = ?", (cursor.lastrowid,))
            self._fold(db, session_id, kind, data, wall, done_step)
            if sound:  # a damaged summary stays seen as damaged
                seal.seal(db, "sessions", "id = ?", (session_id,))

    def checkpoint(
        self,
        session_id: int,
        *,
        at: float,
        wall: dt.datetime,
        active: float,
        step_index: int,
        step_id: str,
    ) -> None:
        """Where a running session stands between its events: its active seconds now, on its
        step. The run writes one every few seconds, so history's time and a resume after a
        crash (:func:`coach.journal.resumable.rebuild` reads it like any event) are exact to
        within that. One checkpoint row at most follows a session's last event: a newer one
        replaces it. A finished session is left as it is."""
        stamp = _aware(wall).isoformat()
        with self._write() as db:
            sound = seal.all_intact(db, "sessions", "id = ?", (session_id,))
            changed = db.execute(
                "UPDATE sessions SET last_event = ?, active_seconds = max(active_seconds, ?) "
                "WHERE id = ? AND finished = 0",
                (stamp, active, session_id),
            ).rowcount
            if not changed:
                return
            last = db.execute(
                "SELECT id, kind FROM events WHERE session_id = ? ORDER BY id DESC LIMIT 1",
                (session_id,),
            ).fetchone()
            values = (at, stamp, active, step_index, step_id)
            if last is not None and last[1] == CHECKPOINT:
                row_id = last[0]
                replaced = seal.all_intact(db, "events", "id = ?", (row_id,))
                db.execute(
                    "UPDATE events SET at = ?, wall = ?, active = ?, step_index = ?, "
                    "step_id = ? WHERE id = ?",
                    (*values, row_id),
                )
            else:
                row_id = db.execute(
                    "INSERT INTO events (session_id, kind, at, wall, active, step_index, "
                    "step_id, data) VALUES (?, ?, ?, ?, ?, ?, ?, '{}')",
                    (session_id, CHECKPOINT, *values),
                ).lastrowid
                db.execute(
                    "UPDATE sessions SET event_count = event_count + 1 WHERE id = ?", (session_id,)
                )
                replaced = True
            if replaced:
                seal.seal(db, "events", "id = ?", (row_id,))
            if sound:
                seal.seal(db, "sessions", "id = ?", (session_id,))

    @staticmethod
    def _fold(
        db: sqlite3.Connection,
        session_id: int,
        kind: str,
        data: dict[str, Any],
        wall: str,
        done_step: str | None,
    ) -> None:
        """Update the summary columns an event changes, so listing stays one plain query."""

        def update(assignments: str, *values: object) -> None:
            db.execute(f"UPDATE sessions SET {assignments} WHERE id = ?", (*values, session_id))

        if kind == EventKind.STARTED and isinstance(data.get("steps"), int):
            update("steps_total = ?", data["steps"])
        elif done_step is not None:
            update(
                "steps_done = (SELECT count(DISTINCT done_step) FROM events "
                "WHERE session_id = ? AND done_step IS NOT NULL)",
                session_id,
            )
        elif kind == EventKind.ATTEMPT:
            update("attempts = attempts + 1")
        elif kind == EventKind.RESISTANCE:
            update("resistances = resistances + 1")
        elif kind == EventKind.PAUSED:
            update("pauses = pauses + 1")
        elif kind == EventKind.PAIN_STOP:
            update("pain_stop = 1")
        elif kind == EventKind.FINISHED:
            update(
                "finished = 1, ended = ?, completed = ?, finish_reason = ?",
                wall,
                int(bool(data.get("completed"))),
                data.get("reason"),
            )
            if data.get("reason") == "pain":
                update("pain_stop = 1")
            if isinstance(data.get("counts"), bool):  # the engine's verdict (coach.engine.counting)
                update("counted = ?", int(data["counts"]))
            # The engine's own totals are exact (a step done twice counts once): prefer them.
            for column, key in (
                ("active_seconds", "active_total"),
                ("steps_done", "steps_done"),
                ("attempts", "attempts"),
                ("resistances", "resistances"),
            ):
                value = data.get(key)
                if isinstance(value, int | float) and not isinstance(value, bool):
                    update(f"{column} = ?", value)

    def save_checkin(self, session_id: int, checkin: CheckIn) -> None:
        """Save the person's check-in; a later one for the same session replaces it in the
        summary, and both stay in the check-in log."""
        saved = dt.datetime.now().astimezone().isoformat()
        answers = json.dumps(dict(checkin.answers), ensure_ascii=False)
        with self._write() as db:
            sound = seal.all_intact(db, "sessions", "id = ?", (session_id,))
            # comfort and bleeding are release 1's columns, kept as it wrote them; answers
            # holds every answer since (see coach.journal.migrations, migration 2).
            changed = db.execute(
                "UPDATE sessions SET checked_in = ?, comfort = NULL, pain = ?, bleeding = NULL, "
                "answers = ?, level_id = ?, notes = ? WHERE id = ?",
                (saved, int(checkin.pain), answers, checkin.level_id, checkin.notes, session_id),
            ).rowcount
            if not changed:
                raise KeyError(f"no session {session_id} in the journal")
            cursor = db.execute(
                "INSERT INTO checkins (session_id, saved, comfort, pain, bleeding, answers, "
                "level_id, notes) VALUES (?, ?, NULL, ?, 0, ?, ?, ?)",
                (session_id, saved, int(checkin.pain), answers, checkin.level_id, checkin.notes),
            )
            seal.seal(db, "checkins", "id = ?", (cursor.lastrowid,))
            if sound:
                seal.seal(db, "sessions", "id = ?", (session_id,))

    # --- the plan: log-only activities and the start date ----------------------------------

    def log_activity(
        self,
        *,
        pack_id: str,
        activity_id: str,
        title: str,
        counts: bool,
        day: dt.date,
        note: str = "",
        answers: Mapping[str, Answer | None] | None = None,
        logged: dt.datetime | None = None,
    ) -> int:
        """Record a log-only activity (no timer) for ``day``, with the answers to the questions
        it asks; returns its id. ``logged``: when it was recorded (default: now)."""
        when = _aware(logged) if logged is not None else dt.datetime.now().astimezone()
        given = json.dumps(dict(answers or {}), ensure_ascii=False)
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO activities (pack_id, activity_id, title, counts, day, logged, note, "
                "answers) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    pack_id,
                    activity_id,
                    title,
                    int(counts),
                    day.isoformat(),
                    when.isoformat(),
                    note,
                    given,
                ),
            )
            seal.seal(db, "activities", "id = ?", (cursor.lastrowid,))
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def activities(self, pack_id: str | None = None) -> list[ActivityRecord]:
        """Logged activities (of one pack, or all), oldest first; damaged rows are left out and
        counted in :attr:`unreadable_activities` (a damaged one may have been any pack's)."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {seal.columns('activities')} FROM activities ORDER BY day, id"
            ).fetchall()
        found = []
        self.unreadable_activities = 0
        for row in rows:
            if not seal.intact(row):
                self.unreadable_activities += 1
                log.warning("journal %s: activity row %r is damaged", self.path, row[0])
                continue
            aid, pid, activity_id, title, counts, day, logged, note, answers = row[:-1]
            if pack_id is not None and pid != pack_id:
                continue
            try:
                found.append(
                    ActivityRecord(
                        aid,
                        pid,
                        activity_id,
                        title,
                        bool(counts),
                        dt.date.fromisoformat(day),
                        _parse_time(logged),
                        note,
                        _answers(answers),
                    )
                )
            except (ValueError, TypeError):
                self.unreadable_activities += 1
                log.warning("journal %s: activity row %r unreadable", self.path, aid)
        return found

    def set_plan_start(self, pack_id: str, day: dt.date) -> None:
        """Keep the date the person gave for the plan's start (replacing an earlier one)."""
        saved = dt.datetime.now().astimezone().isoformat()
        with self._write() as db:
            db.execute(
                "INSERT INTO plan_start (pack_id, day, saved) VALUES (?, ?, ?) "
                "ON CONFLICT (pack_id) DO UPDATE SET day = excluded.day, saved = excluded.saved",
                (pack_id, day.isoformat(), saved),
            )
            seal.seal(db, "plan_start", "pack_id = ?", (pack_id,))

    def plan_start(self, pack_id: str) -> dt.date | None:
        """The start date given for ``pack_id``'s plan; None when none was given, or when it
        cannot be read (then :attr:`unreadable_plan_start` says so)."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {seal.columns('plan_start')} FROM plan_start"
            ).fetchall()
        self.unreadable_plan_start = False
        found: dt.date | None = None
        for row in rows:
            # Every row is checked: a flipped bit in the pack's id must not hide its date.
            if not seal.intact(row):
                self.unreadable_plan_start = True
                log.warning("journal %s: a plan start row is damaged", self.path)
                continue
            if row[0] != pack_id:
                continue
            try:
                found = dt.date.fromisoformat(row[1])
            except (ValueError, TypeError):
                self.unreadable_plan_start = True
        return found

    def set_level(
        self, pack_id: str, level_id: str, set_by: str, when: dt.datetime | None = None
    ) -> int:
        """Keep a level set by hand (``set_by``: person or clinician) for the sessions started
        after ``when`` (default: now); returns its id."""
        if set_by not in LEVEL_SETTERS:
            raise ValueError(f"a level is set by one of {', '.join(LEVEL_SETTERS)}")
        saved = _aware(when) if when is not None else dt.datetime.now().astimezone()
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO level_changes (pack_id, level_id, set_by, saved) VALUES (?, ?, ?, ?)",
                (pack_id, level_id, set_by, saved.isoformat()),
            )
            seal.seal(db, "level_changes", "id = ?", (cursor.lastrowid,))
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def level_changes(self, pack_id: str) -> list[LevelChange]:
        """The levels set by hand for ``pack_id``, oldest first; damaged rows are left out and
        counted in :attr:`unreadable_level_changes`."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {seal.columns('level_changes')} FROM level_changes ORDER BY id"
            ).fetchall()
        found: list[LevelChange] = []
        self.unreadable_level_changes = 0
        for row in rows:
            if not seal.intact(row):
                self.unreadable_level_changes += 1
                log.warning("journal %s: level change row %r is damaged", self.path, row[0])
                continue
            row_id, pid, level_id, set_by, saved = row[:-1]
            if pid != pack_id:
                continue
            try:
                found.append(LevelChange(row_id, pid, level_id, set_by, _parse_time(saved)))
            except (ValueError, TypeError):
                self.unreadable_level_changes += 1
        found.sort(key=lambda change: change.saved)
        return found

    # --- reading -----------------------------------------------------------------------------

    def sessions(self, *, since: dt.date | None = None) -> list[SessionRecord]:
        """Every session (from ``since``, by the day it started), oldest first, newest last."""
        with self._lock:
            version = self.generation()
            if self._listing is None or self._listing_version != version:
                # NOT INDEXED: the rows themselves, sorted here, so an index that lost an entry
                # cannot hide a session (SQLite's quick check on open does not read indexes).
                rows = self._db.execute(
                    f"SELECT {_SESSION_COLUMNS} FROM sessions NOT INDEXED ORDER BY started_ts, id"
                ).fetchall()
                self._listing = []
                self._unreadable = 0
                for row in rows:
                    if not seal.intact(row):
                        # A value in it changed since it was written (a flipped bit): left in
                        # the file untouched, left out of the listing, counted.
                        self._unreadable += 1
                        log.warning("journal %s: session row %r is damaged", self.path, row[0])
                        continue
                    try:
                        self._listing.append(_session(row))
                    except (ValueError, TypeError, OverflowError):
                        # A row damaged inside its text (a date no longer a date): left in
                        # the file untouched, left out of the listing but counted, so the rest
                        # still opens and the person is told some could not be read.
                        self._unreadable += 1
                        log.warning(
                            "journal %s: session row %r cannot be read",
                            self.path,
                            row[0],
                            exc_info=True,
                        )
                self._listing_version = version
            listing = self._listing
            self.unreadable = self._unreadable
        live = running.running(self.path)  # asked afresh: an owner may have gone meanwhile
        if live:
            listing = [
                s._replace(running=True) if s.id in live and not s.finished else s for s in listing
            ]
        if since is None:
            return list(listing)
        return [s for s in listing if s.day >= since]

    def generation(self) -> tuple[int, int]:
        """A token of what the journal holds: it changes whenever anything is written, by this
        connection (counted in :meth:`_write`) or by another process (SQLite's data_version,
        which counts only other connections' commits)."""
        with self._lock:
            return self._db.execute("PRAGMA data_version").fetchone()[0], self._writes

    def session(self, session_id: int) -> SessionRecord:
        with self._lock:
            row = self._db.execute(
                f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE id = ?", (session_id,)
            ).fetchone()
        if row is None:
            raise KeyError(f"no session {session_id} in the journal")
        if not seal.intact(row):
            raise Damaged(f"session {session_id} of the journal is damaged")
        record = _session(row)
        if not record.finished and session_id in running.running(self.path):
            record = record._replace(running=True)
        return record

    def session_events(self, session_id: int) -> list[StoredEvent]:
        """The raw events of one session, in the order they were recorded. Damaged rows are
        left out and counted in :attr:`damaged_events` (then the list is not to be trusted as
        whole: resume does not offer such a session)."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {seal.columns('events')} FROM events WHERE session_id = ? ORDER BY id",
                (session_id,),
            ).fetchall()
            summary = self._db.execute(
                f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE id = ?", (session_id,)
            ).fetchone()
        events: list[StoredEvent] = []
        self.damaged_events = 0
        previous = None
        for row in rows:
            # Another session's row, or one twice or out of order: a damaged index.
            misplaced = row[1] != session_id or (previous is not None and row[0] <= previous)
            previous = row[0]
            if misplaced or not seal.intact(row):
                self.damaged_events += 1
                log.warning("journal %s: event %r is damaged", self.path, row[0])
                continue
            try:
                events.append(_event(row))
            except (ValueError, TypeError):  # damaged inside its text: kept in the file
                self.damaged_events += 1
                log.warning("journal %s: event %r cannot be read", self.path, row[0], exc_info=True)
        # The session's own count says how many there are: one missing (its session id
        # changed, or its index entry lost) is damage too, never a shorter story.
        if summary is None or not seal.intact(summary):
            self.damaged_events += 1
        elif len(rows) != summary[_EVENT_COUNT]:
            self.damaged_events += abs(summary[_EVENT_COUNT] - len(rows))
            log.warning("journal %s: session %r has events missing", self.path, session_id)
        return events

    def checkins(self, session_id: int) -> list[tuple[dt.datetime, CheckIn]]:
        """Every check-in saved for a session, oldest first (the last is the one in force)."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {seal.columns('checkins')} FROM checkins WHERE session_id = ? ORDER BY id",
                (session_id,),
            ).fetchall()
        found: list[tuple[dt.datetime, CheckIn]] = []
        self.unreadable_checkins = 0
        for row in rows:
            if not seal.intact(row):
                self.unreadable_checkins += 1
                log.warning("journal %s: check-in row %r is damaged", self.path, row[0])
                continue
            _, owner, saved, pain, answers, level_id, notes = row[:7]
            if owner != session_id:
                continue
            try:
                found.append(
                    (
                        dt.datetime.fromisoformat(saved),
                        CheckIn(_answers(answers), pain=bool(pain), level_id=level_id, notes=notes),
                    )
                )
            except (ValueError, TypeError):  # damaged inside its text: kept in the file
                self.unreadable_checkins += 1
                log.warning(
                    "journal %s: a check-in of session %r cannot be read",
                    self.path,
                    session_id,
                    exc_info=True,
                )
        return found

    # --- internals ---------------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; inside :meth:`batch`, part of the batch's."""
        with self._lock:
            # Counted before and after: a listing made between (inside a batch) or after a
            # rollback is never taken for what was there before.
            self._writes += 1
            if self._batch_depth:
                try:
                    yield self._db
                finally:
                    self._writes += 1
                return
            # IMMEDIATE takes the write lock up front, where the busy timeout can wait for it;
            # a deferred transaction that upgrades later can fail at once with SQLITE_BUSY.
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                # SQLite may have rolled back already (disk full, I/O error): don't mask that.
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise
            finally:
                self._writes += 1  # whatever happened, list afresh next time
            try:
                self._db.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:  # a failed COMMIT must not block later writes
                    self._db.execute("ROLLBACK")
                raise


def _connect(path: Path, *, read_only: bool = False, by_hand: bool = False) -> sqlite3.Connection:
    """A connection to the journal. ``by_hand`` (only for a process with no other connection
    to it): the file is created 0600 and chmodded here first. Otherwise it is left to SQLite:
    opening and closing the file by hand would drop the locks of this process's other
    connections (see :mod:`coach.journal.hold`)."""
    if read_only:
        return _connect_read_only(path)
    if by_hand:
        _create_private(path)
    # isolation_level=None: no implicit transactions; _write() says where each one begins.
    db = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
    )
    # A damaged byte inside a stored text must not make every later read fail: show it as
    # U+FFFD instead (about 9 ms more on a 10,000-session listing).
    db.text_factory = lambda raw: raw.decode("utf-8", "replace")
    try:
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            log.warning("journal %s: WAL mode unavailable, using %s", path, mode)
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA foreign_keys = ON")
        _migrate(db)
    except BaseException:
        db.close()
        raise
    if by_hand:
        for file in [path, *aside.side_files(path)]:
            if file.exists():
                os.chmod(file, 0o600)
    return db


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that never writes the file: no creation, chmod, migration or checkpoint."""
    uri = path.resolve().as_uri() + "?mode=ro"
    db = sqlite3.connect(
        uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
    )
    db.text_factory = lambda raw: raw.decode("utf-8", "replace")
    try:
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        if db.execute("PRAGMA user_version").fetchone()[0] < LATEST:
            db.close()
            if os.access(path, os.W_OK):  # an older journal: update it once, then read
                _connect(path).close()
                return _connect_read_only(path)
            raise JournalError(
                f"The journal {path} is from an older coach and needs an update, but it is "
                "read-only. It was left as it is; make it writable (chmod 600) and try again."
            )
    except BaseException:
        db.close()
        raise
    return db


def _create_private(path: Path) -> None:
    """Make sure the file exists as 0600 before SQLite opens it, whatever the umask; never
    through a symbolic link planted at its name."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


def _os_problem(path: Path, exc: OSError) -> str:
    if isinstance(exc, UnsafePath):
        return f"The journal cannot be kept at {path}: {exc}"
    if isinstance(exc, PermissionError | IsADirectoryError):
        return str(aside.cannot_read(path, exc))
    where = path if exc.filename is None else Path(exc.filename)
    if isinstance(exc, FileExistsError | NotADirectoryError):
        return (
            f"The journal cannot be kept at {path}: {where} is in the way (coach needs a "
            "folder there, and found a file). Move that file elsewhere and try again."
        )
    if exc.errno == errno.ENOSPC:
        return f"The disk holding your journal ({path}) is full; free some space and try again."
    return f"coach could not open the journal at {path}: {exc.strerror or exc}."


def _sqlite_problem(path: Path, exc: sqlite3.Error) -> str:
    text = str(exc)
    if "readonly" in text or "read-only" in text:
        return (
            f"The journal {path} is read-only, so coach cannot record in it. It was left as "
            f"it is; to record sessions again, make it writable: chmod 600 {path}"
        )
    return aside.sqlite_words(path, exc)


def _migrate(db: sqlite3.Connection) -> None:
    if db.execute("PRAGMA user_version").fetchone()[0] >= LATEST:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        # Read again under the write lock: another coach may have migrated meanwhile.
        version = db.execute("PRAGMA user_version").fetchone()[0]
        for migration in MIGRATIONS[version:]:
            for step in migration:
                run_step(db, step)
        if version < LATEST:
            db.execute(f"PRAGMA user_version = {LATEST}")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _aware(moment: dt.datetime) -> dt.datetime:
    """Naive times are taken as local time: every stored time carries its offset."""
    return moment if moment.tzinfo is not None else moment.astimezone()


_parse_time = dt.datetime.fromisoformat


def _session(row: Sequence[Any]) -> SessionRecord:
    (
        sid,
        pack_id,
        protocol_id,
        protocol_title,
        started,
        ended,
        level_id,
        planned_level_id,
        counts,
        active_seconds,
        steps_done,
        steps_total,
        attempts,
        resistances,
        pain_stop,
        finished,
        completed,
        finish_reason,
        checked_in,
        pain,
        answers,
        notes,
    ) = row[:22]
    # Positional, in field order: this runs for every session listed, thousands at a time.
    return SessionRecord(
        sid,
        pack_id,
        protocol_id,
        protocol_title,
        _parse_time(started),
        _parse_time(ended) if ended else None,
        level_id if checked_in and level_id else planned_level_id,
        planned_level_id,
        bool(counts),
        active_seconds,
        steps_done,
        steps_total,
        attempts,
        resistances,
        bool(pain_stop),
        bool(finished),
        bool(completed),
        finish_reason,
        checked_in is not None,
        None if pain is None else bool(pain),
        _answers(answers) if checked_in is not None else _NO_ANSWERS,
        notes,
        counted=None if row[_COUNTED] is None else bool(row[_COUNTED]),
    )


_NO_ANSWERS: Mapping[str, Answer | None] = MappingProxyType({})


@functools.lru_cache(maxsize=4096)
def _answers(text: str | None) -> Mapping[str, Answer | None]:
    """A stored answers object; a damaged one reads as no answers, never as an error.

    Cached by its text: a person's check-ins repeat the same few answers, and the mapping is
    read-only, so 10,000 sessions share a few hundred of them (listing stays ~1 ms for this)."""
    if not text or text == "{}":
        return _NO_ANSWERS
    try:
        value = json.loads(text)
    except ValueError:
        return _NO_ANSWERS
    if not isinstance(value, dict):
        return _NO_ANSWERS
    # null: a question asked and not answered (kept: it is not "no", and not "never asked").
    return MappingProxyType(
        {k: v for k, v in value.items() if v is None or isinstance(v, bool | int | str)}
    )


def _event(row: Sequence[Any]) -> StoredEvent:
    eid, session_id, kind, at, wall, active, step_index, step_id, data = row[:9]
    with contextlib.suppress(ValueError):  # a kind from a newer coach keeps its raw name
        kind = EventKind(kind)
    try:
        payload = json.loads(data)
    except ValueError:
        payload = {"raw": data}
    return StoredEvent(
        id=eid,
        session_id=session_id,
        kind=kind,
        at=at,
        wall=_parse_time(wall),
        active=active,
        step_index=step_index,
        step_id=step_id,
        data=MappingProxyType(payload if isinstance(payload, dict) else {"value": payload}),
    )


class Damaged(KeyError):
    """The row asked for is in the journal but damaged: its checksum does not match."""


class JournalInUse(JournalError):
    """Another coach has the journal open: forgetting it now would leave that one writing to a
    deleted file."""


def forget(path: Path | None = None, *, also: Sequence[Path] = ()) -> list[Path]:
    """Delete the journal, its side files, claims and lock files, every damaged copy moved
    aside, then whatever else is in ``also`` (files or whole folders); returns what was deleted.

    Raises :class:`JournalInUse` (deleting nothing) while any coach, this process included, has
    the journal open: every open journal holds a shared lock on its lock file, and this takes
    it exclusively (see :mod:`coach.journal.hold`), keeping any coach from opening it until
    everything is gone.
    """
    path = Path(path) if path is not None else journal_file()
    aside.refuse_symlinks(path)
    if not path.parent.is_dir():
        return _forget_also(also, ())
    locks = (hold.lock_file(path), hold.gate_file(path))
    try:
        with hold.Exclusive(path):
            candidates = [path, *aside.side_files(path)]
            candidates += sorted(path.parent.glob(f"{path.name}{aside.DAMAGED_INFIX}*"))
            deleted: list[Path] = []
            for candidate in candidates:
                try:
                    candidate.unlink()
                except FileNotFoundError:
                    continue
                deleted.append(candidate)
            claims = Path(running.folder(path))
            if claims.exists():
                running.clear(path)
                deleted.append(claims)
            deleted += _forget_also(also, (*candidates, claims, *locks))
            # They hold nothing; a coach started later makes new ones.
            for lock in locks:
                with contextlib.suppress(FileNotFoundError):
                    lock.unlink()
                    deleted.append(lock)
            return deleted
    except hold.InUse:
        raise JournalInUse(
            "coach is still open (in another window or terminal), and it is using the "
            "journal. Nothing was deleted: close every coach first, then try again."
        ) from None


def _forget_also(also: Sequence[Path], done: Sequence[Path]) -> list[Path]:
    deleted = []
    for item in also:
        if item in done or not (item.exists() or item.is_symlink()):
            continue
        remove(item)
        deleted.append(item)
    return deleted


__all__ = [
    "CheckIn",
    "Journal",
    "JournalError",
    "JournalInUse",
    "SessionRecord",
    "StoredEvent",
    "forget",
]
