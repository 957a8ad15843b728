"""The key bar changes when a key it shows changes, and only then; a click presses the key
drawn under it, or rings where the key does not apply now."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Button

from coach.tui.widgets.key_bar import KeyBar
from tests.helpers import wait_for
from tests.screen import screen_rows


class Keys(Screen[None]):
    BINDINGS: ClassVar = [
        Binding("p", "pain", "Pain stop"),
        Binding("n", "next", "Next", tooltip="Next step"),
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
    """(key, greyed) for each key drawn."""
    return [(face.display, not face.enabled) for face in screen.query_one(KeyBar).drawn]


async def keys_shown(app: Host, pilot: Pilot[None]) -> Keys:
    """The Keys screen, once its bar shows keys."""
    await wait_for(pilot, lambda: isinstance(app.screen, Keys) and bool(shown(app.screen)))
    assert isinstance(app.screen, Keys)
    return app.screen


async def test_the_bar_is_drawn_again_only_when_what_it_shows_changes() -> None:
    app = Host()
    async with app.run_test(size=(100, 10)) as pilot:
        await wait_for(
            pilot, lambda: isinstance(app.screen, Keys) and ("n", False) in shown(app.screen)
        )
        screen = app.screen
        assert isinstance(screen, Keys)
        assert shown(screen)[:2] == [("p", False), ("n", False)]
        bar = screen.query_one(KeyBar)
        before = bar.keys

        # Focus moves and bindings are refreshed: nothing the bar shows changed.
        screen.refresh_bindings()
        await pilot.press("tab")
        await pilot.press("tab")
        await pilot.pause()
        assert bar.keys is before, "drawn again with nothing changed"

        # "Next" no longer applies: the bar shows it greyed.
        screen.next_state = None
        screen.refresh_bindings()
        await wait_for(pilot, lambda: ("n", True) in shown(screen), what="n greyed")
        assert "n Next" in screen_rows(app)[-1]

        # "Next" is not there at all: the bar goes without it.
        screen.next_state = False
        screen.refresh_bindings()
        await wait_for(pilot, lambda: "n" not in dict(shown(screen)), what="n gone")
        assert shown(screen)[:2] == [("p", False), ("?", False)]
        assert "Next" not in screen_rows(app)[-1]


async def test_a_click_presses_the_key_under_it_and_a_greyed_key_rings() -> None:
    app = Host()
    async with app.run_test(size=(100, 10)) as pilot:
        screen = await keys_shown(app, pilot)
        pressed: list[str] = []
        rang: list[bool] = []
        app.simulate_key = pressed.append  # type: ignore[method-assign]
        app.bell = lambda: rang.append(True)  # type: ignore[method-assign]
        bar = screen.query_one(KeyBar)
        row = screen_rows(app)[-1]
        await pilot.click(KeyBar, offset=(row.index("Next"), 0))
        assert pressed == ["n"]
        await pilot.hover(KeyBar, offset=(row.index("Next"), 0))
        assert bar.hovered == 1
        screen.next_state = None
        screen.refresh_bindings()
        await wait_for(pilot, lambda: ("n", True) in shown(screen), what="n greyed")
        await pilot.click(KeyBar, offset=(row.index("Next"), 0))
        assert pressed == ["n"] and rang == [True]
        await pilot.click(KeyBar, offset=(98, 0))  # past the last key: nothing
        assert pressed == ["n"] and rang == [True]


async def test_in_a_narrow_bar_a_click_between_keys_presses_nothing() -> None:
    """Below 100 columns a gap follows each key: a click there is on no key (beside the pain
    stop in a session it recorded a stop for pain)."""
    app = Host()
    async with app.run_test(size=(80, 10)) as pilot:
        await keys_shown(app, pilot)
        pressed: list[str] = []
        app.simulate_key = pressed.append  # type: ignore[method-assign]
        row = screen_rows(app)[-1]
        assert row.startswith("p Pain stop n Next")
        for x in (row.index(" n Next"), row.index(" ? Keys")):  # the gaps before n and ?
            await pilot.click(KeyBar, offset=(x, 0))
        assert pressed == []
        await pilot.click(KeyBar, offset=(0, 0))
        await pilot.click(KeyBar, offset=(row.index("Next"), 0))
        assert pressed == ["p", "n"]


async def test_the_key_under_the_pointer_follows_the_keys_as_they_change() -> None:
    app = Host()
    async with app.run_test(size=(100, 10)) as pilot:
        screen = await keys_shown(app, pilot)
        bar = screen.query_one(KeyBar)
        x = screen_rows(app)[-1].index("Next")
        await pilot.hover(KeyBar, offset=(x, 0))
        assert bar.hovered == 1 and bar.drawn[1].key == "n" and bar.tooltip == "Next step"
        screen.next_state = False  # "Next" goes: the key now under the pointer is another
        screen.refresh_bindings()
        await wait_for(pilot, lambda: "n" not in dict(shown(screen)), what="n gone")
        under = bar.key_at(x)
        assert bar.hovered == under and under is not None and bar.drawn[under].key != "n"
        assert bar.tooltip == (bar.drawn[under].tooltip or None)


async def test_a_narrow_bar_shows_a_key_that_fits_but_for_the_gap_after_it() -> None:
    """ "p Pain stop n Next" is 18 columns: at 18 both show (the gap after the last key may
    fall off the edge); at 17 only the first."""
    app = Host()
    async with app.run_test(size=(18, 10)) as pilot:
        await keys_shown(app, pilot)
        assert [key for key, _ in shown(app.screen)] == ["p", "n"]
        assert screen_rows(app)[-1] == "p Pain stop n Next"
        await pilot.resize_terminal(17, 10)
        await wait_for(pilot, lambda: [key for key, _ in shown(app.screen)] == ["p"])
