"""What to do when there is pain or bleeding: the pack's safety guidance, urgent help first.

Everything here is content; the order is :func:`coach.pack.safety.sections`, shared with
plain mode and speech. The screen only lays the sections out: lists literally, Markdown through
SafeMarkdown with links switched off. Each heading says whose guidance it is (the section's
basis in safety.toml: coach's own, the source's, or some of each). At 80x24 the steps for right now and the red flags fit
without scrolling; the rest is one scroll key away, and the keys are in the footer.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from coach.pack.model import Moment, Safety
from coach.pack.safety import sections
from coach.tui.held_toasts import HoldsToasts
from coach.tui.literal import literal
from coach.tui.reading import ReadingKeys
from coach.tui.widgets.key_bar import KeyBar
from coach.tui.widgets.safe_markdown import SafeMarkdown


class SafetyScreen(HoldsToasts, ReadingKeys, Screen[None]):
    """Shows :class:`Safety` for ``moment``; ``c`` or ``escape`` closes it, dismissing with ``None``.

    ``moment`` is ``"during"`` for a pain stop in a session, ``"after"`` once the session is
    over (a check-in, or the page opened from home): the "right now" steps differ.
    Not ``enter`` to close: it is pressed by habit during a session, and this must not flash by.
    """

    CSS_PATH = Path(__file__).with_suffix(".tcss")
    BODY_ID = "safety-body"

    def __init__(self, safety: Safety, moment: Moment = "during", note: str = "") -> None:
        """``note`` (Markdown) is shown first, under the title: why this page is up, e.g. the
        advice a check-in rule gave for the bleeding the person reported."""
        super().__init__()
        self.safety = safety
        self.moment: Moment = moment
        self.note = note.strip()
        self.add_class(f"-{moment}")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="safety-body", can_focus=False):
            title = literal(self.safety.title_for(self.moment))
            now = next((s for s in sections(self.safety, self.moment) if s.tone == "now"), None)
            yield Static(_marked(title, now.mark if now else ""), id="safety-title")
            if self.note:
                yield SafeMarkdown(self.note, id="safety-note")
            for section in sections(self.safety, self.moment):
                with Vertical(id=section.id, classes="safety-section"):
                    if section.tone != "now":  # the title heads the steps for right now
                        # Whose guidance it is, on the heading's line: no row taken from 80x24.
                        heading = _marked(Content(section.heading), section.mark)
                        yield Static(heading, classes="safety-heading")
                    for item in section.items:
                        # One row an item, the bullet in its own column: a wrapped item hangs
                        # under its text, not under the bullet, and each sign reads apart.
                        with Horizontal(classes="safety-item"):
                            yield Static("•", classes="safety-bullet")
                            yield Static(literal(item), classes="safety-list")
                    if section.markdown:
                        yield SafeMarkdown(section.markdown, classes="safety-text")
        yield KeyBar(first=("c",), show_command_palette=False)


def _marked(text: Content, mark: str) -> Content:
    """``text`` with its basis after it, quieter ("" leaves it alone)."""
    return Content.assemble(text, (f"  ({mark})", "not bold dim italic")) if mark else text
