"""Closing the terminal of a running session ends coach (issue 21: after `tmux kill-session`
the app stayed for good, blocked writing to the dead terminal, holding the journal's lock).

Real processes on a pseudo-terminal whose master side is closed, as a terminal emulator or
tmux does: within 3 s no coach process is left, the session is recorded as ended, and the
journal opens again (its lock went with the process). Both front ends; and the app once more
when no SIGHUP comes at all (the terminal is not its controlling one), only failing writes.
"""

from __future__ import annotations

import fcntl
import os
import select
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from coach.journal.store import Journal
from coach.session.hangup import terminal_alive
from tests.helpers import wait_until
from tests.unit.packs import write_pack

ROOT = Path(__file__).resolve().parents[2]
ENDED = (True, False, "ended", "early")


def on_a_terminal(
    args: list[str], home: Path, *, controlling: bool = True
) -> tuple[subprocess.Popen[bytes], int]:
    """``python -m coach ARGS`` on a new pseudo-terminal (its controlling terminal, unless
    ``controlling`` is False); returns the process and the master side."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, b"\x1e\x00\x64\x00\x00\x00\x00\x00")  # 30 x 100
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "TERM": "xterm-256color",
    }

    def take_terminal() -> None:
        # In the child, before exec: the pty becomes its controlling terminal (one ioctl,
        # nothing that could meet a lock another thread of the test process held at fork).
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    proc = subprocess.Popen(
        [sys.executable, "-m", "coach", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
        preexec_fn=take_terminal if controlling else None,
    )
    os.close(slave)
    return proc, master


def read_until(
    master: int, text: bytes, proc: subprocess.Popen[bytes], seconds: float = 60
) -> None:
    seen = b""
    deadline = time.monotonic() + seconds
    while text not in seen:
        assert proc.poll() is None, seen[-2000:]
        assert time.monotonic() < deadline, seen[-2000:]
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                seen += os.read(master, 65536)
            except OSError:
                break
    assert text in seen, seen[-2000:]


def type_keys(master: int, keys: bytes) -> None:
    os.write(master, keys)


def close_and_wait(master: int, proc: subprocess.Popen[bytes]) -> float:
    """Close the terminal (the master side); how long the process took to go."""
    closed = time.monotonic()
    os.close(master)
    try:
        proc.wait(timeout=3)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        pytest.fail("coach was still running 3 s after its terminal closed")
    return time.monotonic() - closed


def session_of(home: Path) -> tuple[bool, bool, str | None, str]:
    (path,) = (home / "data").rglob("journal.sqlite3")
    with Journal.open(path) as journal:  # opens: the lock went with the process
        (session,) = journal.sessions()
    return session.finished, session.completed, session.finish_reason, session.status


def events_of(home: Path) -> list[str]:
    """The events of the session so far, read as any command beside a session reads them."""
    found = list((home / "data").rglob("journal.sqlite3"))
    if not found:
        return []
    with Journal.open(found[0]) as journal:
        sessions = journal.sessions()
        return [str(e.kind) for e in journal.session_events(sessions[0].id)] if sessions else []


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    return write_pack(tmp_path / "mini")


@pytest.mark.parametrize("controlling", [True, False], ids=["sighup", "writes-fail"])
def test_the_app_ends_the_session_when_its_terminal_closes(
    mini: Path, tmp_path: Path, controlling: bool
) -> None:
    home = tmp_path / "home"
    proc, master = on_a_terminal(["--content", str(mini), "start"], home, controlling=controlling)
    try:
        read_until(master, b"Step 1 of 3", proc)
        type_keys(master, b"\r")  # the checklist done: on the intervals
        read_until(master, b"Step 2 of 3", proc)
        # Its event reaches the journal first, as a real close comes a while after.
        wait_until(lambda: events_of(home).count("step") >= 2, what="step 2 written")
    finally:
        took = close_and_wait(master, proc)
    assert took < 3
    assert proc.returncode == 128 + 1  # SIGHUP's: the terminal hung up
    assert session_of(home) == ENDED


def test_plain_mode_ends_the_session_when_its_terminal_closes(mini: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    proc, master = on_a_terminal(["--content", str(mini), "start", "--plain"], home)
    try:
        read_until(master, b"Step 1 of 3", proc)
        type_keys(master, b"\n")
        read_until(master, b"Step 2 of 3", proc)
    finally:
        took = close_and_wait(master, proc)
    assert took < 3
    assert session_of(home) == ENDED


def test_terminal_alive_tells_a_hung_up_terminal(tmp_path: Path) -> None:
    master, slave = os.openpty()
    try:
        assert terminal_alive(slave)
        os.close(master)
        assert not terminal_alive(slave)  # every call fails (EIO) once the other side closed
    finally:
        os.close(slave)
    with open(tmp_path / "file", "w") as not_a_terminal:
        assert not terminal_alive(not_a_terminal.fileno())
