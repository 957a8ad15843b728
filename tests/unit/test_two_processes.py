"""Issue 21, "done when": the app runs a session in a real terminal while other coach processes
run every command beside it (``plan``, ``plan --start``, ``log``, ``history``, ``report``,
``status``, ``check``, ``faq --print`` and a second app); then the app is killed with SIGKILL.

After each command: no journal file the app holds open was unlinked (``/proc/<pid>/fd`` shows
"(deleted)" for such a file), and every event the app's keys caused is in the journal within
a couple of seconds (read by yet another connection). After the kill: every event is still
there, the other processes' writes too, and ``PRAGMA integrity_check`` is ok.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from bench.pty_run import _ANSI, Run, launch
from tests.helpers import wait_until

ROOT = Path(__file__).resolve().parents[2]
WITHIN = 3.0  # seconds for an event to reach the journal (about one; slack for a busy machine)

pytestmark = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_STATE_HOME=str(home / "state"),
        PYTHONPATH=str(ROOT),
    )
    return env


class App:
    """The full-screen app in a pseudo-terminal, its output drained on a thread (a terminal
    that is not read would block it)."""

    def __init__(self, env: dict[str, str]) -> None:
        self.run: Run = launch([sys.executable, "-m", "coach"], env=env)
        self.pid = self.run.proc.pid
        self._stop = threading.Event()
        self.screen = bytearray()
        self._thread = threading.Thread(target=self._drain, daemon=True)
        self._thread.start()

    def _drain(self) -> None:
        while not self._stop.is_set():
            try:
                chunk = os.read(self.run.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.screen += chunk
            del self.screen[:-200_000]

    def press(self, *keys: bytes) -> None:
        for key in keys:
            os.write(self.run.master, key)
            # A person's pace, which is part of what is tested: keys typed in the instant a
            # screen changes are held back by the app's typing guard, as they should be.
            time.sleep(0.15)

    def sees(self, text: str, timeout: float = 30.0) -> None:
        wait_until(
            lambda: text.encode() in _ANSI.sub(b"", bytes(self.screen)),
            timeout=timeout,
            what=f"{text!r} drawn",
        )

    def close(self) -> None:
        self._stop.set()
        if self.run.proc.poll() is None:
            self.run.proc.kill()
        self.run.proc.wait(10)
        os.close(self.run.master)


def unlinked(pid: int) -> list[str]:
    """The journal files process ``pid`` holds open that are no longer in their folder."""
    found = []
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if "journal.sqlite3" in target and target.endswith("(deleted)"):
            found.append(target)
    return found


def counts(journal: Path) -> Counter[str]:
    """The kinds of the events in the journal, read by a connection of this process."""
    if not journal.exists():
        return Counter()
    db = sqlite3.connect(f"{journal.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    try:
        return Counter(kind for (kind,) in db.execute("SELECT kind FROM events"))
    finally:
        db.close()


def coach(env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "coach", *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, (argv, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    return done


def test_a_session_beside_every_command_then_kill_minus_nine(tmp_path: Path) -> None:
    env = _env(tmp_path)
    journal = tmp_path / "data" / "coach" / "journal.sqlite3"
    today = dt.date.today().isoformat()
    expected: Counter[str] = Counter()
    app = App(env)
    try:
        app.sees("this week")  # the home screen, with the content and the journal read

        def step(keys: tuple[bytes, ...], caused: dict[str, int], command: tuple[str, ...]) -> None:
            app.press(*keys)
            expected.update(caused)
            # The keys' events reach the journal, read by another connection.
            wait_until(
                lambda: all(counts(journal)[k] >= n for k, n in expected.items()),
                timeout=WITHIN,
                what=f"the events of {keys}",
            )
            seen = counts(journal)
            assert {k: seen[k] for k in expected} == dict(expected), keys
            if command == ("second app",):
                second = App(env)
                try:
                    second.sees("this week")  # its journal opened and read
                    assert unlinked(second.pid) == []
                    second.press(b"q")
                    second.run.proc.wait(20)
                finally:
                    second.close()
            else:
                coach(env, *command)
            assert unlinked(app.pid) == [], command

        # Started from home, on the checklist; then each key with one command beside it.
        step((b"\r", b"s"), {"started": 1, "step": 1}, ("plan",))  # s: past the first-session page
        step((b"\r",), {"step": 1}, ("plan", "--start", today))
        step((b"s",), {"step": 1}, ("log", "intercourse"))  # n would wait out the 1-minute step
        step((b"\r",), {"attempt": 1}, ("history",))
        step((b"\r",), {"attempt": 1}, ("report",))
        step((b"r",), {"resistance": 1, "step": 1}, ("status",))
        step((b"n",), {"step": 1}, ("check",))
        step((b"\r",), {"attempt": 1}, ("faq", "--print", "bleeding"))
        step((b" ",), {"paused": 1}, ("second app",))
        step((b" ",), {"resumed": 1}, ("history", "--format", "json"))

        # While it runs: the other processes' writes are in, and the session is in progress.
        rows = json.loads(coach(env, "history", "--format", "json").stdout)
        sessions = [r for r in rows if r["kind"] == "session"]
        assert [s["status"] for s in sessions] == ["running"]
        assert [r["kind"] for r in rows].count("activity") == 1
        assert "session in progress" in coach(env, "status").stdout
        os.kill(app.pid, signal.SIGKILL)
        app.run.proc.wait(10)
    finally:
        app.close()

    seen = counts(journal)
    assert {k: seen[k] for k in expected} == dict(expected)
    db = sqlite3.connect(journal)
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("SELECT count(*) FROM plan_start").fetchone() == (1,)
        assert db.execute("SELECT count(*) FROM activities").fetchone() == (1,)
    finally:
        db.close()
    rows = json.loads(coach(env, "history", "--format", "json").stdout)
    assert [r["status"] for r in rows if r["kind"] == "session"] == ["unfinished"]
