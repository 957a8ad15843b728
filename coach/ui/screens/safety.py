"""What to do after stopping for pain: the pack's safety guidance, shown at once.

Everything here is content; the screen only lays it out. Lists are shown literally; the two
Markdown passages go through the Markdown widget with links switched off.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from coach.pack.model import Safety
from coach.ui.text import literal
from coach.ui.widgets.bullets import bullet_list
from coach.ui.widgets.safe_markdown import SafeMarkdown


class SafetyScreen(Screen[None]):
    """Shows :class:`Safety`; ``c`` or ``escape`` closes it, dismissing with ``None``.

    Not ``enter``: it is pressed by habit during a session, and this must not flash by.
    """

    CSS_PATH = Path(__file__).with_suffix(".tcss")
    BINDINGS = [
        Binding("c,escape", "close", "Close", id="safety.close"),
        Binding("up", "scroll(-1)", "Scroll", show=False),
        Binding("down", "scroll(1)", "Scroll", show=False),
        Binding("pageup", "scroll(-10)", "Page up", show=False),
        Binding("pagedown", "scroll(10)", "Page down", show=False),
    ]

    def __init__(self, safety: Safety) -> None:
        super().__init__()
        self.safety = safety

    def compose(self) -> ComposeResult:
        safety = self.safety
        with VerticalScroll(id="safety-body", can_focus=False):
            yield Static(literal(safety.title), id="safety-title")
            yield SafeMarkdown(safety.stop_now, id="safety-stop-now")
            with Vertical(id="safety-normal", classes="safety-section"):
                yield Static(Content("Can be normal"), classes="safety-heading")
                yield Static(bullet_list(safety.normal), classes="safety-list")
            with Vertical(id="safety-warning", classes="safety-section"):
                yield Static(Content("Warning signs: stop and rest"), classes="safety-heading")
                yield Static(bullet_list(safety.warning_signs), classes="safety-list")
            with Vertical(id="safety-red-flags", classes="safety-section"):
                yield Static(Content("Red flags: get medical help"), classes="safety-heading")
                yield Static(bullet_list(safety.red_flags), classes="safety-list")
            with Vertical(id="safety-clinician", classes="safety-section"):
                yield Static(Content("See a clinician"), classes="safety-heading")
                yield SafeMarkdown(safety.see_clinician, id="safety-see-clinician")
        yield Footer(show_command_palette=False)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, lines: int) -> None:
        self.query_one("#safety-body", VerticalScroll).scroll_relative(y=lines, animate=False)
