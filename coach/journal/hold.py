"""Who may touch the journal's files: one process that holds the journal alone, or nobody.

SQLite keeps a WAL journal's recent commits in ``-wal`` and its index in ``-shm``, and knows
which connections are still reading them through POSIX locks. Two things break that:

* A process that moves, replays or deletes those files by hand while another process has the
  journal open takes that process's commits with it (it goes on writing into an unlinked file).
* POSIX locks belong to a process, not to a descriptor: closing *any* descriptor of the journal
  in a process (an ``open``/``close`` to check or chmod the file) silently drops every lock
  that process's SQLite connections hold on it. The next coach to close then believes it is the
  last one and deletes the -wal and -shm from under this one.

So:

* Every connection of this process to a journal takes a :class:`Ticket`. The first ticket takes
  a shared ``flock`` on ``<journal>.lock``; the lock is released when the last ticket is, that
  is after the process's last connection has closed (the app's own connection, its writer
  thread's, a command's). ``coach forget`` needs that lock exclusively, so it can tell.
* A ticket is :attr:`~Ticket.exclusive` only when no other process holds the lock and this
  process has no other connection: only then are the side files at rest, and only then may
  the opener check, replay, move aside or delete them, and open and close the journal's files
  by hand. Every other opener is an ordinary SQLite client.
* Deciding exclusivity and turning the exclusive lock into a shared one happen under a second
  lock, ``<journal>.gate``, held only while a process opens the journal: ``flock`` cannot change
  a lock's mode atomically, and without the gate a second process could find the lock free in
  that instant and take the files for its own.

No Textual, no SQLite here: plain ``flock`` on two small empty files, 0600.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

WAIT_SECONDS = 10.0
"""How long to wait for another coach to finish opening (or forgetting) the journal."""
_POLL = 0.02


class InUse(OSError):
    """The journal's lock could not be had in time (another coach holds it)."""


def lock_file(path: Path) -> Path:
    """Every process with the journal open holds a shared lock on this file."""
    return path.with_name(path.name + ".lock")


def gate_file(path: Path) -> Path:
    """Held while a process opens (or forgets) the journal: see the module's notes."""
    return path.with_name(path.name + ".gate")


@dataclass(slots=True)
class _Hold:
    fd: int | None  # the lock file, flocked shared; None where it could not be opened
    count: int = 0


_registry = threading.Lock()
_holds: dict[str, _Hold] = {}


def _key(path: Path) -> str:
    return str(path.parent.resolve() / path.name)


class Ticket:
    """One connection's share of this process's hold on a journal; :meth:`release` it after
    the connection is closed."""

    def __init__(self, key: str, *, exclusive: bool, first: bool) -> None:
        self._key: str | None = key
        self.exclusive = exclusive
        """No other process had the journal, and this process had no other connection to it,
        when this ticket was taken: its side files were at rest."""
        self.first = first
        """The process's first connection: it may open and close the journal's files by hand
        (to create or chmod them) without dropping a lock of its own."""

    def release(self) -> None:
        """Idempotent. The process's lock goes with its last ticket."""
        with _registry:
            key, self._key = self._key, None
            if key is None:
                return
            hold = _holds.get(key)
            if hold is None:
                return
            hold.count -= 1
            if hold.count <= 0:
                del _holds[key]
                if hold.fd is not None:
                    os.close(hold.fd)  # drops the flock


def held(path: Path) -> int:
    """How many connections of this process hold the journal at ``path``."""
    with _registry:
        hold = _holds.get(_key(path))
        return 0 if hold is None else hold.count


