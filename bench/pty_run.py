"""Run a program in a real pseudo-terminal and watch its screen output, as a person's terminal would.

Used by the benchmarks: time to a first frame that shows given text, CPU and RSS over a while.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import termios
import time
from collections.abc import Sequence
from dataclasses import dataclass

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

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait()
        os.close(self.master)


def launch(argv: Sequence[str], env: dict[str, str] | None = None, size=(100, 30)) -> Run:
    master, slave = pty.openpty()
    cols, rows = size
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    full_env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(cols), "LINES": str(rows)}
    full_env.update(env or {})
    started = time.monotonic()
    proc = subprocess.Popen(
        list(argv),
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=full_env,
        start_new_session=True,
    )
    os.close(slave)
    return Run(proc, master, started)
