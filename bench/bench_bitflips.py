"""Single-bit flips in the journal's main file: is every change to a shown value seen?

``python bench/bench_bitflips.py [FLIPS] [SEED]`` (default 500 flips, seed 21).

Builds a journal with a realistic history (four months of sessions with every kind of event,
check-ins with answers and notes, a few long notes, logged activities, a plan start date, and
an interrupted session that resume offers), merged into the main file as a closed coach leaves
it. Then, for each flip, a fresh copy of that file gets one bit flipped at a seeded random
position and is opened as any coach opens it; everything coach shows is read back (the session
list with every field, each session's check-ins and events, the activities, the plan's start,
the resume offer) and compared with the same read of the unflipped file. Each flip ends as:

* moved aside: the open found the file damaged, moved it aside untouched and said so;
* refused: the open stopped with a message in plain words (a journal "from a newer coach");
* reported damaged: it opened, and the journal counted rows it could not read (history, the
  report and home say "N sessions could not be read"), or a read stopped with an error;
* no visible change: everything shown is exactly as before (free space, an unused byte);
* changed unnoticed: a shown value differs and nothing said so. This must be 0.

The test suite runs 40 of these (tests/unit/test_row_checksums.py).
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from coach.engine.events import Event, EventKind  # noqa: E402
from coach.journal.aside import JournalError  # noqa: E402
from coach.journal.records import CheckIn  # noqa: E402
from coach.journal.resumable import find_resumable  # noqa: E402
from coach.journal.store import Journal  # noqa: E402

PACK = "anal-dilation"
PROTOCOL = "dilation-session"
STEPS = ("prepare", "settle", "insert", "hold", "attempts", "remove")
NOTES = (
    "",
    "felt fine",
    "a little sore after, gone by evening",
    "sharp pain at step 4 — stopped",
    "long note: " + "steady breathing helped; size 2 went in slowly, no bleeding. " * 12,
)
READ_ERROR = "read error"  # a kind of "reported damaged": said in plain words by the command
OUTCOMES = ("moved aside", "refused", "reported damaged", "no visible change", "changed unnoticed")


class _Pack:
    """Enough of a pack for find_resumable: its id, and the protocol's step ids."""

    class info:
        id = PACK

    @staticmethod
    def protocol(protocol_id: str) -> Any:
        if protocol_id != PROTOCOL:
            raise KeyError(protocol_id)
        return _Protocol


class _Step:
    def __init__(self, step_id: str) -> None:
        self.id = step_id
        self.title = step_id.title()
        self.branch_only = False


class _Protocol:
    id = PROTOCOL
    title = "Dilation session"
    steps = tuple(_Step(s) for s in STEPS)


def build(path: Path, *, sessions: int = 60, seed: int = 7) -> dt.datetime:
    """A journal at ``path`` with a realistic history; returns 'now' (just after the
    interrupted last session)."""
    rng = random.Random(seed)
    start = dt.datetime(2026, 1, 5, 19, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    now = start
    with Journal.open(path) as journal:
        journal.set_plan_start(PACK, start.date())
        for n in range(sessions):
            began = start + dt.timedelta(days=2 * n, minutes=rng.randrange(90))
            last = n == sessions - 1
            now = _session(journal, rng, began, interrupted=last)
            if n % 9 == 4:
                journal.log_activity(
                    pack_id=PACK,
                    activity_id="intercourse",
                    title="Instead of a session",
                    counts=True,
                    day=began.date() + dt.timedelta(days=1),
                    note=rng.choice(NOTES[:3]),
                )
        journal._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return now + dt.timedelta(minutes=20)


def _session(
    journal: Journal, rng: random.Random, began: dt.datetime, *, interrupted: bool
) -> dt.datetime:
    level = f"size-{1 + rng.randrange(3)}"
    sid = journal.begin_session(
        pack_id=PACK,
        protocol_id=PROTOCOL,
        protocol_title="Dilation session",
        level_id=level,
        started=began,
    )
    active = 0.0
    at = 1000.0

    def emit(kind: EventKind, index: int, data: dict[str, Any] | None = None) -> None:
        wall = began + dt.timedelta(seconds=active)
        journal.record(sid, Event(kind, at + active, wall, active, index, STEPS[index], data or {}))

    emit(
        EventKind.STARTED,
        0,
        {"protocol_id": PROTOCOL, "protocol_title": "Dilation session", "steps": len(STEPS)},
    )
    emit(EventKind.STEP, 0, {"via": "start", "left": None})
    attempts = resistances = 0
    stop_at = 4 if interrupted else len(STEPS)
    for index in range(1, stop_at):
        active += rng.uniform(20, 200)
        emit(EventKind.STEP, index, {"via": "next", "left": STEPS[index - 1]})
        if STEPS[index] == "hold":
            for rep in range(3):
                active += 10
                emit(
                    EventKind.PHASE,
                    index,
                    {"phase": "Hold", "tone": "hold", "repetition": rep + 1, "of": 3},
                )
                emit(EventKind.CUE, index, {"say": "breathe out slowly"})
            emit(EventKind.MIN_REACHED, index)
        if STEPS[index] == "attempts":
            for _ in range(rng.randrange(1, 5)):
                active += rng.uniform(5, 40)
                attempts += 1
                emit(
                    EventKind.ATTEMPT,
                    index,
                    {"attempts": attempts, "expected_low": 2, "expected_high": 4},
                )
            if rng.random() < 0.3:
                resistances += 1
                emit(EventKind.RESISTANCE, index, {"branch_to": None})
    if interrupted:
        journal.checkpoint(
            sid,
            at=at + active + 4,
            wall=began + dt.timedelta(seconds=active + 4),
            active=active + 4,
            step_index=stop_at - 1,
            step_id=STEPS[stop_at - 1],
        )
        return began + dt.timedelta(seconds=active)
    pain = rng.random() < 0.08
    emit(
        EventKind.FINISHED,
        len(STEPS) - 1,
        {
            "completed": not pain,
            "reason": "pain" if pain else "done",
            "active_total": active,
            "steps_done": len(STEPS) if not pain else 3,
            "attempts": attempts,
            "resistances": resistances,
        },
    )
    journal.save_checkin(
        sid,
        CheckIn(
            {
                "comfort": rng.randrange(11),
                "pain": pain,
                "bleeding": rng.choice(["none", "spotting"]),
            },
            pain=pain,
            level_id=level,
            notes=rng.choice(NOTES),
        ),
    )
    return began + dt.timedelta(seconds=active)


def _plain(value: Any) -> Any:
    """Records as plain, comparable data."""
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    if hasattr(value, "items"):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "__dataclass_fields__"):
        return tuple(_plain(getattr(value, f)) for f in value.__dataclass_fields__)
    return value


