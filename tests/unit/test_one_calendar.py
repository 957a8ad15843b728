"""One definition of the week, the first week's target and what is due next (issue 22 item 3,
issue 23 item 6): every view reads coach.journal.pace through the figures or the status
summary. Changing the week's first day in that one place moves every view; and for random
journals and programmes, every view gives the same "done", "target" and "next" for one day."""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as dt
import io
import json
import re
from html import escape
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.cli import history, plan, report
from coach.cli.arguments import configure
from coach.journal import pace, status_summary
from coach.journal.figures import Figures, figures_for, read_journal, weeks
from coach.journal.records import SessionRecord
from coach.journal.status_refresh import refresh
from coach.journal.status_summary import read_summary
from coach.journal.store import Journal
from coach.outputs.report import build_report
from coach.outputs.status_line import Status
from coach.pack.model import Pack, Program
from coach.pack.validate import validate
from coach.system import paths
from coach.tui.progress import progress_lines
from coach.tui.screens.history import overview
from tests.snapshots.apps.journal_data import PROGRAM, fill, pack, record

MON = dt.date(2026, 3, 9)  # a Monday
SUN, SAT = MON - dt.timedelta(days=1), MON - dt.timedelta(days=2)


def test_the_weeks_first_day_is_set_in_one_place(monkeypatch: pytest.MonkeyPatch) -> None:
    """Weeks from Monday: Saturday's and Sunday's sessions were last week. Set the week to
    start on Sunday in coach.journal.pace alone: home's count, the history chart, the report's
    weekly table and the status line all follow."""
    p = pack()
    sessions = [record(SAT), record(SUN)]

    def views() -> tuple[int, dt.date, str, str]:
        figures = figures_for(p, _view(sessions), MON)
        chart = weeks(p, sessions, until=MON)
        text = build_report(sessions, pack=p, pack_title="t", today=MON)
        line = Status(_summary(p, sessions, MON), MON).line()
        return figures.done, chart[-1].start, text, line

    done, last_week_start, text, line = views()
    assert (done, last_week_start) == (0, MON)
    assert " · 0 of 2-3 this week · " in line
    monkeypatch.setattr(pace, "WEEK_STARTS_ON", 6)  # Sunday
    done, last_week_start, text, line = views()
    assert (done, last_week_start) == (1, SUN)
    assert "- **Done:** 1 of 2-3 this week" in text
    assert re.search(r"^\| 8 Mar 2026 \| 1 \|", text, re.M)  # the week from Sunday 8 March
    assert " · 1 of 2-3 this week · " in line


def test_the_first_week_rule_is_said_the_same_everywhere() -> None:
    p = pack()
    thu = MON + dt.timedelta(days=3)
    sessions = [record(thu)]
    figures = figures_for(p, _view(sessions), thu)
    words = "1 of 1-2 this week: your plan started on Thursday"
    assert figures.done_text == words
    assert f" · {words} · " in Status(_summary(p, sessions, thu), thu).line()
    assert f"- **Done:** {words}" in build_report(sessions, pack=p, pack_title="t", today=thu)


def _view(sessions: list[SessionRecord]):
    from coach.journal.figures import JournalView

    return JournalView(sessions=sessions, activities=[], start_given=None, unreadable=0)


def _summary(p: Pack, sessions: list[SessionRecord], today: dt.date):
    from coach.journal.status_refresh import summary_from

    return summary_from(p, sessions, today)


# --- every view, the same figures --------------------------------------------------------------


def _run(module: ModuleType, capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    parser = argparse.ArgumentParser()
    configure(module.__name__.rpartition(".")[2], parser)
    args = parser.parse_args(argv)
    args.content = None
    args.discreet = False
    assert module.run(args) == 0
    return capsys.readouterr().out


sessions_strategy = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=20),  # days ago
        st.sampled_from(["done", "early", "pain", "skipped", "drill"]),
        st.sampled_from(["size-1", "size-2"]),
    ),
    max_size=8,
)
plans = st.fixed_dictionaries(
    {
        "sessions": st.sampled_from(["1", "2", "2-3", "3-4"]),
        "per": st.sampled_from(["day", "week"]),
    },
    optional={"length": st.sampled_from(["1 week", "3 weeks", "at least 1 week", "ongoing"])},
)
windows = st.one_of(st.none(), st.integers(min_value=-80, max_value=10))  # start given, days


