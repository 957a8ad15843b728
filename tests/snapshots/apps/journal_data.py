"""Fixed content and journal data for the journal's tests and snapshot apps (no real pack)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from coach.engine.events import Event, EventKind
from coach.journal.records import CheckIn, SessionRecord
from coach.journal.store import Journal
from coach.pack.validate import validate

TZ = dt.timezone(dt.timedelta(hours=1))

PROGRAM: dict[str, Any] = {
    "level_noun": "size",
    "days_per_level": "7-14",
    "plan": {"sessions": "2-3", "per": "week"},
    "levels": [
        {"id": "size-1", "name": "Size 1 (smallest)"},
        {"id": "size-2", "name": "Size 2"},
        {"id": "size-3", "name": "Size 3"},
        {"id": "size-4", "name": "Size 4 (largest)"},
    ],
    "checkin": [
        {
            "id": "comfort",
            "kind": "scale",
            "ask": "How comfortable was it?",
            "min": 0,
            "max": 10,
            "min_label": "very uncomfortable",
            "max_label": "fully comfortable",
        },
        {"id": "pain", "kind": "yes_no", "ask": "Any pain?", "pain": True},
        {
            "id": "bleeding",
            "kind": "choice",
            "ask": "Any bleeding?",
            "safety_from": "spotting",
            "options": [
                {"id": "none", "label": "None", "grade": 0},
                {"id": "spotting", "label": "Spotting", "grade": 1},
                {"id": "more", "label": "More than spotting", "grade": 2},
                {"id": "heavy", "label": "Heavy or not stopping", "grade": 3},
            ],
        },
    ],
    "begin": "Start with the smallest size.",
    "keep_going": "You are on track.",
    # The default pack's rules (content/program.toml), with short advice texts.
    "rules": [
        {
            "id": "bleeding-heavy",
            "label": "Get medical help now",
            "urgency": "urgent",
            "advice": "Get urgent medical help now.",
            "when": {"answers": {"bleeding": ">= heavy"}, "of_last": 1, "within_days": 14},
        },
        {
            "id": "bleeding-more",
            "label": "Contact your clinician",
            "urgency": "soon",
            "advice": "Contact your clinician today or tomorrow.",
            "when": {"answers": {"bleeding": ">= more"}, "within_days": 14},
        },
        {
            "id": "bleeding-every-session",
            "label": "Contact your clinician",
            "urgency": "soon",
            "advice": "Bleeding at every session: contact your clinician today or tomorrow.",
            "when": {
                "answers": {"bleeding": ">= spotting"},
                "sessions": 3,
                "of_last": 3,
                "in_a_row": True,
                "within_days": 14,
            },
        },
        {
            "id": "spotting-again",
            "label": "Book a visit",
            "urgency": "routine",
            "advice": "Book a visit.",
            "when": {
                "answers": {"bleeding": ">= spotting"},
                "sessions": 2,
                "of_last": 2,
                "in_a_row": True,
                "within_days": 14,
            },
        },
        {
            "id": "spotting",
            "label": "Go back a size",
            "urgency": "routine",
            "level": "back",
            "advice": "Rest; next time go back a size.",
            "when": {"answers": {"bleeding": ">= spotting"}, "of_last": 1, "within_days": 14},
        },
        {
            "id": "spotting-first-size",
            "label": "Go slower",
            "urgency": "routine",
            "advice": "Rest; next time go slower.",
            "when": {"answers": {"bleeding": ">= spotting"}, "of_last": 1, "within_days": 14},
        },
        {
            "id": "see-clinician",
            "label": "See a clinician",
            "urgency": "soon",
            "advice": "Pause and see a clinician.",
            "when": {"answers": {"pain": True}, "sessions": 3, "within_days": 14},
        },
        {
            "id": "step-back",
            "label": "Step back",
            "urgency": "routine",
            "level": "back",
            "advice": "Go back one size.",
            "when": {
                "answers": {"pain": True},
                "sessions": 2,
                "within_days": 14,
                "on_level": True,
            },
        },
        {
            "id": "hold",
            "label": "Hold",
            "urgency": "routine",
            "advice": "Stay on this size for now.",
            "when": {"answers": {"pain": True}, "within_days": 14, "on_level": True},
        },
        {
            "id": "move-up",
            "label": "Ready to move up",
            "level": "up",
            "advice": "You can move up one size next time.",
            "when": {
                "answers": {"pain": False, "bleeding": "none"},
                "sessions": 4,
                "on_level": True,
                "counted_only": True,
                "days_on_level": 7,
            },
        },
        {
            "id": "behind",
            "label": "Behind this week",
            "advice": "Fewer sessions than planned this week.",
            "when": {"behind": True},
        },
    ],
    "activities": [{"id": "intercourse", "title": "Intercourse instead of a session"}],
}

PROTOCOL: dict[str, Any] = {
    "id": "dilation-session",
    "title": "Dilation session",
    "uses_levels": True,
    "steps": [
        {"id": "prepare", "kind": "checklist", "title": "Get ready", "items": ["Kit"]},
        {"id": "breathe", "kind": "timed", "title": "Breathe", "duration": "1m"},
        {"id": "insert", "kind": "attempts", "title": "Go in slowly", "attempts": "2-4"},
        {"id": "done", "kind": "info", "title": "Done"},
    ],
}


def program():  # -> Program; pydantic imported only when a test needs the model
    from coach.pack.model import Program

    return validate(Program, PROGRAM)


def protocol(**overrides: Any):  # -> Protocol
    from coach.pack.model import Protocol

    return validate(Protocol, {**PROTOCOL, **overrides})


def pack():  # -> Pack
    from tests.helpers import make_pack

    return make_pack(
        protocols=(
            PROTOCOL,
            {
                "id": "drill",
                "title": "Control drill",
                "counts_as_session": False,
                "steps": [{"id": "only", "kind": "info", "title": "Only"}],
            },
        ),
        program=PROGRAM,
        pack_id="test-pack",
        title="Dilation at home [test]",
    )


_BLANK = SessionRecord(
    id=0,
    pack_id="test-pack",
    protocol_id="dilation-session",
    protocol_title="Dilation session",
    started=dt.datetime(2026, 1, 5, 9, 0, tzinfo=TZ),
    ended=None,
    level_id="size-1",
    planned_level_id="size-1",
    counts_as_session=True,
    active_seconds=600.0,
    steps_done=4,
    steps_total=4,
    attempts=3,
    resistances=0,
    pain_stop=False,
    finished=True,
    completed=True,
    finish_reason="done",
    checked_in=True,
    pain=False,
    answers={"comfort": 6, "pain": False, "bleeding": "none"},
    notes="",
)


def record(day: dt.date, **fields: Any) -> SessionRecord:
    """A completed, pain-free session on ``day`` at 9:00, unless ``fields`` say otherwise.

    ``comfort``, ``pain`` and ``bleeding`` (an option id; True for "spotting") set the
    answers; ``checked_in=False`` leaves none."""
    started = dt.datetime.combine(day, dt.time(9, 0), TZ)
    if "hour" in fields:
        started = started.replace(hour=fields.pop("hour"))
    level = fields.pop("level", "size-1")
    answers = dict(_BLANK.answers)
    if "comfort" in fields:
        comfort = fields.pop("comfort")
        if comfort is None:
            answers.pop("comfort")
        else:
            answers["comfort"] = comfort
    if "bleeding" in fields:
        bleeding = fields.pop("bleeding")
        answers["bleeding"] = {True: "spotting", False: "none", None: "none"}.get(
            bleeding, bleeding
        )
    if "pain" in fields and fields["pain"] is not None:
        answers["pain"] = bool(fields["pain"])
    if fields.get("checked_in") is False:
        answers = {}
    fields.setdefault("answers", answers)
    return _BLANK._replace(
        started=started,
        ended=started + dt.timedelta(minutes=12),
        level_id=level,
        planned_level_id=level,
        **fields,
    )


def fill(journal: Journal, records: Iterable[SessionRecord]) -> list[int]:
    """Write finished sessions (with their check-ins) straight into a journal, in one batch."""
    ids = []
    with journal.batch():
        for rec in records:
            sid = journal.begin_session(
                pack_id=rec.pack_id,
                protocol_id=rec.protocol_id,
                protocol_title=rec.protocol_title,
                level_id=rec.planned_level_id,
                started=rec.started,
                counts_as_session=rec.counts_as_session,
            )
            for event in _events(rec):
                journal.record(sid, event)
            if rec.checked_in:
                journal.save_checkin(
                    sid,
                    CheckIn(
                        rec.answers, pain=bool(rec.pain), level_id=rec.level_id, notes=rec.notes
                    ),
                )
            ids.append(sid)
    return ids


def _events(rec: SessionRecord) -> list[Event]:
    """The few events that make the journal's summary match ``rec``."""

    def event(kind: EventKind, active: float, data: dict[str, Any] | None = None) -> Event:
        wall = rec.started + dt.timedelta(seconds=active)
        return Event(kind, 1000.0 + active, wall, active, 0, "prepare", data or {})

    out = [event(EventKind.STARTED, 0.0, {"steps": rec.steps_total})]
    if rec.pain_stop:
        out.append(event(EventKind.PAIN_STOP, rec.active_seconds))
    if rec.finished:
        reason = "pain" if rec.pain_stop else ("done" if rec.completed else "ended")
        totals = {
            "completed": rec.completed,
            "reason": rec.finish_reason or reason,
            "active_total": rec.active_seconds,
            "steps_done": rec.steps_done,
            "attempts": rec.attempts,
            "resistances": rec.resistances,
        }
        out.append(event(EventKind.FINISHED, rec.active_seconds, totals))
    else:
        out.append(event(EventKind.STEP, rec.active_seconds, {"via": "next", "left": "prepare"}))
    return out


def weeks_of_sessions(until: dt.date, count: int) -> list[SessionRecord]:
    """``count`` sessions, about every third day back from ``until``, with varied check-ins."""
    out = []
    levels = ["size-1", "size-2", "size-3", "size-4"]
    for i in range(count):
        day = until - dt.timedelta(days=3 * (count - 1 - i) // 1)
        out.append(
            record(
                day,
                level=levels[min(3, i * 4 // max(count, 1))],
                comfort=(i * 7) % 11,
                pain=(i % 9 == 4),
                notes=f"note {i}" if i % 5 == 0 else "",
            )
        )
    return out
