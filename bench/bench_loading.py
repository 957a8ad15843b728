"""Content load and validation: ``python bench/bench_loading.py [SIZE ...] [--samples FILE]``.

The default pack in a cold process (pydantic imported on the way) and warm, then generated packs
of SIZE steps + SIZE FAQ entries (default 1,000 and 10,000), best of 3 each: the time per item
should stay flat as packs grow. For each size also: validation with the garbage collector held
off (``coach.system.collector``, as the app and the commands load), and the validated-pack
cache (``coach.pack.cache``): a miss (validate and keep) and a hit (what every later start pays).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

COLD_LOAD = """
import time
t = time.perf_counter()
from coach.system.paths import shipped_content_dir
from coach.pack.load import load_pack
load_pack(shipped_content_dir())
cold = time.perf_counter() - t
t = time.perf_counter()
load_pack(shipped_content_dir())
print(cold * 1000, (time.perf_counter() - t) * 1000)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10_000])
    parser.add_argument("--samples", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args()
    cold, warm = map(
        float,
        subprocess.run(
            [sys.executable, "-c", COLD_LOAD], capture_output=True, text=True, check=True
        ).stdout.split(),
    )
    print(f"default pack, cold process  {cold:7.1f} ms (imports pydantic)")
    print(f"default pack, warm          {warm:7.1f} ms")
    from generate import write_big_pack

    from coach.pack.cache import load_cached
    from coach.pack.load import load_pack
    from coach.system.collector import collector_paused

    def best_of_3(load) -> float:  # type: ignore[no-untyped-def]
        times = []
        for _ in range(3):
            started = time.perf_counter()
            load()
            times.append(time.perf_counter() - started)
        return min(times) * 1000

    sizes: dict[str, float] = {}
    paused: dict[str, float] = {}
    hits: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            folder = write_big_pack(Path(tmp) / f"pack{n}", steps=n, faq=n)
            times = []
            for _ in range(3):
                started = time.perf_counter()
                load_pack(folder)
                times.append(time.perf_counter() - started)
            best = min(times) * 1000
            sizes[str(n)] = best
            print(
                f"{n:>6} steps + {n:>6} FAQ   {best:8.1f} ms   {best / (2 * n) * 1000:6.1f} µs per item"
            )

            def paused_load(folder: Path = folder) -> None:
                with collector_paused():
                    load_pack(folder)

            paused[str(n)] = best_of_3(paused_load)
            print(f"{'':>6}   collector held off   {paused[str(n)]:8.1f} ms")
            cache = Path(tmp) / f"cache{n}"
            started = time.perf_counter()
            load_cached(folder, None, cache)
            miss = (time.perf_counter() - started) * 1000
            hits[str(n)] = best_of_3(
                lambda folder=folder, cache=cache: load_cached(folder, None, cache)
            )
            print(f"{'':>6}   cache miss, then hit {miss:8.1f} ms, {hits[str(n)]:.1f} ms")
    if args.samples:
        args.samples.write_text(
            json.dumps(
                {
                    "cold_ms": cold,
                    "warm_ms": warm,
                    "sizes_ms": sizes,
                    "paused_ms": paused,
                    "cache_hit_ms": hits,
                }
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
