"""The key bar changes when a key it shows changes, and only then: in place when a key's state
changes, rebuilt when other keys apply."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Button

from coach.tui.widgets.key_bar import BarKey, KeyBar
from tests.helpers import wait_for


class Keys(Screen[None]):
    BINDINGS: ClassVar = [
        Binding("p", "pain", "Pain stop"),
        Binding("n", "next", "Next"),
        Binding("question_mark", "keys", "Keys"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.next_state: bool | None = True  # True: applies; None: greyed; False: hidden

    def compose(self) -> ComposeResult:
        yield Button("One", id="one")
        yield Button("Two", id="two")
        yield KeyBar(first=("n",))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.next_state if action == "next" else True

    def action_pain(self) -> None: ...

    def action_next(self) -> None: ...

    def action_keys(self) -> None: ...


class Host(App[None]):
    def on_mount(self) -> None:
        self.push_screen(Keys())


def shown(screen: Screen[object]) -> list[tuple[str, bool]]:
    return [(key.key_display, key.off) for key in screen.query(BarKey)]


async def test_the_bar_is_kept_updated_in_place_or_rebuilt_as_its_keys_change() -> None:
    app = Host()
    async with app.run_test(size=(100, 10)) as pilot:
        await wait_for(
            pilot, lambda: isinstance(app.screen, Keys) and ("n", False) in shown(app.screen)
        )
        screen = app.screen
        assert isinstance(screen, Keys)
        assert shown(screen)[:2] == [("p", False), ("n", False)]
        before = list(screen.query(BarKey))

        # Focus moves and bindings are refreshed: nothing the bar shows changed.
        screen.refresh_bindings()
        await pilot.press("tab")
        await pilot.press("tab")
        await pilot.pause()
        assert list(screen.query(BarKey)) == before, "rebuilt with nothing changed"

        # "Next" no longer applies: the bar shows it greyed, the same keys updated.
        screen.next_state = None
        screen.refresh_bindings()
        await wait_for(pilot, lambda: ("n", True) in shown(screen), what="n greyed")
        assert list(screen.query(BarKey)) == before
        assert screen.query(BarKey)[1].has_class("-disabled")

        # "Next" is not there at all: other keys apply, so the bar is rebuilt without it.
        screen.next_state = False
        screen.refresh_bindings()
        await wait_for(pilot, lambda: "n" not in dict(shown(screen)), what="n gone")
        assert shown(screen)[:2] == [("p", False), ("?", False)]
        assert not set(screen.query(BarKey)) & set(before)
