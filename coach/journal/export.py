"""Sessions as an aligned text table, CSV or JSON: for the terminal, a spreadsheet, a script.

All three carry the same facts, oldest session first. The table is for reading in a terminal:
notes are shortened to one line and control characters made visible. JSON keeps every
character the person wrote (unsafe ones as ``\\uXXXX`` escapes, which mean the same); CSV
shows them as visible escapes, as the table does, since it is often printed to a terminal.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from coach.journal.records import SessionRecord
from coach.safe_text import clean, json_safe

if TYPE_CHECKING:
    from coach.pack.model import Program

FORMATS = ("table", "csv", "json")

_SPACES = re.compile(r"\s+")
_NOTES_WIDTH = 40
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def level_name(program: Program | None, level_id: str | None) -> str:
    """The level's name from the content, else its id (a level since removed from the content)."""
    if not level_id:
        return ""
    if program is not None:
        for level in program.levels:
            if level.id == level_id:
                return level.name
    return level_id


def active_minutes(session: SessionRecord) -> float:
    return round(session.active_seconds / 60, 1)


def _cell(text: str) -> str:
    """A text cell a spreadsheet will not run: a protocol title from someone else's pack such as
    ``=HYPERLINK("https://...?"&A2)`` would otherwise send the person's data off the machine when
    the file is opened. The OWASP remedy: a leading quote. JSON keeps the text exactly."""
    text = clean(text)  # CSV goes to terminals too: no raw escape or bidi control
    return "'" + text if text[:1] in _FORMULA_START else text


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def rows(sessions: Sequence[SessionRecord], program: Program | None) -> list[dict[str, Any]]:
    """One plain dict per session, oldest first: the JSON objects, and the CSV rows."""
    return [
        {
            "date": s.day.isoformat(),
            "started": s.started.isoformat(timespec="seconds"),
            "protocol": s.protocol_title,
            "protocol_id": s.protocol_id,
            "level": level_name(program, s.level_id),
            "level_id": s.level_id,
            "active_minutes": active_minutes(s),
            "comfort": s.comfort,
            "pain": s.pain,
            "pain_stop": s.pain_stop,
            "bleeding": s.bleeding,
            "finished": s.finished,
            "status": s.status,
            "notes": s.notes,
        }
        for s in sorted(sessions, key=lambda s: s.started)
    ]


def to_json(sessions: Sequence[SessionRecord], program: Program | None) -> str:
    return json_safe(json.dumps(rows(sessions, program), indent=2, ensure_ascii=False)) + "\n"


def to_csv(sessions: Sequence[SessionRecord], program: Program | None) -> str:
    noun = program.level_noun if program else "level"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "date",
            "time",
            "protocol",
            noun,
            "active minutes",
            "comfort",
            "pain",
            "bleeding",
            "finished",
            "status",
            "notes",
        ]
    )
    ordered = sorted(sessions, key=lambda s: s.started)
    for row, s in zip(rows(ordered, program), ordered, strict=True):
        writer.writerow(
            [
                row["date"],
                s.started.strftime("%H:%M"),
                _cell(row["protocol"]),
                _cell(row["level"]),
                f"{row['active_minutes']:.1f}",
                "" if s.comfort is None else s.comfort,
                _yes_no(s.had_pain if s.checked_in or s.pain_stop else None),
                _yes_no(s.bleeding),
                _yes_no(s.finished),
                s.status,
                _cell(s.notes),
            ]
        )
    return out.getvalue()


def to_table(sessions: Sequence[SessionRecord], program: Program | None) -> str:
    noun = program.level_noun if program else "level"
    header = [
        "Date",
        "Protocol",
        noun.capitalize(),
        "Min",
        "Comfort",
        "Pain",
        "Bleeding",
        "Finished",
    ]
    header.append("Notes")
    body = []
    for s in sorted(sessions, key=lambda s: s.started):
        notes = _SPACES.sub(" ", clean(s.notes)).strip()
        if len(notes) > _NOTES_WIDTH:
            notes = notes[: _NOTES_WIDTH - 1] + "…"
        body.append(
            [
                s.started.strftime("%Y-%m-%d %H:%M"),
                clean(s.protocol_title),
                clean(level_name(program, s.level_id)),
                f"{active_minutes(s):.1f}",
                "" if s.comfort is None else str(s.comfort),
                "stop" if s.pain_stop else _yes_no(s.pain),
                _yes_no(s.bleeding),
                s.status,
                notes,
            ]
        )
    numeric = {3, 4}
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
    lines = []
    for row in [header, *body]:
        cells = [
            cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def render(fmt: str, sessions: Sequence[SessionRecord], program: Program | None) -> str:
    if fmt == "csv":
        return to_csv(sessions, program)
    if fmt == "json":
        return to_json(sessions, program)
    if fmt == "table":
        return to_table(sessions, program)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
