"""Home's plan keys: log an activity (l) and give the start date (d), over a real journal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.app import App
from textual.widgets import Input, OptionList

from coach.journal.store import Journal
from coach.pack.model import Program
from coach.tui.dialogs.log_activity import LogActivityScreen, log_activity
from coach.tui.dialogs.start_date import StartDateScreen, set_start_date
from tests.screen import text_of
from tests.snapshots.apps.journal_data import PROGRAM, pack

SIZE = (80, 24)


class Host(App[None]):
    def __init__(self, journal: Journal, asks: bool = False) -> None:
        super().__init__()
        self.journal = journal
        self.pack = pack()
        if asks:
            plan = {"sessions": "2-3", "per": "week", "start": {"ask": "When did it end?"}}
            program = Program.model_validate({**PROGRAM, "plan": plan})
            self.pack = self.pack.model_copy(update={"program": program})


async def test_log_an_activity_with_one_key(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        app = Host(journal)
        async with app.run_test(size=SIZE) as pilot:
            log_activity(app)  # type: ignore[arg-type]
            await pilot.pause()
            assert isinstance(app.screen, LogActivityScreen)
            assert app.screen.query_one(OptionList).option_count == 1
            await pilot.press("enter")
            await pilot.pause()
        (logged,) = journal.activities("test-pack")
        assert logged.activity_id == "intercourse" and logged.day == dt.date.today()
        assert journal.sessions() == []


async def test_escape_logs_nothing(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        app = Host(journal)
        async with app.run_test(size=SIZE) as pilot:
            log_activity(app)  # type: ignore[arg-type]
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
        assert journal.activities() == []


async def test_the_start_date_is_asked_checked_and_kept(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        app = Host(journal, asks=True)
        async with app.run_test(size=SIZE) as pilot:
            set_start_date(app)  # type: ignore[arg-type]
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, StartDateScreen)
            await pilot.press(*"1 March", "enter")
            await pilot.pause()
            error = text_of(screen.query_one("#start-error"))
            assert "is not a date: type it as YYYY-MM-DD" in error
            field = screen.query_one("#start-date", Input)
            field.value = "2026-03-01"
            await pilot.press("enter")
            await pilot.pause()
        assert journal.plan_start("test-pack") == dt.date(2026, 3, 1)
