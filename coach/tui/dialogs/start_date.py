"""Give the plan's start date over home, when the content asks for one
(``Journal.set_plan_start``, the same write as ``coach plan --start``)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from coach.tui.dialogs.plan_form import FORM_CSS
from coach.tui.literal import clean
from coach.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    pass


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

    DEFAULT_CSS = FORM_CSS.format(name="StartDateScreen")
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
        yield KeyBar(first=("escape",))

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


__all__ = ["StartDateScreen", "parse_day"]
