"""What ``coach start`` shows for the moment before its session is on screen.

``coach start`` asks for a session, not for home: the session is pushed over this screen as soon
as the content is in, and home (its widgets, its figures, its Markdown: ~45 ms of a start's
CPU) is built only when this screen is seen again: the session over, a dialog before it closed,
or no session started at all (content that cannot be used). It then becomes home, in place.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static


class StartingScreen(Screen[None]):
    """The first frame of ``coach start``; home takes its place once it is uncovered."""

    class Uncovered(Message):
        """This screen is on top again (or still): the app puts home in its place."""

        def __init__(self, screen: StartingScreen) -> None:
            super().__init__()
            self.screen = screen

    def __init__(self) -> None:
        super().__init__()
        self._resumed = 0

    def compose(self) -> ComposeResult:
        # Neutral words: discreet mode or not, nothing here says what the routine is.
        yield Static(Content("Opening your session…"), id="starting-note")

    def on_screen_resume(self) -> None:
        self._resumed += 1
        if self._resumed > 1:  # the first is its own start, before anything covered it
            self.post_message(self.Uncovered(self))


__all__ = ["StartingScreen"]
