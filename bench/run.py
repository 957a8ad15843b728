"""coach's benchmark: figures side by side with a bare Textual app, measured in one run.

    python bench/run.py            # everything (about two minutes)
    python bench/run.py --quick    # fewer repetitions

Ratios against a bare Textual app on the same machine in the same run, so a slow or busy machine
does not mislead. Budgets (from the performance issue) are checked and printed with each figure.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from pty_run import launch  # noqa: E402

PY = sys.executable
BUDGETS = {
    "first_frame": 1.10,
    "session_cpu": 1.5,
    "rss": 1.3,
    "search_ms": 16.0,
    "history_ms": 100.0,
}


def isolated_env(home: Path) -> dict[str, str]:
    return {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }


def first_frame(argv: list[str], needle: str, env: dict[str, str]) -> float:
    run = launch(argv, env)
    try:
        return run.read_until(needle)
    finally:
        run.stop()


def bench_startup(repeats: int, env: dict[str, str]) -> tuple[float, float]:
    coach: list[float] = []
    bare: list[float] = []
    for _ in range(repeats):  # interleaved, so drift in the machine hits both alike
        bare.append(first_frame([PY, str(HERE / "bare_hello.py")], "Hello from a bare", env))
        coach.append(first_frame([PY, "-m", "coach"], "Anal dilation", env))
    return statistics.median(coach), statistics.median(bare)


def steady(argv: list[str], needle: str, env: dict[str, str], settle: float, window: float):
    run = launch(argv, env)
    try:
        run.read_until(needle)
        run.drain(settle)
        cpu0, t0 = run.cpu_seconds(), time.monotonic()
        run.drain(window)
        cpu = (run.cpu_seconds() - cpu0) / (time.monotonic() - t0)
        return cpu * 100, run.rss_mib()
    finally:
        run.stop()


def bench_session(window: float, env: dict[str, str]):
    coach = steady([PY, "-m", "coach", "start"], "Step 1", env, 2.0, window)
    bare = steady([PY, str(HERE / "bare_clock.py")], "", env, 2.0, window)
    idle = steady([PY, "-m", "coach"], "Anal dilation", env, 2.0, window)
    bare_idle = steady([PY, str(HERE / "bare_hello.py")], "Hello from a bare", env, 2.0, window)
    return coach, bare, idle, bare_idle


def bench_loading(sizes: list[int]) -> list[tuple[int, float, float]]:
    from generate import write_big_pack

    from coach.pack.load import load_pack

    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            folder = write_big_pack(Path(tmp) / f"pack{n}", steps=n, faq=n)
            times = []
            for _ in range(3):
                t0 = time.perf_counter()
                load_pack(folder)
                times.append(time.perf_counter() - t0)
            best = min(times)
            out.append((n, best * 1000, best / (2 * n) * 1e6))
    return out


COLD_LOAD = """
import time
t = time.perf_counter()
from coach.locations import shipped_content_dir
from coach.pack.load import load_pack
load_pack(shipped_content_dir())
cold = time.perf_counter() - t
t = time.perf_counter()
load_pack(shipped_content_dir())
print(cold * 1000, (time.perf_counter() - t) * 1000)
"""


def run_script(name: str) -> str:
    proc = subprocess.run(
        [PY, str(HERE / name)], capture_output=True, text=True, cwd=ROOT, check=False
    )
    return (proc.stdout + proc.stderr).strip()


def verdict(value: float, budget: float) -> str:
    return "ok" if value <= budget else "OVER"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    repeats = 3 if args.quick else 7
    window = 5.0 if args.quick else 10.0
    with tempfile.TemporaryDirectory() as tmp:
        env = isolated_env(Path(tmp))
        os.environ.update(env)
        print(f"coach benchmark · Python {sys.version.split()[0]} · {os.cpu_count()} cores\n")

        coach_ms, bare_ms = bench_startup(repeats, env)
        ratio = coach_ms / bare_ms
        print("First frame (launch -> content drawn, real pty, median of", repeats, "runs)")
        print(f"  bare Textual hello    {bare_ms * 1000:7.0f} ms")
        print(
            f"  coach home screen     {coach_ms * 1000:7.0f} ms   x{ratio:.2f}"
            f"   budget x{BUDGETS['first_frame']:.2f}  {verdict(ratio, BUDGETS['first_frame'])}"
        )

        (c_cpu, c_rss), (b_cpu, b_rss), (i_cpu, i_rss), (bi_cpu, bi_rss) = bench_session(
            window, env
        )
        print(f"\nCPU and memory over {window:.0f} s (after 2 s to settle)")
        print(f"  bare Textual clock    {b_cpu:6.2f}% CPU  {b_rss:6.1f} MiB")
        cpu_ratio = c_cpu / b_cpu if b_cpu else float("inf")
        rss_ratio = c_rss / b_rss
        print(
            f"  coach session         {c_cpu:6.2f}% CPU  {c_rss:6.1f} MiB   CPU x{cpu_ratio:.2f}"
            f" (budget x{BUDGETS['session_cpu']}) {verdict(cpu_ratio, BUDGETS['session_cpu'])}"
            f"   RSS x{rss_ratio:.2f} (budget x{BUDGETS['rss']}) {verdict(rss_ratio, BUDGETS['rss'])}"
        )
        print(f"  bare Textual idle     {bi_cpu:6.2f}% CPU  {bi_rss:6.1f} MiB")
        print(f"  coach home, idle      {i_cpu:6.2f}% CPU  {i_rss:6.1f} MiB")

        print("\nContent load and validation (best of 3)")
        cold = subprocess.run(
            [PY, "-c", COLD_LOAD], capture_output=True, text=True, cwd=ROOT, check=True
        ).stdout.split()
        print(f"  default pack, cold process  {float(cold[0]):7.1f} ms (imports pydantic)")
        print(f"  default pack, warm          {float(cold[1]):7.1f} ms")
        for n, ms, per_item_us in bench_loading([1000, 10000]):
            print(f"  {n:>6} steps + {n:>6} FAQ   {ms:8.1f} ms   {per_item_us:6.1f} µs per item")

        print("\nFAQ search per keystroke, 10,000 entries")
        print("  " + run_script("bench_faq.py").replace("\n", "\n  "))
        print("\nHistory at 10,000 sessions")
        print("  " + run_script("bench_history.py").replace("\n", "\n  "))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
