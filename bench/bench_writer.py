"""How long events wait in memory: ``python bench/bench_writer.py [EVENTS]`` (default 3,000).

A key storm, as fast as Python can press: a session run (the real writer thread, its real
connection, ``synchronous=FULL``) gets EVENTS tries on an attempts step, then a pain stop.
Printed: how long after the last key every event was in the journal, the longest any one
event waited, and how many transactions (fsyncs) it took. Then the same with another process
holding the journal's write lock for 3 s in the middle of the storm. Nothing is written
outside a temporary folder.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from coach.engine.clock import FakeClock  # noqa: E402
from coach.journal.store import Journal  # noqa: E402
from coach.journal.writer import JournalWriter  # noqa: E402
from coach.pack.load import load_pack  # noqa: E402
from coach.session.run import SessionRun  # noqa: E402

_LOCKER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
db.execute("ROLLBACK")
"""


class Timed(Journal):
    """The writer's connection, noting when each event was committed."""

    committed: list[float] = []
    transactions = 0

    def batch(self):  # type: ignore[no-untyped-def]
        from contextlib import contextmanager

        @contextmanager
        def timed():  # type: ignore[no-untyped-def]
            Timed.transactions += 1
            with Journal.batch(self):
                yield
            Timed.committed.append(time.perf_counter())

        return timed()


def storm(events: int, lock_seconds: float, folder: Path) -> None:
    from coach.journal.store import _connect

    pack = load_pack(ROOT / "content")
    protocol = pack.protocol("dilation-session")
    path = folder / "journal.sqlite3"
    journal = Journal.open(path)
    Timed.committed, Timed.transactions = [], 0
    writer = JournalWriter(journal, connect=lambda: Timed(_connect(path), path))
    run = SessionRun(pack, protocol, clock=FakeClock(), journal=journal, writer=writer)
    run.start()
    run.next()
    run.next()  # onto the attempts step
    assert run.flush(10) == 0
    sent: list[float] = []
    locker = None
    for n in range(events):
        if lock_seconds and n == events // 3:
            locker = subprocess.Popen(
                [sys.executable, "-c", _LOCKER, str(path), str(lock_seconds)],
                stdout=subprocess.PIPE,
                text=True,
            )
            assert locker.stdout is not None and locker.stdout.readline().strip() == "locked"
        run.done()  # one more try
        sent.append(time.perf_counter())
    run.pain_stop()
    last_key = time.perf_counter()
    assert run.flush(60) == 0
    done = time.perf_counter()
    if locker is not None:
        locker.wait(10)
    waits = []
    commits = iter(Timed.committed)
    commit = next(commits)
    for moment in sent:
        while commit < moment:
            commit = next(commits)
        waits.append(commit - moment)
    label = f"{events:,} tries" + (f", write lock held {lock_seconds:g} s" if lock_seconds else "")
    print(
        f"{label:<38} all written {1000 * (done - last_key):7.0f} ms after the last key; "
        f"longest wait {1000 * max(waits):6.0f} ms, median {1000 * statistics.median(waits):4.0f} "
        f"ms; {Timed.transactions} transactions"
    )
    run.close(10)
    journal.close()


def main() -> int:
    events = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    with tempfile.TemporaryDirectory() as tmp:
        storm(events, 0, Path(tmp) / "a")
        storm(events, 3.0, Path(tmp) / "b")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
