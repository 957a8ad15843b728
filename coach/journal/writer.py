"""One thread that writes the journal, in order, so a slow or locked database never holds up
the clock or the pain key.

Why it is built this way:

* Every write (the session's start, each event, the check-in) is a job on one queue, run in
  order by one thread with its own connection. The screen hands a job over and goes on at once.
* Time in memory is bounded: whatever is queued when the thread is free goes in one
  transaction (one fsync for a burst of keys, each job in a savepoint of its own), so a key
  storm cannot build a backlog that takes minutes to drain.
* A write that fails for a reason that can pass (another program holds the write lock, the disk
  is full, an I/O error) stays at the head of the queue, in memory, and is tried again within a
  second (:data:`MAX_RETRY_SECONDS`), and again, until it goes through: nothing behind it is
  written out of order, nothing is dropped. An urgent job (a pain stop, the end of a session,
  a check-in) and :meth:`JournalWriter.retry_now` try at once.
* A job that can never succeed (a bug, a row that is gone) is logged and dropped, so it cannot
  block every write after it.
* Each job has a :class:`~concurrent.futures.Future`: a front end says "Saved" only once its
  future is done without error.
* :meth:`JournalWriter.health` is read from the front end's own thread (its redraw timer or
  input loop): no callback ever runs on the writer's thread into a UI.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from coach.journal.store import Journal

log = logging.getLogger(__name__)

T = TypeVar("T")

RETRY_SECONDS = 0.25
"""First wait before trying a failed write again; doubled after each failure, up to the max."""
MAX_RETRY_SECONDS = 1.0
"""An event reaches the journal within about a second of the journal taking writes again."""
BUSY_SECONDS = 1.0
"""How long one try waits for another program's write lock (its busy timeout) before the
front end is told the journal is busy; the try is repeated after that, for as long as needed."""
MAX_BATCH = 1000
"""Most jobs in one transaction."""


class Unrecoverable(Exception):
    """A job that can never succeed: dropped (and logged) instead of retried."""


def retriable(exc: BaseException) -> bool:
    """Errors that can pass with time: a lock, a full disk, an I/O error, a missing folder."""
    return isinstance(exc, sqlite3.OperationalError | OSError)


@dataclass(frozen=True, slots=True)
class Health:
    """What the writer is doing, read from any thread."""

    pending: int
    """Jobs not written yet (the failing one included)."""
    failure: BaseException | None
    """Why the head job could not be written, while it keeps failing; ``None`` when all is well."""
    failures: int
    """Failed tries since the last success."""
    dropped: int = 0
    """Jobs given up for good (an error no retry can mend), since the writer started."""
    last_dropped: BaseException | None = None

    @property
    def ok(self) -> bool:
        return self.failure is None


@dataclass(slots=True)
class _Job:
    what: str
    work: Callable[[Journal], Any]
    future: Future[Any]
    alone: bool = False
    """Later jobs read this one's result: it is committed (and its future set) before them."""


