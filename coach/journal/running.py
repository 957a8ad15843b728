"""Which sessions are running now: each is claimed by the live process that runs it.

A session row without its ``finished`` event is either running (its owner is alive) or was
cut short (a kill, a crash, a closed lid). Only a live process can tell: the process that runs
a session holds an exclusive ``flock`` on ``<journal>.running/<session id>`` for as long as it
runs it, and the kernel drops that lock the moment the process dies, however it dies. Anyone
can ask (:func:`running`) without disturbing the owner: a probe takes a shared lock without
waiting, and gives it back at once.

A file whose lock nobody holds is what a killed owner leaves; the next coach that holds the
journal alone (:mod:`coach.journal.hold`) clears them. Plain ``os`` and ``fcntl`` on strings:
``coach status`` asks this on every shell prompt, so it imports nothing more (not even pathlib).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time

SUFFIX = ".running"
CLAIM_WAIT_SECONDS = 1.0
"""How long a claim waits out a probe's shared lock (a probe holds it for microseconds)."""


def folder(journal: str | os.PathLike[str]) -> str:
    """The folder of claims beside the journal at ``journal``."""
    return os.fspath(journal) + SUFFIX


class Claim:
    """This process runs session ``session_id`` of the journal at ``journal``: held from
    construction until :meth:`release` (or the process's end, whatever ends it).

    Raises ``OSError`` when the claim cannot be made, ``BlockingIOError`` when another live
    process holds it.
    """

    __slots__ = ("_fd", "path", "session_id")

    def __init__(self, journal: str | os.PathLike[str], session_id: int) -> None:
        self.session_id = int(session_id)
        where = folder(journal)
        with contextlib.suppress(FileExistsError):
            os.mkdir(where, 0o700)
        if os.path.islink(where) or not os.path.isdir(where):
            raise OSError(f"{where} is not a folder coach made")
        self.path = os.path.join(where, str(self.session_id))
        self._fd: int | None = os.open(
            self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600
        )
        deadline = time.monotonic() + CLAIM_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() < deadline:
                    time.sleep(0.01)
                    continue
                os.close(self._fd)
                self._fd = None
                raise

    def release(self) -> None:
        """Idempotent. The file goes first, while still held, so no probe finds it held after."""
        if self._fd is None:
            return
        with contextlib.suppress(OSError):  # already cleared: the claim ends all the same
            os.unlink(self.path)
        os.close(self._fd)
        self._fd = None


def running(journal: str | os.PathLike[str]) -> frozenset[int]:
    """The ids of the sessions of the journal at ``journal`` that a live process runs now."""
    where = folder(journal)
    try:
        names = os.listdir(where)
    except OSError:
        return frozenset()
    found: set[int] = set()
    for name in names:
        if not (name.isascii() and name.isdigit()):  # "²" is a digit to isdigit, not to int
            continue
        try:  # O_NONBLOCK: a FIFO put there is opened at once, never waited on
            flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK
            fd = os.open(os.path.join(where, name), flags)
        except OSError:
            continue  # gone meanwhile (its owner finished), or not a file
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            found.add(int(name))
        except OSError:
            pass
        finally:
            os.close(fd)  # a shared lock, if taken, goes with it
    return frozenset(found)


def clear(journal: str | os.PathLike[str]) -> list[str]:
    """Delete every claim file and the folder; returns the files deleted. Only for a process
    that holds the journal alone (so no claim can be alive) or that forgets it."""
    where = folder(journal)
    try:
        names = os.listdir(where)
    except OSError:
        return []
    deleted = []
    for name in names:
        path = os.path.join(where, name)
        try:
            os.unlink(path)
        except OSError:
            continue
        deleted.append(path)
    with contextlib.suppress(OSError):
        os.rmdir(where)
    return deleted


__all__ = ["CLAIM_WAIT_SECONDS", "SUFFIX", "Claim", "clear", "folder", "running"]
