"""Reading the files coach reads (content, settings) without ever hanging or reading forever.

A path can name anything: a FIFO (``open`` waits for a writer that never comes), a device
(``/dev/zero`` has size 0 and never ends), a folder. So coach opens without blocking, asks the
opened file (not the path, which may change meanwhile) what it is, refuses anything but a
regular file, and reads at most ``limit + 1`` bytes whatever the size claims.
"""

from __future__ import annotations

import errno
import os
import stat

TYPE_CHECKING = False
if TYPE_CHECKING:  # not imported to run: `coach status` reads with these, and pathlib imports re
    from pathlib import Path


class FileRefused(OSError):
    """A path coach will not read; ``str()`` is the reason in plain words."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(errno.EINVAL, reason, str(path))
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


class TooLarge(FileRefused):
    def __init__(self, path: Path | str, size: int, limit: int) -> None:
        self.size = size
        self.limit = limit
        super().__init__(
            path,
            f"the file is {_mib(size)} MiB; coach reads files of at most {_mib(limit)} MiB",
        )


def _mib(size: int) -> str:
    text = f"{size / 1024 / 1024:.1f}"
    return text.removesuffix(".0")


_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a disk device"),
    (stat.S_ISSOCK, "a socket"),
)


def open_regular(path: Path | str, *, follow_links: bool = True) -> tuple[int, os.stat_result]:
    """An open descriptor on the regular file at ``path`` (links followed, unless not: then a
    link is an ``OSError``), and its status, checked on the descriptor itself. The caller
    closes it.

    Raises ``FileNotFoundError``, ``PermissionError``, ``IsADirectoryError`` as ``open`` does,
    and :class:`FileRefused` for anything not a file (a FIFO, a device, a socket).
    """
    # O_NONBLOCK: opening a FIFO for reading returns at once instead of waiting for a writer.
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC
    fd = os.open(path, flags if follow_links else flags | os.O_NOFOLLOW)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))
        if not stat.S_ISREG(info.st_mode):
            kind = next((name for test, name in _KINDS if test(info.st_mode)), "not a file")
            raise FileRefused(path, f"it is {kind}, not a regular file")
    except BaseException:
        os.close(fd)
        raise
    return fd, info


def read_regular(path: Path | str, limit: int, *, follow_links: bool = True) -> bytes:
    """The bytes of the regular file at ``path`` (links followed, unless not), at most
    ``limit`` of them.

    Raises ``FileNotFoundError``, ``PermissionError``, ``IsADirectoryError`` as ``open`` does,
    :class:`TooLarge` beyond ``limit``, and :class:`FileRefused` for anything not a file.
    """
    fd, info = open_regular(path, follow_links=follow_links)
    try:
        if info.st_size > limit:
            raise TooLarge(path, info.st_size, limit)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:  # the size can lie (a file growing as it is read)
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise TooLarge(path, total, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


def describe_error(exc: OSError) -> str:
    """Why a file could not be read, in words a person understands (no errno jargon)."""
    if isinstance(exc, FileRefused):
        return exc.reason
    if isinstance(exc, IsADirectoryError):
        return "it is a folder, not a file"
    if isinstance(exc, FileNotFoundError):
        return "it does not exist (or is a link to a file that does not)"
    if isinstance(exc, PermissionError):
        return "you do not have permission to read it"
    if isinstance(exc, NotADirectoryError):
        return "a part of its path is a file, not a folder"
    return f"it cannot be read ({exc.strerror or exc})"
