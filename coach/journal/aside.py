"""Telling a damaged journal from a sound one, and moving a damaged one aside untouched.

A journal is the person's own record: coach never overwrites or deletes one it cannot read.
It checks the file read-only first (so SQLite cannot "recover" anything into it), and when the
file is damaged it renames it, with its ``-wal`` and ``-shm``, to a name that is not taken.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import sqlite3
from pathlib import Path

from coach.journal.schema import APPLICATION_ID, LATEST, expected_columns, table_columns

SQLITE_MAGIC = b"SQLite format 3\x00"
SIDE_FILES = ("-wal", "-shm", "-journal")
DAMAGED_INFIX = ".damaged-"

# SQLite result codes that mean "this file is not a sound database" (the primary code is the
# low byte of the extended one). Anything else (busy, locked, out of disk space) is a
# condition, not damage, and must never cause a good journal to be moved aside.
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26


class JournalError(Exception):
    """The journal cannot be used right now; the message is in plain words."""


class JournalTooNew(JournalError):
    """Written by a newer coach: left alone, neither migrated nor moved aside."""


def side_files(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in SIDE_FILES]


def is_damage(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    return code is not None and (code & 0xFF) in (_SQLITE_CORRUPT, _SQLITE_NOTADB)


def inspect(path: Path, *, timeout: float) -> str | None:
    """Why the journal at ``path`` cannot be used, or None when it can (or does not exist yet).

    Raises :class:`JournalTooNew` for a journal from a newer coach, and :class:`JournalError`
    when it cannot be checked at all for a reason that is not damage (say, it is locked).
    """
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
            size = os.fstat(handle.fileno()).st_size
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"it cannot be read ({exc.strerror or exc})"
    if size == 0:
        return None  # created, but nothing was ever written to it: nothing to keep
    if not header.startswith(SQLITE_MAGIC):
        return "it is not a database"
    if len(header) < 100:
        return "it is truncated"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "its header is damaged"
    if size % page_size:
        return "it is truncated"
    return _check_with_sqlite(path, timeout=timeout)


def _check_with_sqlite(path: Path, *, timeout: float) -> str | None:
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
    except sqlite3.Error as exc:
        if is_damage(exc):
            return "it is damaged"
        raise JournalError(f"The journal at {path} cannot be opened: {exc}") from exc
    try:
        app_id = connection.execute("PRAGMA application_id").fetchone()[0]
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id not in (0, APPLICATION_ID) or (app_id == 0 and (version or tables)):
            return "it is not a coach journal"
        if version > LATEST:
            raise JournalTooNew(
                f"The journal at {path} was written by a newer version of coach. "
                "It was left as it is; update coach to read it."
            )
        # quick_check reads every page but skips the slow index cross-checks of integrity_check:
        # it catches torn and truncated pages, which is what a crash or a bad copy leaves.
        rows = connection.execute("PRAGMA quick_check").fetchall()
        if rows != [("ok",)]:
            return "it is damaged"
        if version == LATEST:
            found = table_columns(connection)
            for table, columns in expected_columns().items():
                if not set(columns) <= set(found.get(table, ())):
                    return "its tables are not what coach wrote"
        return None
    except sqlite3.Error as exc:
        if is_damage(exc):
            return "it is damaged"
        raise JournalError(f"The journal at {path} cannot be checked: {exc}") from exc
    except UnicodeDecodeError:
        # SQLite's "malformed schema" message quotes the damaged schema, no longer UTF-8, and
        # Python fails to decode the message itself: damage all the same.
        return "it is damaged"
    finally:
        connection.close()


def move_aside(path: Path, *, now: dt.datetime | None = None) -> Path | None:
    """Rename the journal and its side files to ``<name>.damaged-YYYYmmdd-HHMMSS[-N]``.

    Bytes are untouched and no existing file is ever replaced. Returns the new path of the
    journal, or None when another coach moved it first.
    """
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    base = f"{path.name}{DAMAGED_INFIX}{stamp}"
    for n in range(1, 1000):
        target = path.with_name(base if n == 1 else f"{base}-{n}")
        if not any(p.exists() for p in [target, *side_files(target)]):
            break
    else:  # a thousand damaged journals in one second: something else is wrong
        raise JournalError(f"Cannot find a free name to move the damaged journal {path} aside")
    if not _rename_no_clobber(path, target):
        return None
    for source, destination in zip(side_files(path), side_files(target), strict=True):
        _rename_no_clobber(source, destination)
    for moved in [target, *side_files(target)]:
        with contextlib.suppress(OSError):
            os.chmod(moved, 0o600)  # health data, whatever its mode was
    _sync_dir(path.parent)
    return target


def _rename_no_clobber(source: Path, target: Path) -> bool:
    """Rename without ever replacing ``target``; False when ``source`` is gone."""
    try:
        # A hard link fails if the target exists, so no other file can be clobbered, even by a
        # race with another coach; then the old name goes.
        os.link(source, target)
    except FileNotFoundError:
        return False
    except FileExistsError:
        raise JournalError(f"Cannot move {source} aside: {target} appeared meanwhile") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EMLINK, errno.EACCES):
            raise
        # A file system without hard links: check, then rename (the check cannot be atomic).
        if target.exists():
            raise JournalError(f"Cannot move {source} aside: {target} exists") from None
        try:
            os.rename(source, target)
        except FileNotFoundError:
            return False
        return True
    os.unlink(source)
    return True


def _sync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
