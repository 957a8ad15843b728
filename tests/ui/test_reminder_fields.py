"""The reminder fields widget, hosted as the settings screen hosts it."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input

from coach.system.settings import Settings
from coach.tui.widgets.reminder_fields import ReminderFields


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


async def test_a_bad_value_keeps_the_saved_one_and_says_so() -> None:
    app = Host(Settings(reminder_days="mon", reminder_time="07:00"))
    async with app.run_test() as pilot:
        days = app.query_one("#reminder-days", Input)
        days.value = "someday"
        app.query_one("#reminder-time", Input).value = "25:00"
        await pilot.pause()
        assert days.validate(days.value) is not None and not days.validate(days.value).is_valid
        assert app.query_one(ReminderFields).changes() == {}
        await pilot.pause()
        assert len(app._notifications) == 2