def _session(today: dt.date, ago: int, how: str, level: str, hour: int) -> SessionRecord:
    day = today - dt.timedelta(days=ago)
    if how == "early":
        return record(day, hour=hour, level=level, completed=False, finish_reason="ended")
    if how == "pain":
        return record(day, hour=hour, level=level, pain_stop=True, completed=False, pain=True)
    if how == "skipped":
        return record(day, hour=hour, level=level, steps_done=0)
    if how == "drill":
        return record(
            day, hour=hour, level=None, counts_as_session=False, protocol_id="control-drill"
        )
    return record(day, hour=hour, level=level)


class Holder:
    pack: Pack = pack()


@pytest.fixture
def active(monkeypatch: pytest.MonkeyPatch) -> Holder:
    holder = Holder()
    monkeypatch.setattr("coach.cli.common.load_pack_or_exit", lambda args: holder.pack)
    return holder


def _clear() -> None:
    for path in [paths.journal_file(), *paths.data_dir().glob("journal.sqlite3*")]:
        path.unlink(missing_ok=True)
    summary = status_summary.summary_path()
    if paths.data_dir().is_dir():
        paths.Path(summary).unlink(missing_ok=True)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=sessions_strategy, plan_of=plans, given_ago=windows, activities=st.integers(0, 2))
def test_every_view_gives_the_same_done_target_and_next(
    active: Holder,
    capsys: pytest.CaptureFixture[str],
    rows: list[tuple[int, str, str]],
    plan_of: dict[str, str],
    given_ago: int | None,
    activities: int,
) -> None:
    today = dt.date.today()
    start = {"ask": "When?", "window": "1-3 weeks"} if given_ago is not None else {}
    program = validate(
        Program,
        {
            **PROGRAM,
            "plan": {**plan_of, "start": start},
            "activities": [{"id": "walk", "title": "A walk"}],
        },
    )
    p = dataclasses.replace(pack(), program=program)
    active.pack = p
    _clear()
    with Journal.open() as journal:
        fill(journal, [_session(today, *row, hour=6 + i) for i, row in enumerate(rows)])
        for n in range(activities):
            journal.log_activity(
                pack_id=p.info.id,
                activity_id="walk",
                title="A walk",
                counts=True,
                day=today - dt.timedelta(days=n),
            )
        if given_ago is not None:
            journal.set_plan_start(p.info.id, today - dt.timedelta(days=given_ago))
        figures = figures_for(p, read_journal(journal, p.info.id), today)
        home, _advice = progress_lines(p, journal, today)
        screen = overview(journal, p, today)
        refresh(p, journal, today)
    target = str(figures.target_now) if figures.target_now is not None else None
    done_text, next_text = figures.done_text, figures.due_next

    # home and the history screen
    assert home.splitlines()[:2] == [figures.summary, next_text]
    assert screen.headline.startswith(f"{figures.summary} · ")
    # coach plan
    planned = _run(plan, capsys)
    assert f"Now: {figures.summary}\n" in planned and f"Next: {next_text}\n" in planned
    # coach status, as text and json
    status = Status(read_summary(p.info.id), today)
    data = status.as_dict()
    assert (data["done"], data["target"]) == (figures.done, target)
    assert data["next"] == (figures.next_day.isoformat() if figures.next_day else None)
    assert status.done_words == done_text and done_text in status.line()
    # the report, Markdown and HTML
    text = _run(report, capsys)
    assert f"- **Done:** {done_text}\n" in text and f"- **Next:** {next_text}\n" in text
    html = _run(report, capsys, "--format", "html")
    assert f"<dt>Done</dt><dd>{escape(done_text)}</dd>" in html
    assert f"<dt>Next</dt><dd>{escape(next_text)}</dd>" in html
    # coach history: its table's last line, its CSV and JSON rows counted in the plan's unit
    if rows or activities:
        table = _run(history, capsys)
        assert table.rstrip().splitlines()[-1] == f"{figures.summary} · {figures.label}"
    since = today if plan_of["per"] == "day" else pace.week_start(today)
    csv_rows = list(csv.DictReader(io.StringIO(_run(history, capsys, "--format", "csv"))))
    counted = [r for r in csv_rows if dt.date.fromisoformat(r["date"]) >= since]
    assert sum(r["counts"] == "yes" for r in counted) == figures.done
    rows_json = json.loads(_run(history, capsys, "--format", "json"))
    counted_json = [r for r in rows_json if dt.date.fromisoformat(r["date"]) >= since]
    assert sum(r["counts"] is True for r in counted_json) == figures.done
    _consistent(figures)


def _consistent(figures: Figures) -> None:
    """What the figures say of themselves agrees: nothing asked, no target, no next."""
    if figures.waiting:
        assert figures.target_now is None and figures.next_day == figures.standing.window_from
    if figures.ended:
        assert figures.target_now is None and figures.next_day is None
