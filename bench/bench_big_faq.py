"""Time loading a 5 MB FAQ: ``python bench/bench_big_faq.py``.

The limit once asserted inside the test suite (tests/unit/test_fuzz.py checks only that such a
file loads or is refused clearly): a wall-clock figure belongs here, where a busy machine shows
as a slow figure, not as a failed test. Budget: 20 s (it is a file far larger than any pack).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUDGET_S = 20.0


def main() -> int:
    from coach.pack.errors import PackError
    from coach.pack.load import load_pack
    from tests.unit.packs import write_pack
    from tests.unit.test_fuzz import big_faq

    for words in (160, 1):
        text = big_faq(5 * 1024 * 1024, words)
        with tempfile.TemporaryDirectory() as tmp:
            folder = write_pack(Path(tmp) / "pack", faq=text)
            start = time.perf_counter()
            try:
                pack = load_pack(folder)
                what = f"{len(pack.faq)} entries"
            except PackError:
                what = "refused"
            elapsed = time.perf_counter() - start
        verdict = "ok" if elapsed < BUDGET_S else "over"
        print(
            f"5 MB FAQ, {words}-word answers: {elapsed:.2f} s ({what}); budget {BUDGET_S:.0f} s: {verdict}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