class Opening:
    """``with Opening(path) as ticket:`` open the connection inside; on success the ticket is
    kept (shared from then on), on an exception it is released.

    ``lock_required`` False (a read-only command): where the lock files cannot be made (a folder
    it may not write), it goes on without any lock, as an ordinary client that changes nothing.
    """

    def __init__(self, path: Path, *, lock_required: bool = True) -> None:
        self._path = path
        self._lock_required = lock_required
        self._gate: int | None = None
        self._fd: int | None = None
        self._locked = False
        self.ticket: Ticket | None = None

    def __enter__(self) -> Ticket:
        key = _key(self._path)
        _registry.acquire()
        self._locked = True
        hold = _holds.get(key)
        if hold is not None:  # another connection of ours is open: never exclusive
            hold.count += 1
            self._release_registry()
            self.ticket = Ticket(key, exclusive=False, first=False)
            return self.ticket
        try:
            self._gate = _open_lock(gate_file(self._path), required=self._lock_required)
            if self._gate is not None:
                _flock_within(self._gate, fcntl.LOCK_EX, WAIT_SECONDS)
                self._fd = _open_lock(lock_file(self._path), required=self._lock_required)
            exclusive = False
            if self._fd is not None:
                try:
                    fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    exclusive = True
                except BlockingIOError:
                    # Shared holders never wait; only a coach of an older release (no gate)
                    # or one forgetting could hold it exclusively for a moment.
                    _flock_within(self._fd, fcntl.LOCK_SH, WAIT_SECONDS)
        except BaseException:
            self._undo()
            raise
        _holds[key] = _Hold(self._fd, 1)
        self.ticket = Ticket(key, exclusive=exclusive, first=True)
        return self.ticket

    def __exit__(self, exc_type: object, exc: object, _tb: object) -> None:
        try:
            if exc_type is not None:
                if self.ticket is not None:
                    self._release_registry()
                    self.ticket.release()  # closes the lock file with the last ticket
                    self._fd = None
                self._undo()
                return
            if self._fd is not None and self.ticket is not None and self.ticket.exclusive:
                # Under the gate: nobody can find the lock free while it changes mode.
                fcntl.flock(self._fd, fcntl.LOCK_SH)
        finally:
            if self._gate is not None:
                os.close(self._gate)
                self._gate = None
            self._release_registry()

    def _release_registry(self) -> None:
        if self._locked:
            self._locked = False
            _registry.release()

    def _undo(self) -> None:
        for name in ("_fd", "_gate"):
            fd = getattr(self, name)
            if fd is not None:
                os.close(fd)
                setattr(self, name, None)
        self._release_registry()


def _open_lock(path: Path, *, required: bool) -> int | None:
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    except OSError:
        if required:
            raise
        # Read-only: a lock file it cannot open (or make) means a folder it may not write;
        # it reads as an ordinary client, holding nothing.
        return None


def _flock_within(fd: int, operation: int, seconds: float) -> None:
    """``flock`` that gives up after ``seconds`` (raising :class:`InUse`) instead of hanging
    behind a coach that stopped while opening the journal."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            fcntl.flock(fd, operation | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise InUse("another coach holds the journal's lock") from None
            time.sleep(_POLL)


class Exclusive:
    """``with Exclusive(path):`` nobody (no process, no connection of ours) has the journal
    open, and nobody can open it until the block ends: for ``coach forget``. Raises
    :class:`InUse` at once when someone has it open."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._gate: int | None = None
        self._fd: int | None = None

    def __enter__(self) -> None:
        if held(self._path):
            raise InUse("this process has the journal open")
        try:
            self._gate = _open_lock(gate_file(self._path), required=True)
            assert self._gate is not None
            _flock_within(self._gate, fcntl.LOCK_EX, WAIT_SECONDS)
            self._fd = _open_lock(lock_file(self._path), required=True)
            assert self._fd is not None
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise InUse("another coach has the journal open") from None
        except BaseException:
            self._close()
            raise

    def __exit__(self, *_exc_info: object) -> None:
        self._close()

    def _close(self) -> None:
        for name in ("_fd", "_gate"):
            fd = getattr(self, name)
            if fd is not None:
                os.close(fd)
                setattr(self, name, None)


__all__ = [
    "Exclusive",
    "InUse",
    "Opening",
    "Ticket",
    "gate_file",
    "held",
    "lock_file",
]
