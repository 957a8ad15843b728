"""``coach status`` against a bare ``python -c pass`` on the same interpreter, side by side.

    python bench/bench_status.py            # 31 runs of each, interleaved
    python bench/bench_status.py --runs 11

Budget: within 3x the bare interpreter's start (the line runs on every shell prompt). Prints
the medians and ratios for the status line read from the app's summary, the journal fallback
when the journal is newer than the summary, the first run with no summary at all (which reads
the pack's TOML, then keeps a summary: shown, but not held to the budget, since it happens
once), ``--format json``, and ``coach history`` to compare.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PY = sys.executable
BUDGET = 3.0
# What the installed `coach` console script runs (coach.entry:main).
COACH = [PY, "-c", "import sys; from coach.entry import main; sys.exit(main())"]


def environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        PYTHONPATH=str(ROOT),
    )
    return env


def prepare(home: Path, with_summary: bool, stale: bool = False) -> None:
    """A journal with a few sessions this week, and (optionally) the app's summary, which
    ``stale`` makes older than the journal (a session logged since, say in plain mode)."""
    os.environ.update(environment(home))
    from coach.journal.status_refresh import summary_from
    from coach.journal.status_summary import summary_path, write_summary
    from coach.journal.store import Journal
    from coach.pack.load import load_pack
    from coach.system.paths import active_sources
    from tests.snapshots.apps.journal_data import fill, record

    pack = load_pack(*active_sources(None))
    today = dt.date.today()
    with Journal.open() as journal:
        fill(
            journal,
            [record(today - dt.timedelta(days=d), pack_id=pack.info.id) for d in (0, 3, 9, 16)],
        )
        sessions = journal.sessions()
    if with_summary:
        write_summary(summary_from(pack, sessions, today))
        if stale:  # the journal written after the summary
            later = time.time() + 60
            os.utime(journal.path, (later, later))
    else:
        Path(summary_path()).unlink(missing_ok=True)


def timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{argv} failed: {done.stderr}")
    return elapsed * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=31)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as root:
        homes = {name: Path(root, name) for name in ("summary", "stale", "first")}
        prepare(homes["summary"], with_summary=True)
        prepare(homes["stale"], with_summary=True, stale=True)
        prepare(homes["first"], with_summary=False)
        env = {name: environment(home) for name, home in homes.items()}
        first_summary = homes["first"] / "data" / "coach" / "status.txt"

        def forget_summary() -> None:  # every run of this case finds no summary
            first_summary.unlink(missing_ok=True)

        cases = {
            "python -c pass": ([PY, "-c", "pass"], env["summary"], None),
            "coach status (summary)": ([*COACH, "status"], env["summary"], None),
            "coach status --format json": (
                [*COACH, "status", "--format", "json"],
                env["summary"],
                None,
            ),
            "coach status (journal newer)": ([*COACH, "status"], env["stale"], None),
            # Once only (it keeps a summary for the next prompt): shown, not held to the budget.
            "coach status (no summary yet, once)": (
                [*COACH, "status"],
                env["first"],
                forget_summary,
            ),
            "coach history": ([*COACH, "history"], env["summary"], None),
        }
        line = subprocess.run(
            [*COACH, "status"], env=env["summary"], capture_output=True, text=True
        )
        print("line:", line.stdout.strip())
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(runs):  # interleaved: a busy moment hits every case alike
            for name, (argv, case_env, before) in cases.items():
                if before is not None:
                    before()
                times[name].append(timed(argv, case_env))
    bare = statistics.median(times["python -c pass"])
    print(f"{'what':34} {'median':>9} {'ratio':>7}")
    worst = 0.0
    for name, values in times.items():
        median = statistics.median(values)
        ratio = median / bare
        note = ""
        if name.startswith("coach status") and "once" not in name:
            worst = max(worst, ratio)
            note = "  ok" if ratio <= BUDGET else "  OVER BUDGET"
        print(f"{name:34} {median:7.1f} ms {ratio:6.2f}x{note}")
    print(f"budget: coach status within {BUDGET:.0f}x python -c pass; worst {worst:.2f}x")
    return 0 if worst <= BUDGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
