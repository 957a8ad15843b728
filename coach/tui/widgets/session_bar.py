"""The line at the top of a session: where you are, how far along, the session's active time."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import ProgressBar, Static

from coach.engine.view import SessionView
from coach.pack.durations import format_clock
from coach.pack.words import SESSION, Noun
from coach.tui.literal import set_content


class SessionBar(Horizontal):
    """ "Step 2 of 5", a progress bar, and the active session clock (pauses excluded)."""

    DEFAULT_CSS = """
    SessionBar {
        height: 1;
        background: $panel;
    }
    SessionBar #bar-where {
        width: auto;
        padding: 0 1;
        text-style: bold;
    }
    SessionBar #bar-progress {
        width: 1fr;
        padding: 0 1;
    }
    SessionBar #bar-progress Bar {
        width: 1fr;
    }
    SessionBar #bar-clock {
        width: auto;
        padding: 0 1;
    }
    """

    view: reactive[SessionView | None] = reactive(None, always_update=True, repaint=False)
    """The engine's snapshot to draw; set by the screen on every redraw."""
    noun: Noun = SESSION
    """What the content calls a session ("Set 02:10"); set by the screen before it mounts."""

    def compose(self) -> ComposeResult:
        yield Static(id="bar-where", markup=False)
        yield ProgressBar(id="bar-progress", show_eta=False, show_percentage=False)
        yield Static(id="bar-clock", markup=False)

    def on_mount(self) -> None:
        self.watch_view(self.view)

    def watch_view(self, view: SessionView | None) -> None:
        if view is None or not self.is_mounted:
            return
        where = f"Step {view.position} of {view.total}"
        set_content(self.query_one("#bar-where", Static), Content(where))
        done = view.total if view.finished and view.completed else view.position - 1
        self.query_one("#bar-progress", ProgressBar).update(total=view.total, progress=done)
        clock = f"{self.noun.title} {format_clock(view.active_total)}"
        if view.paused:
            clock = f"PAUSED · {clock}"
        set_content(self.query_one("#bar-clock", Static), Content(clock))
