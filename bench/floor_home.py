"""The floor for start-up: coach's home screen rebuilt with Textual alone, no coach code.

The same widgets (Header, a scrolling column of Statics with an empty advice box and the
protocols' OptionList, the disclaimer box, a Footer showing the same keys), the same styles
(coach's app.tcss and home.tcss, read from the checkout at run time) and the same kind of
content (the pack's and protocols' titles, read with tomllib from content/). What coach's first
frame costs beyond this is coach's own: ``first frame / floor`` in bench/run.py.

    python bench/floor_home.py          # q quits
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

ROOT = Path(__file__).resolve().parent.parent
# Where coach's UI styles and its default content live in the checkout: the one place to change
# if the tree moves.
UI_DIR = ROOT / "coach" / "tui"
STYLES = [UI_DIR / "app.tcss", UI_DIR / "screens" / "home.tcss"]
CONTENT_DIR = ROOT / "content"


def read_titles(folder: Path) -> tuple[str, list[tuple[str, str]]]:
    """The pack's title and its protocols' (id, title), the default protocol first."""
    with (folder / "pack.toml").open("rb") as handle:
        info = tomllib.load(handle)
    protocols = []
    for path in sorted((folder / "protocols").glob("*.toml")):
        with path.open("rb") as handle:
            data = tomllib.load(handle)
        protocols.append((str(data.get("id", path.stem)), str(data.get("title", path.stem))))
    default = info.get("default_protocol")
    protocols.sort(key=lambda item: item[0] != default)
    return str(info.get("title", "coach")), protocols


# The class name matters: home.tcss selects "HomeScreen #home".
class HomeScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "start", "Start", show=True),
        Binding("f", "faq", "Questions"),
        Binding("h", "history", "History"),
        Binding("p", "safety", "Pain? Safety"),
        Binding("comma", "settings", "Settings"),
        Binding("a", "about", "About"),
        Binding("l", "log_activity", "Log", tooltip="Log an activity without a timer"),
        Binding("d", "start_date", "Start date", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, title: str, protocols: list[tuple[str, str]]) -> None:
        super().__init__()
        self.pack_title = title
        self.protocols = protocols

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="home"):
            yield Static(Content(self.pack_title), id="pack-title")
            yield Static("Loading…", id="pack-source")
            yield Static(id="progress")
            yield Vertical(id="advice-box")
            yield OptionList(
                *(Option(Content.styled(title, "bold"), id=pid) for pid, title in self.protocols),
                id="protocols",
            )
            yield Static("↑↓ choose · Enter starts · p if there is pain", id="home-hint")
        yield Vertical(id="disclaimer-box")
        yield Footer()

    def on_mount(self) -> None:
        options = self.query_one("#protocols", OptionList)
        if options.option_count:
            options.highlighted = 0
        options.focus()


class FloorHome(App[None]):
    CSS_PATH = STYLES
    TITLE = "coach"
    # coach's app-wide keys, shown or hidden in the Footer as coach's check_action does on home
    # with no session running and no problems: only "? Keys" shows.
    BINDINGS = [
        Binding("f2", "blank", "Hide screen", priority=True, show=False),
        Binding("f9", "pain_stop", "Pain stop", priority=True),
        Binding("p", "pain_key", "Pain stop", show=False, priority=True),
        Binding("question_mark", "keys_key", "Keys", key_display="?", priority=True),
        Binding("f1", "keys", "Keys", show=False, priority=True),
        Binding("f8", "problems", "Problems"),
    ]

    def get_default_screen(self) -> HomeScreen:
        return HomeScreen(*read_titles(CONTENT_DIR))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action not in ("pain_stop", "pain_key", "problems")


if __name__ == "__main__":
    FloorHome().run()
