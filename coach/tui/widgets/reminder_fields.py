"""The settings screen's two reminder fields: the days and the time picked for sessions.

``coach plan --ics`` and ``coach status`` read them (``reminder_days``, ``reminder_time``).
A self-contained widget so the settings screen adds it with two lines: yield it in
``compose``, and merge :meth:`ReminderFields.changes` into the settings it saves. A value
that does not read stays in its field, with the reason beside it, and nothing is saved.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.validation import ValidationResult, Validator
from textual.widgets import Input, Label, Static

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


class Refused(ValueError):
    """A reminder field does not read; the field says why, beside it."""


class ReminderFields(Vertical):
    DEFAULT_CSS = """
    ReminderFields { height: auto; }
    ReminderFields Input { width: 40; }
    ReminderFields .field-error { color: $text-error; height: auto; display: none; }
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
        yield Static(id="reminder-days-error", classes="field-error", markup=False)
        yield Label("Session time (24-hour, e.g. 19:30)")
        yield Input(
            self.settings.reminder_time,
            placeholder="19:30",
            validators=[_Time()],
            id="reminder-time",
        )
        yield Static(id="reminder-time-error", classes="field-error", markup=False)

    def changes(self) -> dict[str, str]:
        """The fields' values, tidied ("Mon, fri" -> "mon,fri"). :class:`Refused` when a field
        does not read: what was typed stays, the reason is shown beside it, and the first
        such field has the focus."""
        days_field = self.query_one("#reminder-days", Input)
        time_field = self.query_one("#reminder-time", Input)
        out: dict[str, str] = {}
        refused: list[Input] = []
        try:
            out["reminder_days"] = format_days(parse_days(days_field.value))
            self._say(days_field, "")
        except ScheduleError as exc:
            self._say(days_field, _sentence(exc))
            refused.append(days_field)
        time = time_field.value.strip()
        try:
            out["reminder_time"] = f"{parse_time(time):%H:%M}" if time else ""
            self._say(time_field, "")
        except ScheduleError as exc:
            self._say(time_field, _sentence(exc))
            refused.append(time_field)
        if refused:
            refused[0].focus()
            raise Refused(", ".join(str(field.id) for field in refused))
        return out

    def _say(self, field: Input, reason: str) -> None:
        """Show (or clear) why ``field``'s value is refused, right under it."""
        error = self.query_one(f"#{field.id}-error", Static)
        error.update(Content(reason))
        error.display = bool(reason)

    @on(Input.Changed)
    def _recheck(self, event: Input.Changed) -> None:
        """A refusal shown goes once the value reads (it is never shown while typing)."""
        error = self.query_one(f"#{event.input.id}-error", Static)
        if error.display and event.validation_result and event.validation_result.is_valid:
            self._say(event.input, "")


def _sentence(exc: ScheduleError) -> str:
    """ "cannot read '7pm' as a time: ..." -> "Cannot read '7pm' as a time: ...."."""
    text = str(exc)
    return f"{text[:1].upper()}{text[1:]}."
