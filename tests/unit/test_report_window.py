"""Reports bounded by a sane window of dates (issue 26): one session dated 1970 gave 2,974
weekly rows, one dated year 1 gave 24 MB of HTML in 11 s."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import time

import pytest

from coach.cli import report
from coach.cli.arguments import configure
from coach.journal.store import Journal
from coach.outputs.report import day
from coach.outputs.report_window import EARLIEST, sane
from tests.snapshots.apps.journal_data import fill, pack, record

TODAY = dt.date.today()
RECENT = TODAY - dt.timedelta(days=20)


@pytest.fixture(autouse=True)
def commands_read_the_test_pack(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("coach.cli.common.load_pack_or_exit", lambda args: pack())


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    configure("report", parser)
    args = parser.parse_args(argv)
    args.content = None
    return report.run(args)


@pytest.mark.parametrize("absurd", [dt.date(1970, 1, 1), dt.date(1, 1, 1), dt.date(9999, 12, 1)])
@pytest.mark.parametrize("form", ["markdown", "html"])
def test_an_absurd_date_is_an_unreadable_row_not_a_long_report(
    absurd: dt.date, form: str, capsys
) -> None:
    with Journal.open() as journal:
        fill(journal, [record(absurd, notes="when?"), record(RECENT, notes="real")])
    started = time.monotonic()
    assert run("--format", form) == 0
    took = time.monotonic() - started
    out = capsys.readouterr().out
    assert "1 session could not be read." in out
    assert "real" in out and "when?" not in out  # left out of the report, kept in the journal
    assert len(out) < 40_000, len(out)  # a few weeks of rows, not thousands
    assert day(RECENT) in out  # the period runs from the first real session
    assert not re.search(rf"\b{day(absurd)}\b", out)
    assert took < 10
    with Journal.open() as journal:
        assert len(journal.sessions()) == 2


def test_the_plan_start_and_activities_outside_the_window_are_unreadable_too(capsys) -> None:
    with Journal.open() as journal:
        fill(journal, [record(RECENT)])
        journal.set_plan_start("test-pack", dt.date(1, 1, 1))
    assert run() == 0
    out = capsys.readouterr().out
    assert "1 other record (logged activities, the plan's start) could not be read." in out


def test_since_before_any_real_date_starts_at_the_window(capsys) -> None:
    with Journal.open() as journal:
        fill(journal, [record(RECENT)])
    assert run("--since", "0001-01-01", "--format", "html") == 0
    html = capsys.readouterr().out
    weeks = (TODAY - EARLIEST).days // 7 + 2
    assert html.count("<tr>") <= weeks + 20 and len(html) < 2_000_000


def test_until_after_today_is_refused(capsys) -> None:
    assert run("--until", "9999-12-31") == 2
    assert "is after today" in capsys.readouterr().err
    tomorrow = TODAY + dt.timedelta(days=1)  # a session started east of here can be dated so
    assert run("--until", tomorrow.isoformat()) == 0


def test_the_window() -> None:
    assert sane(TODAY, TODAY) and sane(EARLIEST, TODAY)
    assert not sane(EARLIEST - dt.timedelta(days=1), TODAY)
    assert not sane(TODAY + dt.timedelta(days=2), TODAY)
