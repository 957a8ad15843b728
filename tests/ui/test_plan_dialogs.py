"""Home's plan keys: log an activity (l), give the start date (d) and set the level for the
next session (v), over a real journal.

Home posts an intent; the app opens the dialog and queues the write to the journal's writer
(never the UI thread); "Logged" is said once it is written, and home shows it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from textual.widgets import Input, OptionList

from coach.engine.clock import FakeClock
from coach.journal.figures import figures_for, read_journal
from coach.journal.store import Journal
from coach.pack.model import Program
from coach.pack.validate import validate
from coach.tui.app import CoachApp
from coach.tui.dialogs.log_activity import LogActivityScreen
from coach.tui.dialogs.set_level import SetLevelScreen
from coach.tui.dialogs.start_date import StartDateScreen
from coach.tui.screens.home import HomeScreen
from tests.helpers import wait_for
from tests.screen import notifications, text_of
from tests.snapshots.apps.journal_data import PROGRAM, pack

SIZE = (80, 24)
CLOCK_DAY = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)


def make(journal: Journal, *, asks: bool = False) -> CoachApp:
    content = pack()
    if asks:
        plan = {"sessions": "2-3", "per": "week", "start": {"ask": "When did it end?"}}
        program = validate(Program, {**PROGRAM, "plan": plan})
        content = dataclasses.replace(content, program=program)
    clock = FakeClock(wall=CLOCK_DAY)
    return CoachApp(pack=content, journal=journal, clock=clock, watch_content=False)

    def clock_now(self) -> dt.datetime:  # as CoachApp: the time by the app's clock
        return dt.datetime.now().astimezone()

    def today(self) -> dt.date:
        return self.clock_now().date()


async def test_log_an_activity_with_one_key(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        app = make(journal)
        async with app.run_test(size=SIZE) as pilot:
            with notifications(app) as said:
                await pilot.press("l")
                await wait_for(pilot, lambda: isinstance(app.screen, LogActivityScreen))
                assert app.screen.query_one(OptionList).option_count == 1
                await pilot.press("enter")
                await wait_for(pilot, lambda: any("Logged" in line for line in said))
            assert isinstance(app.screen, HomeScreen)
            (logged,) = journal.activities("test-pack")  # before the app closes its journal
            assert logged.activity_id == "intercourse" and logged.day == CLOCK_DAY.date()
            assert journal.sessions() == []


async def test_escape_logs_nothing(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        app = make(journal)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("l")
            await wait_for(pilot, lambda: isinstance(app.screen, LogActivityScreen))
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
            await pilot.pause()
            assert journal.activities() == []


async def test_the_start_date_is_asked_checked_and_kept(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        app = make(journal, asks=True)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("d")
            await wait_for(pilot, lambda: isinstance(app.screen, StartDateScreen))
            screen = app.screen
            await pilot.press(*"1 March", "enter")
            await pilot.pause()
            error = text_of(screen.query_one("#start-error"))
            assert "is not a date: type it as YYYY-MM-DD" in error
            field = screen.query_one("#start-date", Input)
            field.value = "2026-03-01"
            await pilot.press("enter")
            await wait_for(pilot, lambda: journal.plan_start("test-pack") is not None)
            assert journal.plan_start("test-pack") == dt.date(2026, 3, 1)


async def test_the_level_for_the_next_session_is_set_and_kept_with_who_set_it(
    tmp_path: Path,
) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        app = make(journal)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("v")
            await wait_for(pilot, lambda: isinstance(app.screen, SetLevelScreen))
            levels = app.screen.query_one("#levels", OptionList)
            assert levels.highlighted == 0  # the level the plan has for the next session
            await pilot.press("down", "down", "enter")
            await wait_for(pilot, lambda: bool(journal.level_changes("test-pack")))
            assert isinstance(app.screen, HomeScreen)
            # Read before the app closes its journal.
            (change,) = journal.level_changes("test-pack")
            assert (change.level_id, change.set_by) == ("size-3", "person")
            view = read_journal(journal, "test-pack")
            assert app.pack is not None
            assert figures_for(app.pack, view, CLOCK_DAY.date()).next_level.id == "size-3"
