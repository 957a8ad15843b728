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
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from coach.journal.figures import figures_for, read_journal
from coach.tui.dialogs.plan_form import FORM_CSS, write_and_say
from coach.tui.literal import clean

if TYPE_CHECKING:
    from coach.pack.model import Level
    from coach.tui.app import CoachApp


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
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#levels", OptionList).highlighted = self.current

    @on(OptionList.OptionSelected, "#levels")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def set_level(app: CoachApp) -> None:
    """Home's key and the palette's entry: choose the level for the next sessions."""
    pack, journal = app.pack, app.journal
    program = pack.program if pack else None
    if pack is None or journal is None or program is None or len(program.levels) < 2:
        app.notify("This programme has no levels to choose from.", timeout=4)
        return
    current = figures_for(pack, read_journal(journal, pack.info.id), app.today()).next_level
    by = "clinician" if program.levels_set_by == "clinician" else "person"
    noun = program.level_noun
    title = (
        f"The {noun} your clinician set for your next sessions"
        if by == "clinician"
        else f"The {noun} for your next sessions"
    )

    def chosen(level_id: str | None) -> None:
        level = next((lv for lv in program.levels if lv.id == level_id), None)
        if level is None:
            return
        write_and_say(
            app,
            lambda: journal.set_level(pack.info.id, level.id, by, app.clock_now()),
            f"Set for your next session: {level.name}.",
        )

    index = program.level_index(current.id) or 0
    app.push_screen(SetLevelScreen(title, list(program.levels), index), chosen)


__all__ = ["SetLevelScreen", "set_level"]
