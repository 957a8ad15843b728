"""Log an activity over home: pick one of the content's log-only activities, logged for today
(``Journal.log_activity``, the same write as ``coach log``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from coach.tui.dialogs.plan_form import FORM_CSS
from coach.tui.literal import clean
from coach.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from coach.pack.model import Activity


class LogActivityScreen(ModalScreen[str | None]):
    """Pick one of the content's log-only activities; answers with its id, or None."""

    DEFAULT_CSS = FORM_CSS.format(name="LogActivityScreen")
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
        yield KeyBar(first=("escape",))

    @on(OptionList.OptionSelected, "#activities")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
