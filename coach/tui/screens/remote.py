"""The phone remote's link, over the running session: the URL, a QR code, and what it exposes.

Pushed by the session screen (``m``, or at once with ``coach start --remote``); the session
runs on underneath, and the app's ``p`` still stops it for pain. It dismisses with what the
person asked for next: ``"lan"`` (open it to the home network), ``"new"`` (a fresh link, the
device let in before shut out), or ``None`` (close).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from coach.remote.qr import qr_lines
from coach.tui.literal import literal
from coach.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from coach.remote.control import Remote

PanelChoice = Literal["lan", "new"] | None


class RemotePanel(ModalScreen[PanelChoice]):
    DEFAULT_CSS = """
    RemotePanel { align: center middle; }
    RemotePanel > #remote-box {
        width: auto; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    RemotePanel #remote-row { width: auto; height: auto; }
    RemotePanel #remote-qr { width: auto; height: auto; margin-right: 2; }
    RemotePanel #remote-words { width: 38; height: auto; }
    RemotePanel #remote-url { width: auto; }
    RemotePanel #remote-title { text-style: bold; }
    RemotePanel #remote-url { text-style: bold; color: $text-primary; margin-bottom: 1; }
    RemotePanel #remote-qr { margin-bottom: 1; }
    RemotePanel .remote-line { margin-bottom: 1; }
    """

    BINDINGS = [
        Binding("l", "choose('lan')", "Home network", id="remote.lan"),
        Binding("n", "choose('new')", "New link", id="remote.new"),
        Binding("escape,m,enter", "choose(None)", "Close", id="remote.close"),
    ]

    def __init__(self, remote: Remote, *, discreet: bool = False) -> None:
        super().__init__()
        self.remote = remote
        self.discreet = discreet

    def compose(self) -> ComposeResult:
        remote = self.remote
        url = remote.url
        what = "Remote" if self.discreet else "Phone remote"
        with VerticalScroll(id="remote-box"):
            yield Static(literal(f"{what} · the session runs on"), id="remote-title")
            yield Static(literal(url), id="remote-url")  # one line: it is copied whole
            with Horizontal(id="remote-row"):
                if remote.lan:  # a phone can reach this address: a code to scan
                    yield Static(
                        Text("\n".join(qr_lines(url)), style="#000000 on #ffffff"),
                        id="remote-qr",
                    )
                with Vertical(id="remote-words"):
                    if remote.server.spent:
                        yield Static(
                            literal("Opened on a device already: n gives a new link."),
                            classes="remote-line",
                        )
                    for line in remote.explain():
                        yield Static(literal(line), classes="remote-line")
        yield KeyBar(first=("escape",), show_command_palette=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose" and parameters == ("lan",):
            return not self.remote.lan
        return True

    def action_choose(self, choice: PanelChoice) -> None:
        self.dismiss(choice)
