"""Run a program in a real pseudo-terminal and watch its screen output, as a person's terminal would.

Used by the benchmarks: time to a first frame that shows given text, CPU and RSS over a while.
"""

from __future__ import annotations

import contextlib
import fcntl
import math
import os
import pty
import re
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

_ANSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\x1b\][^\x07]*\x07")
CLK_TCK = os.sysconf("SC_CLK_TCK")


@dataclass
class Run:
    proc: subprocess.Popen[bytes]
    master: int
    started: float
    screen: bytes = b""

    def read_until(self, needle: str, timeout: float = 20.0) -> float:
        """Seconds from launch until ``needle`` has been drawn (escape codes ignored)."""
        target = needle.encode()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    break
                self.screen += chunk
                if target in _ANSI.sub(b"", self.screen):
                    return time.monotonic() - self.started
        raise TimeoutError(f"{needle!r} not drawn within {timeout}s")

    def drain(self, seconds: float) -> None:
        """Keep reading (a terminal that stops reading would block the app) for ``seconds``."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    os.read(self.master, 65536)
                except OSError:
                    return

    def text(self) -> str:
        """What was drawn so far, escape codes removed (for a message when a run goes wrong)."""
        return _ANSI.sub(b"", self.screen).decode("utf-8", "replace")

    def cpu_seconds(self) -> float:
        with open(f"/proc/{self.proc.pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK

    def rss_mib(self) -> float:
        with open(f"/proc/{self.proc.pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def stop(self) -> float:
        """kill -9, as a closed laptop or a crash would end it: nothing gets to tidy up.

        Returns the CPU seconds the program used in all (every thread, user and system), from
        the kernel's accounting as it is reaped: called as soon as :meth:`read_until` returns,
        that is the CPU time to the first frame, which a busy machine changes far less than
        the wall time."""
        cpu = math.nan
        if self.proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.proc.pid, signal.SIGKILL)
            _, status, usage = os.wait4(self.proc.pid, 0)
            self.proc.returncode = os.waitstatus_to_exitcode(status)
            cpu = usage.ru_utime + usage.ru_stime
        os.close(self.master)
        return cpu


def drain_all(runs: Sequence[Run], seconds: float) -> None:
    """:meth:`Run.drain` for several programs at once, for ``seconds`` in all."""
    deadline = time.monotonic() + seconds
    open_masters = {run.master for run in runs}
    while open_masters and time.monotonic() < deadline:
        ready, _, _ = select.select(list(open_masters), [], [], 0.05)
        for master in ready:
            try:
                os.read(master, 65536)
            except OSError:
                open_masters.discard(master)


def launch(
    argv: Sequence[str],
    env: Mapping[str, str] | None = None,
    size: tuple[int, int] = (100, 30),
    *,
    inherit: bool = True,
    cwd: Path | None = None,
) -> Run:
    """Start ``argv`` on a fresh pty of ``size`` (columns, rows). ``env`` adds to this process's
    environment, or, with ``inherit=False``, is the whole of it (TERM and the size added)."""
    master, slave = pty.openpty()
    cols, rows = size
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    full_env = dict(os.environ) if inherit else {}
    full_env.update(TERM="xterm-256color", COLUMNS=str(cols), LINES=str(rows))
    full_env.update(env or {})
    started = time.monotonic()
    proc = subprocess.Popen(
        list(argv),
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=full_env,
        cwd=cwd,
        start_new_session=True,
    )
    os.close(slave)
    return Run(proc, master, started)