@dataclass
class Seen:
    shown: Any
    damage: int  # rows the journal said it could not read


def shown(journal: Journal, now: dt.datetime) -> Seen:
    """Everything coach shows of this journal, and how much damage it reported meanwhile."""
    damage = 0
    sessions = journal.sessions()
    damage += journal.unreadable
    checkins, events = {}, {}
    for s in sessions:
        checkins[s.id] = _plain(journal.checkins(s.id))
        damage += journal.unreadable_checkins
        events[s.id] = _plain(journal.session_events(s.id))
        damage += journal.damaged_events
    activities = _plain(journal.activities())
    damage += journal.unreadable_activities
    start = journal.plan_start(PACK)
    damage += int(journal.unreadable_plan_start)
    offer = find_resumable(journal, _Pack, now, hours=6)
    damage += journal.damaged_events
    return Seen(
        {
            "sessions": [_plain(tuple(s)) for s in sessions],
            "checkins": checkins,
            "events": events,
            "activities": activities,
            "plan_start": start,
            "resume": None if offer is None else (offer.text, offer.session_id),
        },
        damage,
    )


def trial(
    source: Path, folder: Path, rng: random.Random, baseline: Any, now: dt.datetime
) -> tuple[str, str]:
    """One flip on a fresh copy; returns (outcome, what happened)."""
    folder.mkdir()
    path = folder / source.name
    shutil.copyfile(source, path)
    data = bytearray(path.read_bytes())
    position = rng.randrange(len(data))
    bit = rng.randrange(8)
    data[position] ^= 1 << bit
    path.write_bytes(bytes(data))
    where = f"byte {position} bit {bit} (page {position // 4096 + 1})"
    try:
        journal = Journal.open(path)
    except JournalError as exc:
        return "refused", f"{where}: {exc}"
    try:
        if journal.moved_aside is not None:
            return "moved aside", f"{where}: {journal.moved_aside_reason}"
        try:
            seen = shown(journal, now)
        except sqlite3.DatabaseError as exc:
            return "reported damaged", f"{where}: read error {exc}"
        if seen.damage:
            return "reported damaged", f"{where}: {seen.damage} rows"
        if seen.shown == baseline:
            return "no visible change", where
        changed = [k for k in baseline if seen.shown[k] != baseline[k]]
        return "changed unnoticed", f"{where}: {changed}"
    finally:
        journal.close()


def flips(count: int, seed: int, work: Path) -> tuple[Counter[str], list[str]]:
    source_dir = work / "source"
    source_dir.mkdir()
    source = source_dir / "journal.sqlite3"
    now = build(source)
    with Journal.open(source) as journal:
        base = shown(journal, now)
    assert base.damage == 0 and base.shown["resume"] is not None
    for name in ("journal.sqlite3-wal", "journal.sqlite3-shm"):
        (source_dir / name).unlink(missing_ok=True)
    rng = random.Random(seed)
    outcomes: Counter[str] = Counter()
    unnoticed: list[str] = []
    for n in range(count):
        outcome, detail = trial(source, work / f"t{n}", rng, base.shown, now)
        outcomes[outcome] += 1
        if "read error" in detail:
            outcomes[READ_ERROR] += 1
        if outcome == "changed unnoticed":
            unnoticed.append(detail)
        shutil.rmtree(work / f"t{n}")
    return outcomes, unnoticed


def main() -> int:
    logging.basicConfig(handlers=[logging.NullHandler()])  # each damaged row is logged: not here
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 21
    began = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        outcomes, unnoticed = flips(count, seed, Path(tmp))
        size = (Path(tmp) / "source" / "journal.sqlite3").stat().st_size
    print(f"{count} single-bit flips (seed {seed}) in a {size // 1024} KiB journal main file:")
    for name in OUTCOMES:
        print(f"  {name:<20} {outcomes[name]:>5}")
        if name == "reported damaged":
            print(f"    of which a read stopped with an error: {outcomes[READ_ERROR]}")
    for line in unnoticed:
        print(f"  unnoticed: {line}")
    print(f"({time.perf_counter() - began:.0f} s)")
    return 1 if unnoticed else 0


if __name__ == "__main__":
    raise SystemExit(main())
