"""The cue hook: a command of the person's choosing, run on every cue.

It lets cues reach a phone, a watch or a speaker with the person's own tools. Safety rules:

* The command is an argument list (from the ``on_cue`` setting), run directly, never through a
  shell. What a cue says comes from content, so it goes only into environment variables
  (``COACH_CUE_KIND``, ``COACH_CUE_TEXT``, ...), never into the command line.
* It runs in the background, in a process group of its own, and is killed (with anything it
  started) after ``seconds``. A hook that fails, hangs or does not exist is logged, never raised:
  the session goes on.
* At most :data:`MAX_RUNNING` at once: a slow hook cannot pile up processes during intervals.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Mapping, Sequence

from coach.system.processes import failure, run_bounded

log = logging.getLogger(__name__)

MAX_RUNNING = 4
ENV_PREFIX = "COACH_CUE_"


class CueHook:
    def __init__(self, command: Sequence[str], *, seconds: float = 10.0) -> None:
        if not command:
            raise ValueError("the cue hook needs a command")
        # "~/bin/cue" works as it does in a shell; nothing else is expanded.
        self.command = (os.path.expanduser(command[0]), *command[1:])
        self.seconds = seconds
        self._running = 0
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []

    def run(self, fields: Mapping[str, str]) -> threading.Thread | None:
        """Start the hook with ``fields`` as ``COACH_CUE_<NAME>`` variables; returns the thread
        that watches it (tests join it), or None when it was not started."""
        with self._lock:
            if self._running >= MAX_RUNNING:
                log.warning("cue hook: %d still running; this cue is not sent", self._running)
                return None
            self._running += 1
        thread = threading.Thread(
            target=self._watch, args=(dict(fields),), name="coach-cue-hook", daemon=True
        )
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()
        return thread

    def run_and_wait(self, fields: Mapping[str, str]) -> str | None:
        """Run once and wait (for the cue test); returns what went wrong, or None."""
        return self._run(dict(fields))

    def join(self, timeout: float | None = None) -> None:
        for thread in list(self._threads):
            thread.join(timeout)

    def _watch(self, fields: dict[str, str]) -> None:
        try:
            problem = self._run(fields)
            if problem:
                log.warning("cue hook: %s", problem)
        finally:
            with self._lock:
                self._running -= 1

    def _run(self, fields: dict[str, str]) -> str | None:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(ENV_PREFIX)},
            **{ENV_PREFIX + name.upper(): _env_safe(value) for name, value in fields.items()},
        }
        name = self.command[0]
        try:  # its own process group, killed whole at the limit; no pipe waited on after it
            ended = run_bounded(self.command, self.seconds, env=env)
        except OSError as exc:
            return f"{name} cannot be started: {exc.strerror or exc}"
        if ended.returncode is None:
            return f"{name} was stopped after {self.seconds:g} seconds"
        return failure(name, ended)


def _env_safe(value: str) -> str:
    # An environment value cannot hold NUL; other control characters are the hook's to handle,
    # but a terminal-escape-free text is kinder to a notify-send or a log line.
    return "".join(" " if (ord(c) < 32 and c != "\n") or 127 <= ord(c) < 160 else c for c in value)
