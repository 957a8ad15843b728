"""coach's private log file: where every swallowed exception goes, with its traceback.

One rotating file (a few hundred KB, one old copy) under platformdirs' user log dir, created
0600 in a 0700 folder: it may name content files and journal errors, and it stays on this
machine. Set up once by the CLI; library code only does ``logging.getLogger(__name__)``.
Nothing is ever logged to the terminal: the person sees clear messages, never a traceback.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from coach.system.paths import ensure_private_dir, log_dir

MAX_BYTES = 256 * 1024
BACKUPS = 1
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_file() -> Path:
    return log_dir() / "coach.log"


def _rotating(path: Path) -> logging.Handler:
    """A rotating file handler whose files are 0600 from the moment they exist."""
    import logging.handlers  # ~15 ms with what it pulls in: only once something is logged

    class PrivateRotatingHandler(logging.handlers.RotatingFileHandler):
        def _open(self):  # type: ignore[override]
            fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            os.chmod(self.baseFilename, 0o600)  # an older file, made by anything else
            return os.fdopen(fd, "a", encoding=self.encoding or "utf-8", errors="backslashreplace")

    return PrivateRotatingHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, delay=True, encoding="utf-8"
    )


class _OnFirstRecord(logging.Handler):
    """Makes the folder and the rotating handler when the first record comes, not at start:
    most runs log nothing, and the first frame need not wait for them."""

    def __init__(self, path: Path) -> None:
        super().__init__(logging.INFO)
        self.path = path
        self._real: logging.Handler | None = None
        self._failed = False

    def emit(self, record: logging.LogRecord) -> None:
        if self._real is None and not self._failed:
            try:
                ensure_private_dir(self.path.parent)
                self._real = _rotating(self.path)
            except OSError:
                self._failed = True  # coach runs on; there is nowhere to write it
                return
            self._real.setFormatter(self.formatter)
        if self._real is not None:
            self._real.emit(record)

    def flush(self) -> None:
        if self._real is not None:
            self._real.flush()

    def close(self) -> None:
        if self._real is not None:
            self._real.close()
        super().close()


MAX_TRACEBACK = 8000
"""Characters of one traceback kept (its start and end): a RecursionError's runs to 200 KB."""


class _Formatter(logging.Formatter):
    def formatException(self, ei) -> str:
        text = super().formatException(ei)
        if len(text) <= MAX_TRACEBACK:
            return text
        half = MAX_TRACEBACK // 2
        return f"{text[:half]}\n  [... {len(text) - MAX_TRACEBACK} characters left out ...]\n{text[-half:]}"


_handler: logging.Handler | None = None


def setup(path: Path | None = None) -> Path | None:
    """Send coach's (and its libraries') warnings and errors to the private log file.

    Returns the file's path. The file (and its folder) are made at the first record; if they
    cannot be, coach still runs."""
    global _handler

    path = path or log_file()
    root = logging.getLogger()
    if _handler is not None:
        root.removeHandler(_handler)
        _handler.close()
        _handler = None
    handler = _OnFirstRecord(path)
    handler.setFormatter(_Formatter(FORMAT))
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    # Python's last-resort handler prints to stderr when no handler exists; one exists now.
    _handler = handler
    return path
