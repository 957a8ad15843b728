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
import stat
import struct
import sys
from collections.abc import Callable
from pathlib import Path

from coach.journal.hold import gate_file, lock_file
from coach.journal.migrations import APPLICATION_ID, LATEST, expected_columns, table_columns
from coach.system.files import open_regular

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


def refuse_symlinks(path: Path) -> None:
    """Refuse a journal, side file or data folder that is a symbolic link.

    Following one would create, overwrite or chmod whatever file it points at (another
    person's, or one of the person's own), so coach stops and says so instead.
    """
    for candidate in [path.parent, path, *side_files(path), lock_file(path), gate_file(path)]:
        try:
            is_link = stat.S_ISLNK(os.lstat(candidate).st_mode)
        except OSError:
            continue
        if is_link:
            what = "data folder" if candidate == path.parent else "journal file"
            raise JournalError(
                f"The {what} {candidate} is a symbolic link (to {os.readlink(candidate)}). "
                "coach does not follow links for your journal, so it changed nothing. "
                "Replace the link with a real folder or file (or move the journal there), "
                "then try again."
            )


def _read_regular(path: Path, limit: int | None) -> tuple[bytes, int]:
    """The first ``limit`` bytes (all when None) of a regular file, and its size. Opened
    without blocking and checked on the open descriptor: a FIFO or a device planted at the
    journal's name is refused instead of hanging coach or reading forever."""
    fd, info = open_regular(path)
    try:
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read() if limit is None else handle.read(limit)
        return data, info.st_size
    finally:
        os.close(fd)


def cannot_read(path: Path, exc: OSError) -> JournalError:
    """A journal (or side file) that exists but cannot be read is not damage: say why, change
    nothing, and leave the person to fix it."""
    if isinstance(exc, PermissionError):
        return JournalError(
            f"The journal {path} exists but you do not have permission to read it. "
            "It was left exactly as it is (it is not damaged, and nothing was moved or reset). "
            f"Check who owns it with 'ls -l {path}'; if it is yours, 'chmod 600 {path}'."
        )
    if isinstance(exc, IsADirectoryError):
        return JournalError(
            f"The journal {path} is a folder, not a file. coach left it as it is; "
            "move that folder elsewhere and try again."
        )
    return JournalError(
        f"The journal {path} exists but cannot be read ({exc.strerror or exc}). "
        "It was left as it is."
    )


def sqlite_words(path: Path, exc: sqlite3.Error) -> str:
    """One plain sentence for an SQLite refusal that is not damage (never nested in another)."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return (
            f"The journal {path} is locked by another program (perhaps another coach saving) "
            "and stayed locked; nothing was changed. Try again in a moment."
        )
    if "full" in text:
        return f"The disk holding your journal ({path}) is full; free some space and try again."
    return f"coach could not open the journal at {path} (SQLite says: {text}); nothing was changed."


def inspect(
    path: Path, *, timeout: float, before_sqlite: Callable[[], None] | None = None
) -> str | None:
    """Why the journal at ``path`` cannot be used, or None when it can (or does not exist yet).

    ``before_sqlite`` runs once the file's own header looks sound, just before SQLite opens it
    (which may rebuild the -shm): the last moment to set a garbage -shm aside on its own.

    Raises :class:`JournalTooNew` for a journal from a newer coach, and :class:`JournalError`
    when it cannot be checked at all for a reason that is not damage (say, it is locked).
    """
    try:
        header, size = _read_regular(path, 100)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise cannot_read(path, exc) from exc
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
    if before_sqlite is not None:
        before_sqlite()
    return _check_with_sqlite(path, timeout=timeout)


# --- the write-ahead log and its index, checked before SQLite may replay or discard them -----
#
# SQLite silently ignores every WAL frame from the first one whose salt or checksum is wrong,
# and deletes the WAL at the next checkpoint: one flipped byte there would lose every session
# committed after it, unannounced. So coach checks the frames itself, as SQLite's file format
# documents them (https://sqlite.org/fileformat.html#the_write_ahead_log), before any SQLite
# connection opens the file.

WAL_MAGIC = (0x377F0682, 0x377F0683)  # low bit set: checksums on big-endian words
WAL_VERSION = 3007000
WAL_HEADER = 32
FRAME_HEADER = 24
SHM_HEADER = 48  # the wal-index header, stored twice at the start of the -shm


def _checksum(data: bytes, big_endian: bool, seed: tuple[int, int]) -> tuple[int, int]:
    """SQLite's WAL checksum (two running 32-bit sums over pairs of words)."""
    words = struct.unpack((">" if big_endian else "<") + f"{len(data) // 4}I", data)
    s0, s1 = seed
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
    return s0, s1


