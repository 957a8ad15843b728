"""Two small dialogs over home for the plan: log an activity, and give the plan's start date.

Thin over the journal: :func:`log_activity` and :func:`set_start_date` push a dialog, write
what the person chose (``Journal.log_activity`` / ``Journal.set_plan_start``) and say so. The
same writes as ``coach log`` and ``coach plan --start``.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from coach.ui.text import clean

if TYPE_CHECKING:
    from coach.pack.model import Activity
    from coach.ui.app import CoachApp

_CSS = """
{name} {{
    align: center middle;
}}
{name} > Vertical {{
    width: 64;
    max-width: 100%;
    height: auto;
    max-height: 100%;
    border: thick $primary;
    background: $surface;
    padding: 0 1;
}}
{name} .dialog-title {{
    text-style: bold;
    margin-bottom: 1;
}}
{name} .dialog-error {{
    color: $error;
    height: auto;
}}
"""


class LogActivityScreen(ModalScreen[str | None]):
    """Pick one of the content's log-only activities; answers with its id, or None."""

    DEFAULT_CSS = _CSS.format(name="LogActivityScreen")
    BINDINGS: ClassVar = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, activities: list[Activity]) -> None:
        super().__init__()
        self.activities = activities

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("Log an activity for today (no timer)"), classes="dialog-title")
            yield OptionList(
                *[
                    Option(
                        Content(clean(a.title + ("" if a.counts else " (not counted)"))), id=a.id
                    )
                    for a in self.activities
                ],
                id="activities",
            )
        yield Footer()

    @on(OptionList.OptionSelected, "#activities")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def parse_day(text: str, today: dt.date) -> dt.date:
    """A typed date; ValueError saying why it is refused."""
    text = text.strip()
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"{text!r} is not a date: type it as YYYY-MM-DD, e.g. 2026-03-01."
        ) from None
    if day > today + dt.timedelta(days=366):
        raise ValueError("That date is more than a year away.")
    return day


class StartDateScreen(ModalScreen[dt.date | None]):
    """Ask for the date the plan starts from (the content's question); answers with it, or None."""

    DEFAULT_CSS = _CSS.format(name="StartDateScreen")
    BINDINGS: ClassVar = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, current: dt.date | None, today: dt.date) -> None:
        super().__init__()
        self.question = question
        self.current = current
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(clean(self.question)), classes="dialog-title")
            yield Input(
                value=self.current.isoformat() if self.current else "",
                placeholder="YYYY-MM-DD",
                id="start-date",
            )
            yield Static(id="start-error", classes="dialog-error")
        yield Footer()

    @on(Input.Submitted, "#start-date")
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            day = parse_day(event.value, self.today)
        except ValueError as exc:
            self.query_one("#start-error", Static).update(Content(str(exc)))
            return
        self.dismiss(day)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _write(app: CoachApp, what: Callable[[], None], done: str) -> None:
    try:
        what()
    except (sqlite3.Error, OSError) as exc:
        app.notify(
            clean(f"Your journal cannot be written ({exc})."), severity="error", markup=False
        )
        return
    app.notify(clean(done), timeout=4, markup=False)
    refresh = getattr(app.screen, "on_screen_resume", None)
    if callable(refresh):  # home shows the new figures at once
        refresh()


def log_activity(app: CoachApp) -> None:
    """Home's key: choose an activity and log it for today."""
    pack, journal = app.pack, app.journal
    activities = list(pack.program.activities) if pack and pack.program else []
    if pack is None or journal is None or not activities:
        app.notify("This programme defines no activities to log.", timeout=4)
        return

    def chosen(activity_id: str | None) -> None:
        activity = next((a for a in activities if a.id == activity_id), None)
        if activity is None:
            return
        _write(
            app,
            lambda: journal.log_activity(
                pack_id=pack.info.id,
                activity_id=activity.id,
                title=activity.title,
                counts=activity.counts,
                day=dt.date.today(),
            ),
            f"Logged: {activity.title}.",
        )

    app.push_screen(LogActivityScreen(activities), chosen)


def set_start_date(app: CoachApp) -> None:
    """Home's key: give the date the plan starts from, when the content asks for one."""
    pack, journal = app.pack, app.journal
    ask = pack.program.plan.start.ask if pack and pack.program else None
    if pack is None or journal is None or not ask:
        app.notify("This programme starts with your first session: no date to set.", timeout=4)
        return
    today = dt.date.today()

    def chosen(day: dt.date | None) -> None:
        if day is not None:
            _write(
                app,
                lambda: journal.set_plan_start(pack.info.id, day),
                f"Start date set: {day.isoformat()}.",
            )

    app.push_screen(StartDateScreen(ask, journal.plan_start(pack.info.id), today), chosen)


__all__ = ["LogActivityScreen", "StartDateScreen", "log_activity", "parse_day", "set_start_date"]
