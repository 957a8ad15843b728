"""A screen with breakpoints has its classes from the start: the terminal's first Resize finds
nothing to change, so the screen's widgets are styled once, not twice (coach.tui.breakpoints)."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Static

from coach.tui.breakpoints import SizedFromTheStart, breakpoint_classes
from coach.tui.screens.faq import FaqScreen
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.session import SessionScreen

SIZES = [(20, 6), (60, 20), (71, 17), (72, 18), (80, 24), (100, 28), (120, 40)]


class Sized(SizedFromTheStart, Screen[None]):
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (72, "-wide"), (110, "-huge")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (18, "-tall")]

    def compose(self) -> ComposeResult:
        yield Static("x")


class Inherits(SizedFromTheStart, Screen[None]):
    """No breakpoints of its own: the app's apply, as in Textual."""


class Host(App[None]):
    VERTICAL_BREAKPOINTS = [(0, "-low"), (20, "-high")]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_classes_set_at_the_start_are_the_ones_textual_keeps(size) -> None:
    app = Host()
    async with app.run_test(size=size) as pilot:
        for screen in (Sized(), Inherits()):
            made = set(screen.classes)
            assert made  # there is a class for every size
            await app.push_screen(screen)
            await pilot.resize_terminal(*size)  # Textual's own Resize at the same size
            await pilot.pause()
            assert set(screen.classes) == made
            await app.pop_screen()


@pytest.mark.parametrize("screen", [HomeScreen, SessionScreen])
def test_the_screens_on_the_way_to_a_session_set_them_from_the_start(
    screen: type[Screen],
) -> None:
    """Home's first frame and a session's first step. Not the FAQ: styled once, its question
    list gave a long question one line at 60x20 where it needs two (the second was cut), a
    cached height Textual's second styling refreshes; so it keeps that styling."""
    assert issubclass(screen, SizedFromTheStart)
    assert screen.HORIZONTAL_BREAKPOINTS or screen.VERTICAL_BREAKPOINTS
    assert not issubclass(FaqScreen, SizedFromTheStart)


def test_the_class_of_the_largest_threshold_reached_is_on() -> None:
    app = Host()
    screen = Sized.__new__(Sized)  # only its breakpoints are read
    assert breakpoint_classes(screen, app, Size(110, 17)) == {
        "-narrow": False,
        "-wide": False,
        "-huge": True,
        "-short": True,
        "-tall": False,
    }
