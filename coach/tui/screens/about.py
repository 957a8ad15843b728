"""About this pack: what it is, its source, what follows the source and what does not.

All the words are the pack's (``pack.toml``, through :func:`coach.pack.attribution.about_parts`);
the screen lays them out. ``c`` or ``escape`` closes it.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from coach.pack import discreet
from coach.pack.attribution import about_parts
from coach.pack.model import Pack
from coach.tui.literal import literal
from coach.tui.reading import ReadingKeys
from coach.tui.widgets.key_bar import KeyBar
from coach.tui.widgets.safe_markdown import SafeMarkdown


class AboutScreen(ReadingKeys, Screen[None]):
    CSS_PATH = Path(__file__).with_suffix(".tcss")
    BODY_ID = "about-body"

    def __init__(self, pack: Pack, *, discreet_mode: bool = False) -> None:
        super().__init__()
        self.pack = pack
        self.discreet_mode = discreet_mode

    def compose(self) -> ComposeResult:
        info = self.pack.info
        title = discreet.ABOUT_TITLE if self.discreet_mode else f"About: {info.title}"
        with VerticalScroll(id="about-body", can_focus=False):
            yield Static(literal(title), id="about-title")
            version = f"Pack {info.id}, version {info.version}"
            yield Static(literal(version), id="about-version")
            for part in about_parts(info):
                with Vertical(id=part.id, classes="about-part"):
                    yield Static(Content(part.heading), classes="about-heading")
                    yield SafeMarkdown(part.markdown, classes="about-text")
        yield KeyBar(first=("c",), show_command_palette=False)
