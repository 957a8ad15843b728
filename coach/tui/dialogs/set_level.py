"""Set the level (size) for the next sessions over home: one of the content's levels, kept in
the journal with who set it (``Journal.set_level``, the same write as ``coach plan --level``)."""

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
    from coach.pack.model import Level


class SetLevelScreen(ModalScreen[str | None]):
    """Pick the level for the next sessions; answers with its id, or None."""

    DEFAULT_CSS = FORM_CSS.format(name="SetLevelScreen")
    BINDINGS: ClassVar = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, levels: list[Level], current: int) -> None:
        super().__init__()
        self.title_text = title
        self.levels = levels
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(clean(self.title_text)), classes="dialog-title")
            yield OptionList(
                *[Option(Content(clean(level.name)), id=level.id) for level in self.levels],
                id="levels",
            )
        yield KeyBar(first=("escape",))

    def on_mount(self) -> None:
        self.query_one("#levels", OptionList).highlighted = self.current

    @on(OptionList.OptionSelected, "#levels")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


__all__ = ["SetLevelScreen"]
