"""Content problems, shown in the app: what is wrong, where, and that nothing was lost."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from coach.pack.errors import PackError
from coach.tui.editor import problem_request
from coach.tui.literal import literal
from coach.tui.messages import Quit


class ProblemsScreen(ModalScreen[None]):
    CSS_PATH = "problems.tcss"
    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("q", "quit", "Quit"),
        Binding("f4", "edit", "Edit", tooltip="The first problem's file, at its line"),
    ]

    def __init__(
        self,
        error: PackError,
        *,
        keeping_last_good: bool,
        command: str = "coach check",
        can_quit: bool = True,
    ) -> None:
        """``can_quit``: False over a running session, where q must not end everything."""
        super().__init__()
        self.command = command
        self.error = error
        self.keeping_last_good = keeping_last_good
        self.can_quit = can_quit

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "quit":
            return self.can_quit
        return True

    def action_quit(self) -> None:
        self.post_message(Quit())

    def action_edit(self) -> None:  # issue 15: see coach.tui.editor
        first = next((p for p in self.error.problems if p.path), None)
        if first is not None:
            self.post_message(problem_request(first.path, first.line))

    def compose(self) -> ComposeResult:
        count = len(self.error.problems)
        with VerticalScroll(id="problems-box"):
            yield Static(
                literal(f"The content has {count} problem{'s' if count != 1 else ''}", "bold"),
                id="problems-title",
            )
            yield Static(
                literal(
                    "coach keeps showing the last content that worked; fix the file and save, "
                    "and it reloads by itself."
                    if self.keeping_last_good
                    else "Fix the file and save: coach reloads it by itself. "
                    f"'{self.command}' prints the same list in a terminal."
                ),
                id="problems-help",
            )
            yield Static(literal(self.error.render(Path.cwd())), id="problems-list")
        yield Footer()
