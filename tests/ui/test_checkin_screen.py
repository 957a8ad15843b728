"""The check-in modal, driven with Pilot in a tiny host app."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from textual.app import App
from textual.widgets import Footer, Input, Select, Static, Switch

from coach.journal.records import CheckIn
from coach.pack.model import Level
from coach.ui.screens.checkin import CheckInScreen, parse_comfort
from tests.screen import screen_text
from tests.snapshots.apps.journal_data import program

SIZE = (80, 24)
NO_ANSWER = object()


class Host(App[None]):
    """Pushes the check-in and keeps its answer."""

    def __init__(
        self,
        *,
        levels: Sequence[Level] | None = None,
        default_level_id: str | None = "size-2",
        level_noun: str = "size",
    ) -> None:
        super().__init__()
        self.levels = levels if levels is not None else program().levels
        self.default_level_id = default_level_id
        self.level_noun = level_noun
        self.answer: object = NO_ANSWER

    def on_mount(self) -> None:
        screen = CheckInScreen(
            levels=self.levels or None,
            level_noun=self.level_noun,
            default_level_id=self.default_level_id,
        )
        self.push_screen(screen, self._answered)

    def _answered(self, answer: CheckIn | None) -> None:
        self.answer = answer


async def test_fill_in_and_save_with_ctrl_s() -> None:
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("7", "tab", "space")  # comfort 7, pain on
        screen = app.screen
        assert isinstance(screen, CheckInScreen)
        screen.query_one("#checkin-level", Select).value = "size-3"
        screen.query_one("#checkin-notes", Input).focus()
        await pilot.press(*"tight")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.answer == CheckIn(
        comfort=7, pain=True, bleeding=False, level_id="size-3", notes="tight"
    )


async def test_enter_in_the_notes_saves_and_defaults_hold() -> None:
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#checkin-notes", Input).focus()
        await pilot.press(*"[b]x[/b]", "enter")
        await pilot.pause()
    assert app.answer == CheckIn(
        comfort=None, pain=False, bleeding=False, level_id="size-2", notes="[b]x[/b]"
    )


async def test_escape_skips() -> None:
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5", "escape")
        await pilot.pause()
    assert app.answer is None


async def test_buttons() -> None:
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "0")
        await pilot.click("#checkin-save")
        await pilot.pause()
    assert isinstance(app.answer, CheckIn) and app.answer.comfort == 10
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#checkin-skip")
        await pilot.pause()
    assert app.answer is None


async def test_comfort_takes_only_what_can_become_0_to_10() -> None:
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "2", "x", "-")
        assert app.screen.query_one("#checkin-comfort", Input).value == "1"


async def test_an_invalid_comfort_is_explained_and_nothing_is_saved() -> None:
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        comfort = screen.query_one("#checkin-comfort", Input)
        comfort.value = "11"  # set past the filter
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.answer is NO_ANSWER and app.screen is screen
        error = screen.query_one("#checkin-error", Static)
        assert "0 to 10" in str(error.render())
        assert comfort.has_class("-invalid") and comfort.has_focus
        await pilot.press("backspace")
        assert str(error.render()) == ""
        await pilot.press("enter")
        await pilot.pause()
    assert isinstance(app.answer, CheckIn) and app.answer.comfort == 1


async def test_bleeding_switch() -> None:
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#checkin-bleeding", Switch).focus()
        await pilot.press("space", "ctrl+s")
        await pilot.pause()
    assert isinstance(app.answer, CheckIn) and app.answer.bleeding and not app.answer.pain


async def test_without_levels_there_is_no_level_question() -> None:
    app = Host(levels=[], default_level_id=None)
    async with app.run_test(size=SIZE) as pilot:
        assert not app.screen.query("#checkin-level")
        await pilot.press("3", "enter")
        await pilot.pause()
    assert app.answer == CheckIn(comfort=3)


async def test_an_unknown_default_level_leaves_the_choice_blank() -> None:
    app = Host(default_level_id="retired")
    async with app.run_test(size=SIZE) as pilot:
        select = app.screen.query_one("#checkin-level", Select)
        assert select.is_blank()
        await pilot.press("enter")
        await pilot.pause()
    assert isinstance(app.answer, CheckIn) and app.answer.level_id is None


async def test_level_names_are_shown_literally() -> None:
    levels = [Level(id="odd", name="[b]S[/b][@click=app.quit]")]
    app = Host(levels=levels, default_level_id="odd", level_noun="[i]noun")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = screen_text(app)
        assert "[b]S[/b][@click=app.quit]" in shown
        assert "[i]noun used" in shown
        assert app.is_running


async def test_it_fits_80_by_24_with_its_keys_in_the_footer() -> None:
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        for widget_id in ("#checkin-save", "#checkin-skip", "#checkin-notes", "#checkin-level"):
            region = screen.query_one(widget_id).region
            assert region.bottom <= SIZE[1] - 1 and region.right <= SIZE[0], widget_id
        footer_keys = {b.binding.description for b in screen.active_bindings.values()}
        assert {"Save", "Skip"} <= footer_keys
        assert screen.query_one(Footer)


@pytest.mark.parametrize(
    ("text", "value"), [("", None), (" ", None), ("0", 0), ("7", 7), ("10", 10), (" 4 ", 4)]
)
def test_parse_comfort(text: str, value: int | None) -> None:
    assert parse_comfort(text) == value


@pytest.mark.parametrize("text", ["11", "-1", "x", "5.5", "100"])
def test_parse_comfort_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="0 to 10"):
        parse_comfort(text)
