"""A yes/no question as a modal screen: pushed with a callback, it answers with a bool."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from coach.tui.literal import literal
from coach.tui.widgets.key_bar import KeyBar


class ConfirmDialog(ModalScreen[bool]):
    """Asks one question. ``y`` answers yes; ``n`` and ``escape`` answer no.

    The "no" button has the focus, so a stray ``enter`` never does the drastic thing.
    The question is shown literally (never as markup).
    """

    DEFAULT_CSS = """
    ConfirmDialog {
        align: center middle;
    }
    /* A set width, not auto: auto sizes the box to the longest line unwrapped, and the
       screen's edge then cut the sentence; here it wraps inside the box at any width. */
    ConfirmDialog > #confirm-box {
        width: 64;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        padding: 1 2;
        border: thick $primary;
        background: $surface;
    }
    ConfirmDialog #confirm-question {
        width: 1fr;
        text-style: bold;
    }
    ConfirmDialog #confirm-detail {
        width: 1fr;
        color: $text-muted;
        margin-top: 1;
    }
    ConfirmDialog #confirm-buttons {
        width: auto;
        height: auto;
        margin-top: 1;
    }
    ConfirmDialog Button {
        margin-right: 2;
    }
    """

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(
        self,
        question: str | Content,
        *,
        detail: str | Content | None = None,
        yes: str = "Yes",
        no: str = "No",
    ) -> None:
        super().__init__()
        self._question = question
        self._detail = detail
        self._yes = yes
        self._no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(_shown(self._question), id="confirm-question")
            if self._detail:
                yield Static(_shown(self._detail), id="confirm-detail")
            with Horizontal(id="confirm-buttons"):
                yield Button(literal(f"{self._yes} (y)"), id="confirm-yes", variant="error")
                yield Button(literal(f"{self._no} (n)"), id="confirm-no", variant="primary")
        # Over the screen's own: these keys apply now.
        yield KeyBar(first=("y", "n"), show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed, "#confirm-yes")
    def _yes_pressed(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def _no_pressed(self) -> None:
        self.dismiss(False)


def _shown(text: str | Content) -> Content:
    return text if isinstance(text, Content) else literal(text)
