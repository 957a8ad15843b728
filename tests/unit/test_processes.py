"""Helper programs and the cue hook end at their limit (issue 26): the whole process group is
killed, and nothing waits on a pipe a detached grandchild still holds."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from coach.cues.hook import CueHook
from coach.system.processes import run_bounded, run_to_end

HANG = 30.0  # seconds: any wait this long is the bug (the limits below are a fraction of one)


def alive(pid: int) -> bool:
    """Running, not a zombie (a container's init may be slow to reap what it inherits)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def wait_until(condition, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


@pytest.fixture
def pids(tmp_path: Path) -> Iterator[Path]:
    """A file the scripts write their background pids to; whatever is left is killed after."""
    path = tmp_path / "pids"
    yield path
    if path.exists():
        for line in path.read_text().split():
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.kill(int(line), signal.SIGKILL)


def script(tmp_path: Path, body: str) -> list[str]:
    path = tmp_path / "hook.sh"
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(0o700)
    return [str(path)]


def background_pid(pids: Path) -> int:
    assert wait_until(lambda: pids.exists() and pids.read_text().strip())
    return int(pids.read_text().split()[0])


def test_a_detached_grandchild_holding_stderr_does_not_hold_the_hook(
    tmp_path: Path, pids: Path
) -> None:
    """`setsid sleep 120 &`: `coach cues --test` waited for it, and q left coach alive."""
    hook = CueHook(script(tmp_path, f"setsid sleep 120 & echo $! > {pids}\nsleep 60"), seconds=0.5)
    started = time.monotonic()
    problem = hook.run_and_wait({"kind": "test"})
    assert time.monotonic() - started < HANG
    assert problem is not None and "was stopped after 0.5 seconds" in problem
    assert alive(background_pid(pids))  # it left the group: out of reach, and not waited on


def test_what_stays_in_the_group_is_killed_at_the_limit(tmp_path: Path, pids: Path) -> None:
    hook = CueHook(script(tmp_path, f"sleep 120 & echo $! > {pids}\nsleep 60"), seconds=0.5)
    assert "stopped" in (hook.run_and_wait({"kind": "test"}) or "")
    assert wait_until(lambda: not alive(background_pid(pids)))


def test_a_hook_that_ends_at_once_returns_at_once_and_its_group_ends_at_the_limit(
    tmp_path: Path, pids: Path
) -> None:
    """A hook may start a player in the background and end: it gets until the limit."""
    hook = CueHook(script(tmp_path, f"sleep 120 & echo $! > {pids}\nexit 0"), seconds=3.0)
    started = time.monotonic()
    assert hook.run_and_wait({"kind": "test"}) is None
    returned = time.monotonic() - started
    pid = background_pid(pids)
    assert returned < 3.0 and alive(pid)
    assert wait_until(lambda: not alive(pid))


def test_failures_are_said_with_the_last_line(tmp_path: Path) -> None:
    said = run_to_end("the player", script(tmp_path, "echo one >&2\necho 'two' >&2\nexit 3"), 5)
    assert said == "the player failed (exit code 3): two"
    assert run_to_end("the player", [str(tmp_path / "none")], 5) == (
        "the player cannot be started: No such file or directory"
    )
    assert run_bounded(["true"], 5).returncode == 0
    slow = run_to_end("the player", ["sleep", "60"], 0.2)
    assert slow == "the player did not finish within 0.2 seconds"