class JournalWriter:
    """Writes jobs to the journal in order on one thread of its own.

    ``connect`` opens the writer's own connection, in the writer's thread; by default a second
    connection to ``journal``'s file (:meth:`Journal.sibling`), so reads on the UI thread never
    wait for a write.
    """

    def __init__(
        self,
        journal: Journal,
        *,
        connect: Callable[[], Journal] | None = None,
        retry_seconds: float = RETRY_SECONDS,
        max_retry_seconds: float = MAX_RETRY_SECONDS,
    ) -> None:
        self._connect = connect or (lambda: journal.sibling(busy_timeout=BUSY_SECONDS))
        self._db: Journal | None = None
        self._retry_seconds = retry_seconds
        self._max_retry_seconds = max(retry_seconds, max_retry_seconds)
        self._jobs: deque[_Job] = deque()
        self._changed = threading.Condition()
        self._failure: BaseException | None = None
        self._failures = 0
        self._dropped = 0
        self._last_dropped: BaseException | None = None
        self._closing = False
        self._wake = False
        self._thread = threading.Thread(target=self._run, name="journal-writer", daemon=True)
        self._thread.start()

    # --- from any thread -----------------------------------------------------------------

    def submit(
        self,
        what: str,
        work: Callable[[Journal], T],
        *,
        urgent: bool = False,
        alone: bool = False,
    ) -> Future[T]:
        """Queue ``work(journal)``; returns at once. ``what`` names it in the log.

        ``urgent`` (a pain stop, the end, a check-in): a failed write waiting to be tried again
        is tried at once. ``alone``: later jobs read this one's result (the session's id), so
        it is committed before they run."""
        future: Future[T] = Future()
        with self._changed:
            if self._closing and not self._thread.is_alive():
                future.set_exception(RuntimeError("the journal writer is closed"))
                return future
            self._jobs.append(_Job(what, work, future, alone))
            if urgent:
                self._wake = True
            self._changed.notify_all()
        return future

    def health(self) -> Health:
        with self._changed:
            return Health(
                len(self._jobs), self._failure, self._failures, self._dropped, self._last_dropped
            )

    def retry_now(self) -> None:
        """Stop waiting and try the failed write again (the person made room, say)."""
        with self._changed:
            self._wake = True
            self._changed.notify_all()

    def flush(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for every queued job; ``True`` when all are written."""
        with self._changed:
            self._wake = True  # a flush is a good moment to try a failed write again
            self._changed.notify_all()
            return self._changed.wait_for(lambda: not self._jobs, timeout=max(0.0, timeout))

    def close(self, timeout: float = 0.0) -> int:
        """Take no more jobs once the queue is written; wait up to ``timeout`` for that, and
        for the thread to close its connection (which gives up the journal and the session it
        claimed).

        Returns how many jobs are still not written. The thread keeps trying those for as long
        as the process lives (it is a daemon: it never keeps coach from exiting).
        """
        deadline = time.monotonic() + timeout
        self.flush(timeout)
        with self._changed:
            self._closing = True
            self._changed.notify_all()
            pending = len(self._jobs)
        if not pending and threading.current_thread() is not self._thread:
            self._thread.join(max(0.0, deadline - time.monotonic()))
        return pending

    # --- the writer's thread -------------------------------------------------------------

    def _run(self) -> None:
        delay = self._retry_seconds
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._jobs or self._closing)
                if not self._jobs:  # closing, and everything is written
                    self._close_db()
                    return
                batch = self._next_batch()
            try:
                if self._db is None:
                    self._db = self._connect()
                outcomes = self._write(self._db, batch)
            except BaseException as exc:
                if not retriable(exc):
                    # Not any one job's fault (the journal cannot be opened): the head job is
                    # dropped, as it would be alone, so one cause cannot block the queue.
                    self._done([(batch[0], exc, None)])
                    continue
                # Logged once per stretch of failures: a full disk must not fill the log too.
                level = logging.WARNING if not self._failures else logging.DEBUG
                log.log(level, "journal write failed (%s), kept to retry: %s", batch[0].what, exc)
                with self._changed:
                    self._failure = exc
                    self._failures += 1
                    self._changed.notify_all()
                    if not self._wake:
                        self._changed.wait_for(lambda: self._wake, timeout=delay)
                    self._wake = False
                delay = min(delay * 2, self._max_retry_seconds)
                continue
            delay = self._retry_seconds
            self._done(outcomes)

    def _next_batch(self) -> list[_Job]:
        """The jobs at the head of the queue that go in one transaction (lock held)."""
        batch: list[_Job] = []
        for job in self._jobs:
            if batch and job.alone:
                break
            batch.append(job)
            if job.alone or len(batch) >= MAX_BATCH:
                break
        return batch

    @staticmethod
    def _write(db: Journal, batch: list[_Job]) -> list[tuple[_Job, BaseException | None, Any]]:
        """Run ``batch`` in one transaction, each job in a savepoint: a job that can never
        succeed is undone alone; one that may succeed later undoes the whole batch (raised)."""
        outcomes: list[tuple[_Job, BaseException | None, Any]] = []
        with db.batch():
            for job in batch:
                try:
                    with db.savepoint():
                        result = job.work(db)
                except BaseException as exc:
                    if retriable(exc):
                        raise
                    outcomes.append((job, exc, None))
                else:
                    outcomes.append((job, None, result))
        return outcomes

    def _done(self, outcomes: list[tuple[_Job, BaseException | None, Any]]) -> None:
        """Settle the futures of the written (or dropped) jobs, then take them off the queue
        (so a finished :meth:`flush` finds every future settled)."""
        previous = self._last_dropped
        for job, exc, result in outcomes:
            if exc is not None:
                # With its traceback the first time; a run of them (every event of a session
                # whose start could not be recorded) is not logged each time.
                if previous is None or type(exc) is not type(previous):
                    log.error("journal write dropped (%s): %r", job.what, exc, exc_info=exc)
                else:
                    log.debug("journal write dropped (%s): %r", job.what, exc)
                previous = exc
                job.future.set_exception(exc)
            else:
                job.future.set_result(result)
        with self._changed:
            for job, exc, _ in outcomes:
                assert self._jobs[0] is job
                self._jobs.popleft()
                if exc is not None:
                    self._dropped += 1
                    self._last_dropped = exc
            if any(exc is None for _, exc, _ in outcomes):
                self._failure = None
                self._failures = 0
            self._changed.notify_all()

    def _close_db(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except Exception:  # closing a connection that failed: nothing left to save
                log.exception("closing the journal writer's connection")
            self._db = None


__all__ = ["Health", "JournalWriter", "Unrecoverable", "retriable"]