def wal_problem(data: bytes) -> str | None:
    """Why these WAL bytes would lose committed data, or None when SQLite would use them all.

    A frame of the current generation (its salts match the header's) whose checksum fails, or
    a frame whose checksum chains on from the frame before it although its salts are wrong, is
    damage: SQLite would stop there and drop it with every frame after it. Frames left over
    from an earlier generation (older salts, and no chain) are ignored by SQLite, rightly.
    """
    if not data:
        return None
    damaged = "its write-ahead log (recent changes not yet merged into it) is damaged"
    if len(data) < WAL_HEADER:
        return damaged
    magic, version, page_size = struct.unpack(">3I", data[:12])
    if magic not in WAL_MAGIC or version != WAL_VERSION:
        return damaged
    if page_size < 512 or page_size > 65536 or page_size & (page_size - 1):
        return damaged
    big = bool(magic & 1)
    seed = _checksum(data[:24], big, (0, 0))
    if seed != struct.unpack(">2I", data[24:32]):
        return damaged
    salts = data[16:24]
    frame = FRAME_HEADER + page_size
    broken = False
    for offset in range(WAL_HEADER, len(data) - frame + 1, frame):
        header = data[offset : offset + FRAME_HEADER]
        stored = struct.unpack(">2I", header[16:24])
        salt_ok = header[8:16] == salts
        if broken:
            if salt_ok:  # a current frame after the break: SQLite would drop it
                return damaged
            continue
        body = header[:8] + data[offset + FRAME_HEADER : offset + frame]
        chain_ok = _checksum(body, big, seed) == stored
        if salt_ok != chain_ok:
            return damaged
        broken = not salt_ok  # an older generation's frames from here on
        seed = stored
    return None


def shm_problem(data: bytes) -> str | None:
    """Why an -shm (SQLite's index of the WAL) is garbage, or None when it is sound or empty.

    The index holds nothing of its own (SQLite rebuilds it from the WAL), but a file coach did
    not write is kept, never silently overwritten.
    """
    if len(data) < 2 * SHM_HEADER or not any(data[: 2 * SHM_HEADER]):
        return None  # not yet initialised (SQLite truncates it to a few bytes first)
    first, second = data[:SHM_HEADER], data[SHM_HEADER : 2 * SHM_HEADER]
    order = "<" if sys.byteorder == "little" else ">"
    version = struct.unpack(order + "I", first[:4])[0]
    if first != second or version != WAL_VERSION or first[12] != 1:
        return "its WAL index (-shm) is garbage"
    stored = struct.unpack(order + "2I", first[40:48])
    if _checksum(first[:40], sys.byteorder == "big", (0, 0)) != stored:
        return "its WAL index (-shm) is garbage"
    return None


def read_side(path: Path) -> bytes:
    """The bytes of a side file (b"" when there is none); a side file that cannot be read
    stops coach with plain words, like the journal itself."""
    try:
        return _read_regular(path, None)[0]
    except FileNotFoundError:
        return b""
    except OSError as exc:
        raise cannot_read(path, exc) from exc


def move_side_aside(side: Path, journal: Path, *, now: dt.datetime | None = None) -> Path | None:
    """Rename one side file (a garbage -shm) aside, keeping the journal where it is."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    suffix = side.name.removeprefix(journal.name)
    for n in range(1, 1000):
        target = journal.with_name(
            f"{journal.name}{DAMAGED_INFIX}{stamp}{'' if n == 1 else f'-{n}'}{suffix}"
        )
        if not target.exists():
            break
    else:
        raise JournalError(f"Cannot find a free name to move {side} aside")
    if not _rename_no_clobber(side, target):
        return None
    with contextlib.suppress(OSError):
        os.chmod(target, 0o600)
    _sync_dir(journal.parent)
    return target


def _check_with_sqlite(path: Path, *, timeout: float) -> str | None:
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
    except sqlite3.Error as exc:
        if is_damage(exc):
            return "it is damaged"
        raise JournalError(sqlite_words(path, exc)) from exc
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
        # Text in the schema that is no longer UTF-8 (a flipped bit in a table's name) is
        # damage too, though SQLite itself only reports it to Python as a decoding failure.
        if is_damage(exc) or "decode" in str(exc).lower():
            return "it is damaged"
        raise JournalError(sqlite_words(path, exc)) from exc
    except UnicodeDecodeError:
        # SQLite's "malformed schema" message quotes the damaged schema, no longer UTF-8, and
        # Python fails to decode the message itself: damage all the same.
        return "it is damaged"
    finally:
        connection.close()


def move_aside(
    path: Path, *, now: dt.datetime | None = None, shm_before: bytes | None = None
) -> Path | None:
    """Rename the journal and its side files to ``<name>.damaged-YYYYmmdd-HHMMSS[-N]``.

    Bytes are untouched and no existing file is ever replaced. Returns the new path of the
    journal, or None when another coach moved it first. ``shm_before`` is the -shm as it was
    before the read-only check (SQLite rebuilds that file when it opens the journal): the copy
    set aside gets those bytes back.
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
    if shm_before:
        moved_shm = side_files(target)[1]
        fd = os.open(moved_shm, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(shm_before)
            os.fsync(handle.fileno())
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
