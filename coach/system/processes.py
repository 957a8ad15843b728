"""Running a helper program (a tone player, a speech engine, the person's cue hook) for a
bounded time, and saying in plain words what went wrong. Never through a shell.

Bounded means bounded: the program runs in a process group of its own, and at its limit the
whole group is killed, with anything it started that stayed in it (``sleep 120 &`` in a
hook). Its error output goes to a private temporary file, not a pipe: a pipe is held open by
every process that inherited it, so a grandchild that left the group (``setsid sleep 120 &``)
would keep a reader waiting for its end long after the limit. Nothing here waits past it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

_REAP_SECONDS = 1.0  # after SIGKILL, how long to wait for the kernel to end the program
_ERROR_TAIL = 4096  # bytes of error output kept: its last line is what is said


@dataclass(frozen=True, slots=True)
class Ended:
    """How a bounded run ended."""

    returncode: int | None
    """The program's exit status; ``None`` when it was killed at its limit."""
    error_line: str
    """The last line it wrote to stderr (at most 200 characters), or ""."""


def run_bounded(
    argv: Sequence[str], seconds: float, *, env: Mapping[str, str] | None = None
) -> Ended:
    """Run ``argv`` for at most ``seconds``; raises ``OSError`` when it cannot be started.

    When the program ends in time but left others running in its group, they are killed when
    its time is up (in the background: this returns as soon as the program itself ends)."""
    deadline = time.monotonic() + seconds
    with tempfile.TemporaryFile() as errors:  # unlinked already: private, and never left behind
        process = subprocess.Popen(
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            env=None if env is None else dict(env),
            start_new_session=True,  # a process group of its own: killed whole at the limit
        )
        try:
            returncode: int | None = process.wait(timeout=max(seconds, 0))
        except subprocess.TimeoutExpired:
            kill_group(process.pid)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=_REAP_SECONDS)  # reaped; a process stuck in the kernel
            returncode = None  # is left to it rather than waited on
        else:
            _kill_group_later(process.pid, deadline)
        errors.seek(max(0, os.fstat(errors.fileno()).st_size - _ERROR_TAIL))
        said = errors.read(_ERROR_TAIL).decode("utf-8", "replace").strip().splitlines()
    return Ended(returncode, said[-1][:200] if said else "")


def kill_group(group: int) -> None:
    """SIGKILL to every process of the group ``group`` (a process started with a session of
    its own leads a group of that number); a group already gone is no error."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, signal.SIGKILL)


def _kill_group_later(group: int, deadline: float) -> None:
    """Kill what is left of the group at ``deadline``, if anything is: the number stays the
    group's while any of its processes lives, so it names no other process meanwhile."""
    if not _group_alive(group):
        return
    timer = threading.Timer(max(deadline - time.monotonic(), 0), kill_group, (group,))
    timer.daemon = True
    timer.name = "coach-group-limit"
    timer.start()


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def run_to_end(name: str, argv: Sequence[str], timeout: float) -> str | None:
    """Run ``argv`` until it ends; ``None`` when it worked, else one sentence naming ``name``."""
    try:
        ended = run_bounded(argv, timeout)
    except OSError as exc:
        return f"{name} cannot be started: {exc.strerror or exc}"
    if ended.returncode is None:
        return f"{name} did not finish within {timeout:g} seconds"
    return failure(name, ended)


def failure(name: str, ended: Ended) -> str | None:
    """ "name failed (exit code 2): its last line", or ``None`` when it exited 0."""
    if ended.returncode == 0:
        return None
    detail = f": {ended.error_line}" if ended.error_line else ""
    return f"{name} failed (exit code {ended.returncode}){detail}"
