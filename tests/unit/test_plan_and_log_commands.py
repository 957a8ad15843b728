"""`coach plan` (the plan, where the person stands, --start) and `coach log ACTIVITY`."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
from types import ModuleType

import pytest

from coach.cli import log, plan
from coach.cli.arguments import configure
from coach.journal.figures import figures_for, read_journal
from coach.journal.store import Journal
from coach.pack.model import Program
from coach.pack.validate import validate
from tests.snapshots.apps.journal_data import PROGRAM, fill, pack, record


def dated_pack():
    program = validate(
        Program,
        {
            **PROGRAM,
            "plan": {
                "sessions": "2-3",
                "per": "week",
                "start": {"ask": "When did your treatment end?", "window": "2-8 weeks"},
                "review_after": "12 weeks",
            },
        },
    )
    return dataclasses.replace(pack(), program=program)


@pytest.fixture(autouse=True)
def commands_read_the_test_pack(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("coach.cli.common.load_pack_or_exit", lambda args: dated_pack())


def run(module: ModuleType, *argv: str) -> int:
    parser = argparse.ArgumentParser()
    configure(module.__name__.rpartition(".")[2], parser)
    args = parser.parse_args(argv)
    args.content = None
    return module.run(args)


def test_plan_before_a_start_date_says_how_to_set_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(plan) == 0
    out = capsys.readouterr().out
    assert out.startswith("Plan: 2-3 sessions a week\n")
    assert "Start: When did your treatment end?, starting 2-8 weeks after it" in out
    assert "Review: after 12 weeks" in out
    assert "Log: coach log intercourse" in out
    assert "set it with 'coach plan --start'" in out


def test_plan_start_is_kept_and_the_window_shown(capsys: pytest.CaptureFixture[str]) -> None:
    ended = dt.date.today() - dt.timedelta(days=7)
    assert run(plan, "--start", ended.isoformat()) == 0
    out = capsys.readouterr().out
    assert f"Start date set: {ended.isoformat()}." in out
    assert "Start between" in out and "not yet" in out
    with Journal.open() as journal:
        assert journal.plan_start("test-pack") == ended
    assert run(plan) == 0
    assert "not yet" in capsys.readouterr().out  # kept in the journal


def test_plan_once_started(capsys: pytest.CaptureFixture[str]) -> None:
    today = dt.date.today()
    with Journal.open() as journal:
        fill(journal, [record(today - dt.timedelta(days=2))])
    assert run(plan, "--start", (today - dt.timedelta(days=30)).isoformat()) == 0
    out = capsys.readouterr().out
    assert "Started" in out and "(day 3)" in out and "Review due" in out
    assert "Now: Size 1 of 4 · day 3 · " in out


def test_plan_refuses_a_bad_date(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run(plan, "--start", "soon")
    far = dt.date.today() + dt.timedelta(days=400)
    assert run(plan, "--start", far.isoformat()) == 2


def test_log_an_activity_counts_toward_the_plan(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(log) == 0
    assert "intercourse: Intercourse instead of a session (counts as a session)" in (
        capsys.readouterr().out
    )
    assert run(log, "intercourse", "--note", "relaxed") == 0
    out = capsys.readouterr().out
    assert out.startswith("Logged: Intercourse instead of a session, ")
    with Journal.open() as journal:
        figures = figures_for(dated_pack(), read_journal(journal, "test-pack"), dt.date.today())
    assert figures.done == 1 and out.splitlines()[1] == figures.summary
    with Journal.open() as journal:
        (activity,) = journal.activities("test-pack")
        assert (activity.activity_id, activity.counts, activity.note) == (
            "intercourse",
            True,
            "relaxed",
        )
        assert journal.sessions() == []  # no fake session, no timer


def test_log_refuses_an_unknown_activity_or_a_future_day(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(log, "dancing") == 2
    assert "no activity 'dancing'; known: intercourse" in capsys.readouterr().err
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    assert run(log, "intercourse", "--date", tomorrow.isoformat()) == 2


def test_a_note_with_bytes_that_are_not_utf8_is_kept(capsys: pytest.CaptureFixture[str]) -> None:
    """A shell passes such bytes as surrogate escapes: the note is kept, each with U+FFFD in
    place of what could not be read, and the person is told (issue 21)."""
    assert run(log, "intercourse", "--note", "felt caf\udce9 ok") == 0
    assert "could not be read" in capsys.readouterr().err
    with Journal.open() as journal:
        (activity,) = journal.activities("test-pack")
    assert activity.note == "felt caf\ufffd ok"
