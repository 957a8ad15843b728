"""``coach status`` against a bare ``python -c pass`` on the same interpreter, side by side.

    python bench/bench_status.py            # 31 runs of each, interleaved
    python bench/bench_status.py --runs 11

Budget: within 3x the bare interpreter's start (the line runs on every shell prompt). Prints
the medians and ratios for the status line read from the app's summary, the journal fallback
(no summary yet), ``--format json``, and ``coach history`` for comparison.
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


def prepare(home: Path, with_summary: bool) -> None:
    """A journal with a few sessions this week, and (optionally) the app's summary."""
    os.environ.update(environment(home))
    from coach.journal import Journal
    from coach.pack.load import load_active_pack
    from coach.status_file import summary_from, summary_path, write_summary
    from tests.snapshots.apps.journal_data import fill, record

    pack = load_active_pack(None)
    today = dt.date.today()
    with Journal.open() as journal:
        fill(
            journal,
            [record(today - dt.timedelta(days=d), pack_id=pack.info.id) for d in (0, 3, 9, 16)],
        )
        sessions = journal.sessions()
    if with_summary:
        write_summary(summary_from(pack, sessions, today))
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
    with tempfile.TemporaryDirectory() as summary_home, tempfile.TemporaryDirectory() as bare_home:
        prepare(Path(summary_home), with_summary=True)
        prepare(Path(bare_home), with_summary=False)
        env_s, env_j = environment(Path(summary_home)), environment(Path(bare_home))
        cases = {
            "python -c pass": ([PY, "-c", "pass"], env_s),
            "coach status (summary)": ([*COACH, "status"], env_s),
            "coach status --format json": ([*COACH, "status", "--format", "json"], env_s),
            "coach status (journal fallback)": ([*COACH, "status"], env_j),
            "coach history": ([*COACH, "history"], env_s),
        }
        print(
            "line:",
            subprocess.run(
                [*COACH, "status"], env=env_s, capture_output=True, text=True
            ).stdout.strip(),
        )
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(runs):  # interleaved: a busy moment hits every case alike
            for name, (argv, env) in cases.items():
                times[name].append(timed(argv, env))
    bare = statistics.median(times["python -c pass"])
    print(f"{'what':34} {'median':>9} {'ratio':>7}")
    worst = 0.0
    for name, values in times.items():
        median = statistics.median(values)
        ratio = median / bare
        note = ""
        if name.startswith("coach status"):
            worst = max(worst, ratio)
            note = "  ok" if ratio <= BUDGET else "  OVER BUDGET"
        print(f"{name:34} {median:7.1f} ms {ratio:6.2f}x{note}")
    print(f"budget: coach status within {BUDGET:.0f}x python -c pass; worst {worst:.2f}x")
    return 0 if worst <= BUDGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
