"""The settings screen's two reminder fields: the days and the time picked for sessions.

``coach plan --ics`` and ``coach status`` read them (``reminder_days``, ``reminder_time``).
A self-contained widget so the settings screen adds it with two lines: yield it in
``compose``, and merge :meth:`ReminderFields.changes` into the settings it saves.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.validation import ValidationResult, Validator
from textual.widgets import Input, Label

from coach.system.schedule import ScheduleError, format_days, parse_days, parse_time
from coach.system.settings import Settings


class _Days(Validator):
    def validate(self, value: str) -> ValidationResult:
        try:
            parse_days(value)
        except ScheduleError as exc:
            return self.failure(str(exc))
        return self.success()


class _Time(Validator):
    def validate(self, value: str) -> ValidationResult:
        if not value.strip():
            return self.success()
        try:
            parse_time(value)
        except ScheduleError as exc:
            return self.failure(str(exc))
        return self.success()


class ReminderFields(Vertical):
    DEFAULT_CSS = """
    ReminderFields { height: auto; }
    ReminderFields Input { width: 40; }
    ReminderFields .hint { color: $text-muted; }
    """

    def __init__(self, settings: Settings) -> None:
        super().__init__(id="reminder-fields")
        self.settings = settings

    def compose(self) -> ComposeResult:
        yield Label("Session days, for 'coach plan --ics' and 'coach status' (e.g. mon,wed,fri)")
        yield Input(
            self.settings.reminder_days,
            placeholder="mon,wed,fri",
            validators=[_Days()],
            id="reminder-days",
        )
        yield Label("Session time (24-hour, e.g. 19:30)")
        yield Input(
            self.settings.reminder_time,
            placeholder="19:30",
            validators=[_Time()],
            id="reminder-time",
        )

    def changes(self) -> dict[str, str]:
        """The fields' values, tidied ("Mon, fri" -> "mon,fri"); a field that does not read
        keeps the saved value, and the person is told."""
        out: dict[str, str] = {}
        days = self.query_one("#reminder-days", Input).value
        time = self.query_one("#reminder-time", Input).value.strip()
        try:
            out["reminder_days"] = format_days(parse_days(days))
        except ScheduleError as exc:
            self.app.notify(f"Days not changed: {exc}", severity="warning", markup=False)
        try:
            out["reminder_time"] = f"{parse_time(time):%H:%M}" if time else ""
        except ScheduleError as exc:
            self.app.notify(f"Time not changed: {exc}", severity="warning", markup=False)
        return out
