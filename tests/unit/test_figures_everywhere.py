"""One journal, the same figures on home, the history screen and command, the report (Markdown
and HTML), CSV, JSON and the status line: every one of them reads coach.journal.figures."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import re
import sqlite3
from html import escape
from types import ModuleType

import pytest

from coach.cli import history, report
from coach.cli.arguments import configure
from coach.journal.figures import figures_for, read_journal
from coach.journal.status_refresh import refresh
from coach.journal.status_summary import read_summary
from coach.journal.store import Journal
from coach.outputs.report import day
from coach.outputs.status_line import Status
from coach.system import paths
from coach.tui.progress import progress_lines
from coach.tui.screens.history import overview
from tests.snapshots.apps.journal_data import fill, pack, record


@pytest.fixture(autouse=True)
def commands_read_the_test_pack(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("coach.cli.common.load_pack_or_exit", lambda args: pack())


def run(module: ModuleType, capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    parser = argparse.ArgumentParser()
    configure(module.__name__.rpartition(".")[2], parser)
    args = parser.parse_args(argv)
    args.content = None
    assert module.run(args) == 0
    return capsys.readouterr().out


def test_the_same_figures_everywhere(capsys: pytest.CaptureFixture[str]) -> None:
    today = dt.date.today()
    monday = today - dt.timedelta(days=today.weekday())
    with Journal.open() as journal:
        fill(
            journal,
            [
                record(monday - dt.timedelta(days=3), comfort=5),  # last week
                record(today, hour=7, comfort=7),  # counts
                record(today, hour=8, completed=False, finish_reason="ended"),  # ended early
                record(today, hour=9, steps_done=0),  # completed, every step skipped
                record(today, hour=10, level=None, counts_as_session=False, protocol_id="drill"),
                record(today, hour=11)._replace(pack_id="another-pack"),
            ],
        )
        journal.log_activity(
            pack_id="test-pack",
            activity_id="intercourse",
            title="Intercourse instead of a session",
            counts=True,
            day=today,
        )
        figures = figures_for(pack(), read_journal(journal, "test-pack"), today)
        home, _advice = progress_lines(pack(), journal)
        screen = overview(journal, pack(), today)
        refresh(pack(), journal, today)  # what the app does when home shows
    assert figures.done == 2  # the completed session and the logged activity
    expected = figures.done_text
    assert expected == "2 of 2-3 this week" or figures.first_partial_from is not None

    assert expected in home.splitlines()[0]
    assert expected in screen.headline
    assert screen.sessions_a_week[-1] == figures.done

    table = run(history, capsys)
    assert table.rstrip().splitlines()[-1].startswith(figures.summary)
    assert "another-pack" not in table  # the active pack only

    text = run(report, capsys)
    assert f"- **Done:** {expected}" in text
    week_row = re.search(r"^\| " + re.escape(f"{monday.day} ") + r".*$", text, re.M)
    assert week_row is not None and week_row.group(0).split("|")[2].strip() == str(figures.done)

    html = run(report, capsys, "--format", "html")
    assert f"<dt>Done</dt><dd>{expected}</dd>" in html
    assert f"<dt>Next</dt><dd>{escape(figures.due_next)}</dd>" in html
    assert f"<tr><td>{day(monday)}</td><td class=n>{figures.done}</td>" in html

    status = Status(read_summary(), today)
    assert f" · {expected} · " in status.line()
    assert status.done == figures.done

    rows = list(csv.DictReader(io.StringIO(run(history, capsys, "--format", "csv"))))
    this_week = [r for r in rows if dt.date.fromisoformat(r["date"]) >= monday]
    assert sum(r["counts"] == "yes" for r in this_week) == figures.done

    data = json.loads(run(history, capsys, "--format", "json"))
    this_week_json = [r for r in data if dt.date.fromisoformat(r["date"]) >= monday]
    assert sum(r["counts"] is True for r in this_week_json) == figures.done
    assert {r.get("pack") for r in data} == {None}  # one pack: not named

    everything = json.loads(run(history, capsys, "--format", "json", "--all-packs"))
    assert {r["pack"] for r in everything} == {"test-pack", "another-pack"}


def test_unreadable_sessions_are_announced(capsys: pytest.CaptureFixture[str]) -> None:
    with Journal.open() as journal:
        ids = fill(journal, [record(dt.date.today(), hour=h) for h in (7, 8, 9)])
    # Two rows damaged inside their text (a date no longer a date): left out, but counted.
    db = sqlite3.connect(paths.journal_file())
    db.executemany(
        "UPDATE sessions SET started = 'not a date' WHERE id = ?", [(i,) for i in ids[1:]]
    )
    db.commit()
    db.close()
    assert "2 sessions could not be read." in run(history, capsys)
    assert "**2 sessions could not be read.**" in run(report, capsys)
    assert "2 sessions could not be read." in run(report, capsys, "--format", "html")
