"""Generated packs for the benchmarks: N steps and N FAQ entries, valid content."""

from __future__ import annotations

import shutil
from pathlib import Path

import tomli_w

from coach.locations import shipped_content_dir


def write_big_pack(folder: Path, *, steps: int, faq: int) -> Path:
    base = shipped_content_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("pack.toml", "safety.toml", "program.toml"):
        shutil.copy(base / name, folder / name)
    (folder / "pack.toml").write_text(
        (base / "pack.toml")
        .read_text()
        .replace('default_protocol = "dilation-session"', 'default_protocol = "big"')
    )
    kinds = [
        {"kind": "timed", "duration": "3-5m"},
        {"kind": "attempts", "attempts": "4-6", "duration": "2m"},
        {"kind": "checklist", "items": ["One", "Two"]},
        {
            "kind": "intervals",
            "repetitions": 5,
            "phases": [
                {"name": "Hold", "duration": "5s", "tone": "hold"},
                {"name": "Relax", "duration": "10s", "tone": "relax"},
            ],
        },
        {"kind": "info"},
    ]
    protocol = {
        "id": "big",
        "title": "A big protocol",
        "steps": [
            {
                "id": f"s{i}",
                "title": f"Step {i}",
                "text": f"Do the thing number {i}, slowly and calmly.",
                **kinds[i % len(kinds)],
            }
            for i in range(steps)
        ],
    }
    (folder / "protocols").mkdir(exist_ok=True)
    (folder / "protocols" / "big.toml").write_text(tomli_w.dumps(protocol))
    entries = {
        "faq": [
            {
                "id": f"q{i}",
                "question": f"Question number {i} about topic {i % 97}?",
                "answer": f"An answer about topic {i % 97}, with some words to search, entry {i}.",
                "tags": [f"topic{i % 97}", "generated"],
                "see_also": [f"q{(i + 1) % faq}"],
            }
            for i in range(faq)
        ]
    }
    (folder / "faq.toml").write_text(tomli_w.dumps(entries))
    return folder
