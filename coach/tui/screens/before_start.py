"""Before you start: what to check with a clinician before the first session.

Its words are one FAQ entry's, the one ``pack.toml`` names (``before_you_start``), so they live
in one place: the FAQ, ``coach faq --print`` and this screen show the same text. The screen is
offered before the first session (``s`` starts it, ``c`` or ``escape`` does not), and opened
from the palette to read (then only closed). It is marked with the entry's basis: in the
default pack, coach's own list, not the source's.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from coach.faq.basis import basis_line
from coach.pack.model import FaqEntry, Pack
from coach.tui.literal import literal
from coach.tui.messages import OpenSafety
from coach.tui.reading import ReadingKeys
from coach.tui.widgets.key_bar import KeyBar
from coach.tui.widgets.safe_markdown import SafeMarkdown

HEADING = "Before you start"


def before_you_start(pack: Pack) -> FaqEntry | None:
    """The entry the pack offers before the first session, or None when it names none."""
    wanted = pack.info.before_you_start
    return next((entry for entry in pack.faq if entry.id == wanted), None) if wanted else None


class BeforeYouStartScreen(ReadingKeys, Screen[bool | None]):
    """Shows ``entry``; dismissed with True when ``offered`` and the person starts (``s``),
    None when closed."""

    CSS_PATH = Path(__file__).with_suffix(".tcss")
    BODY_ID = "before-body"
    # c / escape close it (ReadingKeys): when offered, that is "not now", said on screen.
    # p as on home: read before a first session, pain can already be the question (the app's
    # own p stops a running session, and there is none yet).
    BINDINGS: list[BindingType] = [
        Binding("p", "safety", "Pain? Safety", id="before.safety"),
        Binding("s", "start", "Start"),
    ]

    def __init__(self, entry: FaqEntry, pack: Pack, *, offered: bool = False) -> None:
        """``offered``: shown before a first session, which ``s`` then starts."""
        super().__init__()
        self.entry = entry
        self.pack = pack
        self.offered = offered
        self.add_class("-offered" if offered else "-reading")

    def compose(self) -> ComposeResult:
        source = self.pack.info.source
        with VerticalScroll(id="before-body", can_focus=False):
            yield Static(Content(HEADING), id="before-title")
            yield Static(literal(self.entry.question), id="before-question")
            yield Static(
                literal(basis_line(self.entry, source.title if source else "")),
                id="before-basis",
            )
            if self.offered:  # at the top: the way on is seen before the whole text is read
                yield Static(
                    Content("Before your first session. s: start it · c: not now"),
                    id="before-choice",
                )
            yield SafeMarkdown(self.entry.answer, id="before-answer")
        yield KeyBar(first=("s",), show_command_palette=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "start":
            return self.offered
        return True

    def action_start(self) -> None:
        self.dismiss(True)

    def action_safety(self) -> None:
        self.post_message(OpenSafety())
