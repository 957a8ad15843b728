"""Generated data for the benchmarks: big packs (N steps, N FAQ entries) and journals.

    python bench/generate.py journal --sessions 156 --every 2,2,3   # into $XDG_DATA_HOME's journal

Both are valid for the checkout's coach: the journal is written through coach's own Journal, with
the ids of the shipped pack (read with tomllib), so every command and screen reads it as real.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import shutil
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIR = ROOT / "content"
TZ = dt.timezone(dt.timedelta(hours=1))


def write_big_pack(folder: Path, *, steps: int, faq: int) -> Path:
    import tomli_w

    from coach.system.paths import shipped_content_dir

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
    # The shipped protocols too: the programme's activities name them.
    shutil.copytree(base / "protocols", folder / "protocols", dirs_exist_ok=True)
    (folder / "protocols" / "big.toml").write_text(tomli_w.dumps(protocol))
    entries = {
        "faq": [
            {
                "id": f"q{i}",
                "question": f"Question number {i} about topic {i % 97}?",
                "answer": f"An answer about topic {i % 97}, with some words to search, entry {i}.",
                "tags": [f"topic{i % 97}", "generated"],
                "see_also": [f"q{(i + 1) % faq}"],
                "basis": "general",
            }
            for i in range(faq)
        ]
    }
    # After the shipped FAQ, which pack.toml (its before-you-start page) and safety.toml link to.
    with (base / "faq.toml").open("rb") as handle:
        entries["faq"] = tomllib.load(handle)["faq"] + entries["faq"]
    (folder / "faq.toml").write_text(tomli_w.dumps(entries))
    return folder


def _toml(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def shipped_ids(content: Path = CONTENT_DIR) -> tuple[str, str, str, list[str], list[str]]:
    """The shipped pack's id, its default protocol's id and title, that protocol's step ids
    and the programme's level ids: what a real journal of the default content holds."""
    info = _toml(content / "pack.toml")
    protocol_id = str(info["default_protocol"])
    protocol = next(
        data
        for data in map(_toml, sorted((content / "protocols").glob("*.toml")))
        if data.get("id") == protocol_id
    )
    steps = [str(step["id"]) for step in protocol["steps"]]
    program = content / "program.toml"
    levels = (
        [str(level["id"]) for level in _toml(program).get("levels", [])] if program.exists() else []
    )
    return str(info["id"]), protocol_id, str(protocol["title"]), steps, levels


def write_journal(path: Path | None, count: int, every: Sequence[int] = (1,)) -> dt.date:
    """``count`` finished sessions of the default protocol, each with the events a real
    session writes (start, steps, tries, a pause, the finish) and a check-in, the last one
    today and the others back from it ``every`` days apart (cycled: ``(2, 2, 3)`` is three a
    week). ``path=None``: the journal coach itself uses (from the environment's XDG dirs).
    Returns today."""
    from coach.engine.events import Event, EventKind
    from coach.journal.records import CheckIn
    from coach.journal.store import Journal

    pack_id, protocol_id, protocol_title, steps, levels = shipped_ids()
    today = dt.date.today()
    gaps = itertools.cycle(every)
    back = [0, *itertools.accumulate(next(gaps) for _ in range(count - 1))]  # newest first
    days = [today - dt.timedelta(days=d) for d in reversed(back)]
    journal = Journal.open(path)
    with journal.batch():
        for i, day in enumerate(days):
            started = dt.datetime.combine(day, dt.time(9), TZ)
            level = levels[min(len(levels) - 1, i * len(levels) // count)] if levels else None
            sid = journal.begin_session(
                pack_id=pack_id,
                protocol_id=protocol_id,
                protocol_title=protocol_title,
                level_id=level,
                started=started,
            )
            events = [
                (EventKind.STARTED, {"steps": len(steps)}),
                (EventKind.STEP, {"via": "start", "left": None}),
                *[(EventKind.STEP, {"via": "next", "left": step}) for step in steps[:-1]],
                *[(EventKind.ATTEMPT, {"attempts": n + 1}) for n in range(4)],
                (EventKind.PAUSED, {}),
                (EventKind.RESUMED, {"paused_for": 20.0}),
                (EventKind.FINISHED, {"completed": True, "reason": "done", "active_total": 700.0}),
            ]
            for n, (kind, data) in enumerate(events):
                at = 50.0 * n
                wall = started + dt.timedelta(seconds=at)
                journal.record(sid, Event(kind, at, wall, at, 0, steps[0], data))
            answers = {
                "comfort": i % 11,
                "pain": i % 13 == 0,
                "bleeding": "spotting" if i % 17 == 0 else "none",
            }
            journal.save_checkin(
                sid,
                CheckIn(answers, pain=i % 13 == 0, level_id=level, notes="ok" if i % 7 else ""),
            )
    journal.close()
    return today


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    journal = sub.add_parser("journal", help="a journal of finished sessions with check-ins")
    journal.add_argument("--sessions", type=int, default=156)
    journal.add_argument(
        "--every", default="2,2,3", help="days between sessions, cycled (default: 3 a week)"
    )
    journal.add_argument("--path", type=Path, help="default: the journal coach uses")
    args = parser.parse_args(argv)
    every = [int(part) for part in args.every.split(",")]
    write_journal(args.path, args.sessions, every)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
