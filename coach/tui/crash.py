"""Where an unexpected error goes: the private log, never the person's terminal.

Mixed into the app (:class:`LogsCrashes`, before ``App``).

Textual has no public hook for an unhandled exception (see Textualize/textual#2818):
it renders the traceback itself and prints it, once the terminal is given back, through the
app's ``error_console``, a public attribute. The app gives that console this file: after a
crash (Textual sets the return code to 1) what it prints goes to coach's log (0600, with the
traceback), and the command line says in one sentence where it is; anything else printed there
on the way out (an exit message such as an unknown protocol) goes to stderr as before.
"""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Callable
from typing import Any

from rich.console import Console
from textual.app import App

log = logging.getLogger(__name__)


class CrashLog(io.TextIOBase):
    """A file for Textual's error console: a crash's traceback to the log, the rest to stderr.

    ``crashed_now``: whether the app has stopped on an unexpected error (and is not being
    debugged, when Textual's own printout is wanted)."""

    def __init__(self, crashed_now: Callable[[], bool]) -> None:
        super().__init__()
        self._crashed_now = crashed_now
        self._text: list[str] = []
        self.crashed = False
        """A crash's traceback was written to the log."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if self._crashed_now():
            self._text.append(text)
        else:
            sys.stderr.write(text)
        return len(text)

    def flush(self) -> None:
        if self._text:
            self.crashed = True
            log.critical("the app stopped on an unexpected error:\n%s", "".join(self._text))
            self._text.clear()
        else:
            sys.stderr.flush()


class LogsCrashes(App[Any]):
    """The app's error console writes to :class:`CrashLog`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._crash_log = CrashLog(self._crashed_now)
        self.error_console = Console(file=self._crash_log, markup=False, highlight=False)

    @property
    def crashed(self) -> bool:
        """The app stopped on an unexpected error (its traceback is in the log)."""
        return self._crash_log.crashed

    def _crashed_now(self) -> bool:
        return self.return_code == 1 and "debug" not in self.features


__all__ = ["CrashLog", "LogsCrashes"]
