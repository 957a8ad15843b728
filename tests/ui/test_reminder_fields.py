"""The reminder fields widget, hosted as the settings screen hosts it."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Input, Static

from coach.system.settings import Settings
from coach.tui.widgets.reminder_fields import Refused, ReminderFields
from tests.screen import text_of


class Host(App[None]):
    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings

    def compose(self) -> ComposeResult:
        yield ReminderFields(self.settings)


async def test_fields_show_and_tidy_the_values() -> None:
    app = Host(Settings(reminder_days="mon", reminder_time="7:00"))
    async with app.run_test() as pilot:
        fields = app.query_one(ReminderFields)
        assert app.query_one("#reminder-days", Input).value == "mon"
        app.query_one("#reminder-days", Input).value = "Friday, mon"
        app.query_one("#reminder-time", Input).value = "7:05"
        await pilot.pause()
        assert fields.changes() == {"reminder_days": "mon,fri", "reminder_time": "07:05"}
        settings = app.settings.with_changes(**fields.changes())
        assert (settings.reminder_days, settings.reminder_time) == ("mon,fri", "07:05")


async def test_a_bad_value_stays_in_its_field_with_the_reason_beside_it() -> None:
    app = Host(Settings(reminder_days="mon", reminder_time="07:00"))
    async with app.run_test() as pilot:
        days = app.query_one("#reminder-days", Input)
        days.value = "someday"
        app.query_one("#reminder-time", Input).value = "7pm"
        await pilot.pause()
        with pytest.raises(Refused):
            app.query_one(ReminderFields).changes()
        await pilot.pause()
        assert days.value == "someday" and app.query_one("#reminder-time", Input).value == "7pm"
        assert app.focused is days  # the first field to fix
        assert text_of(app.query_one("#reminder-time-error", Static)) == (
            "Cannot read '7pm' as a time: use HH:MM, e.g. 19:30."
        )
        assert "Unknown day 'someday'" in text_of(app.query_one("#reminder-days-error", Static))
        assert not app._notifications  # beside the field, not a toast that goes away
        app.query_one("#reminder-time", Input).value = "19:00"  # fixed: its reason goes
        await pilot.pause()
        assert not app.query_one("#reminder-time-error", Static).display
        assert app.query_one("#reminder-days-error", Static).display
