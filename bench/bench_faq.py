"""Time FAQ search per keystroke at 10,000 entries: ``python bench/bench_faq.py [N]``.

Generates N entries (default 10,000) of English-like text with a Zipf-shaped word frequency,
plus the shipped questions, then types several queries one character at a time and times every
prefix, as the FAQ screen does on each keystroke. The budget is one frame: 16 ms.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coach.faq.search import FaqIndex  # noqa: E402
from coach.pack.model import FaqEntry, FaqFile  # noqa: E402

QUERIES = [
    "how often should i do it",
    "lubricnt",
    "which position is best",
    "bowel movement",
    "what if i see blood",
    "can i skip the smallest size",
    "does it hurt the first time",
]
BUDGET_MS = 16.0


def _vocabulary(rng: random.Random, shipped: list[str], size: int) -> list[str]:
    syllables = [a + b for a in "bcdfghklmnprstvwz" for b in "aeiou"] + ["the", "ing", "er"]
    made = set(shipped)
    while len(made) < size:
        made.add("".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))))
    common = ["the", "a", "to", "and", "of", "you", "it", "is", "in", "for", "how", "do", "i"]
    rest = sorted(made - set(common))
    rng.shuffle(rest)
    return common + rest


def make_entries(n: int, seed: int = 7) -> list[FaqEntry]:
    rng = random.Random(seed)
    text = (ROOT / "content" / "faq.toml").read_text(encoding="utf-8")
    shipped = FaqFile.model_validate(tomllib.loads(text)).faq
    shipped_words = sorted(
        {w.strip(".,:?!*()[]").lower() for e in shipped for w in e.answer.split()} - {""}
    )
    vocabulary = _vocabulary(rng, shipped_words, 20_000)
    # Zipf: the k-th word is drawn with weight 1/k, like real prose.
    weights = [1.0 / (k + 1) for k in range(len(vocabulary))]

    def sentence(low: int, high: int) -> str:
        chosen = rng.choices(vocabulary, weights, k=rng.randint(low, high))
        return " ".join(chosen).capitalize() + "."

    entries = list(shipped)
    tags = vocabulary[20:400]
    for i in range(n - len(entries)):
        paragraphs = [
            " ".join(sentence(6, 18) for _ in range(rng.randint(2, 5)))
            for _ in range(rng.randint(2, 4))
        ]
        entries.append(
            FaqEntry(
                id=f"generated-{i}",
                question=sentence(4, 10)[:-1] + "?",
                answer="\n\n".join(paragraphs),
                tags=rng.sample(tags, rng.randint(1, 4)),
            )
        )
    rng.shuffle(entries)
    return entries


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    entries = make_entries(n)
    words = sum(len(e.answer.split()) for e in entries)
    print(f"{len(entries)} entries, {words} answer words")
    started = time.perf_counter()
    FaqIndex(entries)
    print(f"index built in {(time.perf_counter() - started) * 1000:.0f} ms")
    times: list[float] = []
    for query in QUERIES:
        index = FaqIndex(entries)  # fresh: no word cached from an earlier query
        per_query: list[float] = []
        for end in range(1, len(query) + 1):
            started = time.perf_counter()
            index.search(query[:end])
            per_query.append((time.perf_counter() - started) * 1000)
        times += per_query
        print(
            f"  {query!r:32} median {statistics.median(per_query):5.2f} ms"
            f"  max {max(per_query):5.2f} ms"
        )
    median = statistics.median(times)
    p95 = statistics.quantiles(times, n=20)[-1]
    print(f"per keystroke over {len(times)}: median {median:.2f} ms, p95 {p95:.2f} ms")
    print("within budget" if p95 < BUDGET_MS else f"OVER the {BUDGET_MS:g} ms budget")
    return 0 if p95 < BUDGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
