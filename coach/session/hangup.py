"""The terminal going away: a session ends, its journal is written, and coach exits.

When a terminal closes (a window shut, ``tmux kill-session``, an ssh link dropped) the app
used to stay for good: its shutdown writes to the terminal, and a write queued for a dead
terminal waits forever, with the journal's lock held (issue 21). Here the ending never waits
on the terminal: every session still going ends as "ended" (:func:`coach.session.run.close_open_runs`),
its journal writes get :data:`HANGUP_FLUSH_SECONDS`, and the process exits within 2 s.

Light on purpose (no Textual, no engine, no sqlite): the app enters
:func:`end_when_terminal_goes` before its first frame.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import termios
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import NoReturn

log = logging.getLogger(__name__)


_ENDINGS: list[Callable[..., int]] = []
"""What ends every session still going (called with the seconds its journal writes may take,
or with none for its own default); each returns how many writes are still not written.
Registered by :mod:`coach.session.run` when it is loaded: where it never was, no session exists
(and importing it here would only cost time)."""


def on_session_end(ending: Callable[..., int]) -> None:
    """Call ``ending`` when sessions must end: the terminal gone, or the front end closing."""
    _ENDINGS.append(ending)


def end_sessions(flush: float | None = None) -> int:
    """End every session still going, giving its journal writes ``flush`` seconds (``None``:
    the run's own bound); returns how many are still not written."""
    return sum(ending() if flush is None else ending(flush) for ending in _ENDINGS)


HANGUP_FLUSH_SECONDS = 1.2
"""When the terminal is gone: how long queued journal writes get before the process exits."""
HANGUP_DEADLINE_SECONDS = 1.8
"""...and the latest it exits, whatever is still running: a closed terminal ends coach within
2 s (issue 21: it stayed for good, blocked writing to the terminal, holding the journal)."""


def end_without_terminal(code: int, *, flush: float = HANGUP_FLUSH_SECONDS) -> NoReturn:
    """The terminal is gone (SIGHUP, or writes to it fail): the one ending for every session
    still going (recorded as "ended"), its journal writes given ``flush`` seconds, then exit
    at once with ``code``; the journal's lock goes with the process.

    Nothing here writes to the terminal or waits on it: a front end's own shutdown (which
    restores the terminal, and blocks for good on a dead one) is skipped. A timer thread exits
    anyway at :data:`HANGUP_DEADLINE_SECONDS`, should anything here wait on a lock the
    interrupted code held.
    """
    deadline = threading.Timer(HANGUP_DEADLINE_SECONDS, os._exit, (code,))
    deadline.daemon = True
    deadline.start()
    try:
        pending = end_sessions(flush)
        log.warning("the terminal is gone: sessions ended, %s journal writes not written", pending)
        logging.shutdown()  # the log file's last lines (a file, never the terminal)
    except BaseException:  # exiting: nothing may stop it
        with contextlib.suppress(BaseException):
            log.exception("ending without a terminal")
    os._exit(code)


TERMINAL_WATCH_SECONDS = 0.5
"""How often :func:`end_when_terminal_goes` looks whether the terminal is still there."""


def terminal_alive(fd: int) -> bool:
    """Whether ``fd`` is a terminal that still answers: after a hangup every call on it fails
    (EIO), where a write queued for it by a front end would wait for good."""
    try:
        termios.tcgetattr(fd)
    except (termios.error, OSError, ValueError):
        return False
    return True


@contextmanager
def end_when_terminal_goes(fds: Sequence[int] = (0, 1)) -> Iterator[None]:
    """While inside, a closed terminal ends coach with :func:`end_without_terminal`: on
    SIGHUP, and when the terminal on ``fds`` stops answering without one (a thread looks every
    :data:`TERMINAL_WATCH_SECONDS`).

    SIGHUP gets a plain handler (not the event loop's): it runs in the main thread even while
    that thread is blocked writing to the dead terminal, where a handler queued on the loop
    never runs. Main thread only, on terminals only; elsewhere nothing changes."""
    hup = getattr(signal, "SIGHUP", None)
    watched = [fd for fd in fds if terminal_alive(fd)]
    if hup is None or not watched or threading.current_thread() is not threading.main_thread():
        yield
        return

    def hung_up(signum: int, _frame: object) -> None:
        end_without_terminal(128 + signum)

    done = threading.Event()

    def watch() -> None:
        while not done.wait(TERMINAL_WATCH_SECONDS):
            if not all(terminal_alive(fd) for fd in watched):
                if not done.is_set():
                    os.kill(os.getpid(), hup)  # the handler above, in the main thread
                return

    previous = signal.signal(hup, hung_up)
    threading.Thread(target=watch, name="terminal-watch", daemon=True).start()
    try:
        yield
    finally:
        done.set()
        signal.signal(hup, previous)


__all__ = [
    "HANGUP_DEADLINE_SECONDS",
    "HANGUP_FLUSH_SECONDS",
    "end_when_terminal_goes",
    "end_without_terminal",
    "terminal_alive",
]
