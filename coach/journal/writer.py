"""One thread that writes the journal, in order, so a slow or locked database never holds up
the clock or the pain key.

Why it is built this way:

* Every write (the session's start, each event, the check-in) is a job on one queue, run in
  order by one thread with its own connection. The screen hands a job over and goes on at once.
* A write that fails for a reason that can pass (another program holds the write lock, the disk
  is full, an I/O error) stays at the head of the queue, in memory, and is tried again a little
  later, and again, until it goes through: nothing behind it is written out of order, nothing is
  dropped. :meth:`JournalWriter.retry_now` tries at once (the person freed some space).
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
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from coach.journal.store import Journal

log = logging.getLogger(__name__)

T = TypeVar("T")

RETRY_SECONDS = 2.0
"""First wait before trying a failed write again; doubled after each failure, up to the max."""
MAX_RETRY_SECONDS = 30.0


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
        self._connect = connect or journal.sibling
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

    def submit(self, what: str, work: Callable[[Journal], T]) -> Future[T]:
        """Queue ``work(journal)``; returns at once. ``what`` names it in the log."""
        future: Future[T] = Future()
        with self._changed:
            if self._closing and not self._thread.is_alive():
                future.set_exception(RuntimeError("the journal writer is closed"))
                return future
            self._jobs.append(_Job(what, work, future))
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
        """Take no more jobs once the queue is written; wait up to ``timeout`` for that.

        Returns how many jobs are still not written. The thread keeps trying those for as long
        as the process lives (it is a daemon: it never keeps coach from exiting).
        """
        self.flush(timeout)
        with self._changed:
            self._closing = True
            self._changed.notify_all()
            return len(self._jobs)

    # --- the writer's thread -------------------------------------------------------------

    def _run(self) -> None:
        delay = self._retry_seconds
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._jobs or self._closing)
                if not self._jobs:  # closing, and everything is written
                    self._close_db()
                    return
                job = self._jobs[0]
            try:
                if self._db is None:
                    self._db = self._connect()
                result = job.work(self._db)
            except BaseException as exc:
                if not retriable(exc):
                    # With its traceback the first time; a run of them (every event of a
                    # session whose start could not be recorded) is not logged each time.
                    if self._last_dropped is None or type(exc) is not type(self._last_dropped):
                        log.error("journal write dropped (%s): %r", job.what, exc, exc_info=exc)
                    else:
                        log.debug("journal write dropped (%s): %r", job.what, exc)
                    with self._changed:
                        self._jobs.popleft()
                        self._dropped += 1
                        self._last_dropped = exc
                        self._changed.notify_all()
                    job.future.set_exception(exc)
                    continue
                # Logged once per stretch of failures: a full disk must not fill the log too.
                level = logging.WARNING if not self._failures else logging.DEBUG
                log.log(level, "journal write failed (%s), kept to retry: %s", job.what, exc)
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
            with self._changed:
                self._jobs.popleft()
                self._failure = None
                self._failures = 0
                self._changed.notify_all()
            job.future.set_result(result)

    def _close_db(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except Exception:  # closing a connection that failed: nothing left to save
                log.exception("closing the journal writer's connection")
            self._db = None


__all__ = ["Health", "JournalWriter", "Unrecoverable", "retriable"]
