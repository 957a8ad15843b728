"""`coach start` draws its session without building home under it (screens/starting.py); home
takes the placeholder's place once it is seen: after the session, after a dialog that started
nothing, or at once when no session can start."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.engine.clock import FakeClock
from coach.tui.app import CoachApp
from coach.tui.screens import home as home_module
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.session import SessionScreen
from coach.tui.screens.starting import StartingScreen
from tests.helpers import wait_for
from tests.unit.packs import write_pack


class HomesBuilt:
    """Counts HomeScreens made (home's compose and figures are what `coach start` skips)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = HomeScreen.__init__

        def counted(screen: HomeScreen, *args: object, **kwargs: object) -> None:
            self.count += 1
            real(screen, *args, **kwargs)

        monkeypatch.setattr(home_module.HomeScreen, "__init__", counted)


@pytest.fixture
def homes(monkeypatch: pytest.MonkeyPatch) -> HomesBuilt:
    return HomesBuilt(monkeypatch)


def session_app(content: Path, **kwargs: object) -> CoachApp:
    return CoachApp(
        content=content, clock=FakeClock(), watch_content=False, start="session", **kwargs
    )


async def test_the_session_comes_first_and_home_after_it(tmp_path: Path, homes: HomesBuilt) -> None:
    app = session_app(write_pack(tmp_path / "mini"))
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen_stack[0], StartingScreen)
        await wait_for(pilot, lambda: isinstance(app.screen, SessionScreen), what="the session")
        assert homes.count == 0
        assert not any(isinstance(s, HomeScreen) for s in app.screen_stack)
        # The session ends (the end key, then yes); what follows it (its summary, the
        # check-in) is closed.
        await pilot.press("q")
        await pilot.press("y")
        for _ in range(8):
            await pilot.pause()
            if isinstance(app.screen, HomeScreen):
                break
            await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen), what="home")
        assert homes.count == 1
        assert app.screen_stack == [app.screen]  # home alone, as if it had come first
        # From then on it is the app's usual home: the next session goes over it.
        await pilot.press("enter")
        await wait_for(
            pilot, lambda: isinstance(app.screen, SessionScreen), what="a second session"
        )
        assert isinstance(app.screen_stack[0], HomeScreen)
        assert homes.count == 1


async def test_content_that_cannot_start_a_session_shows_home(
    tmp_path: Path, homes: HomesBuilt
) -> None:
    """No pack at all (a broken file, no good copy): the problems, then home, never a blank."""
    content = write_pack(tmp_path / "mini", protocol="steps = [")
    app = session_app(content)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(
            pilot, lambda: not isinstance(app.screen, StartingScreen), what="the problems"
        )
        for _ in range(3):
            if isinstance(app.screen, HomeScreen):
                break
            await pilot.press("escape")  # the problems dialog
            await pilot.pause()
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen), what="home")
        assert app.pack is None and homes.count == 1


async def test_an_unknown_protocol_exits_without_building_home(
    tmp_path: Path, homes: HomesBuilt
) -> None:
    app = CoachApp(
        content=write_pack(tmp_path / "mini"),
        clock=FakeClock(),
        watch_content=False,
        start="session",
        protocol_id="no-such-protocol",
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.return_code is not None, what="the exit")
    assert app.return_code == 2 and homes.count == 0


async def test_home_replaces_the_placeholder_when_nothing_covers_it(
    tmp_path: Path, homes: HomesBuilt, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever the first load leads to, if nothing was pushed over the placeholder (no
    session, no dialog), home takes its place: never "Opening your session…" for good."""
    from coach.tui.sessions import Sessions

    monkeypatch.setattr(Sessions, "begin", lambda self, start, protocol_id, query: None)
    app = session_app(write_pack(tmp_path / "mini"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen), what="home")
        assert homes.count == 1 and app.pack is not None


async def test_what_f2_hid_stays_hidden_when_the_session_arrives(tmp_path: Path) -> None:
    """F2 pressed while `coach start` is still loading: the session, when it comes, goes under
    the blank screen; F2 again shows it."""
    from coach.tui.screens.blank import BlankScreen

    app = session_app(write_pack(tmp_path / "mini"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2")
        assert isinstance(app.screen, BlankScreen)
        await wait_for(
            pilot,
            lambda: any(isinstance(s, SessionScreen) for s in app.screen_stack),
            what="the session, under the blank screen",
        )
        await pilot.pause()
        assert isinstance(app.screen, BlankScreen)
        assert sum(isinstance(s, BlankScreen) for s in app.screen_stack) == 1
        await pilot.press("f2")
        await wait_for(pilot, lambda: isinstance(app.screen, SessionScreen), what="the session")
        assert not any(isinstance(s, BlankScreen) for s in app.screen_stack)


async def test_what_the_person_asks_for_over_the_blank_screen_is_shown(tmp_path: Path) -> None:
    """F2, then ? (the keys): asked for with a key, so shown, and the blank screen goes."""
    from coach.tui.screens.blank import BlankScreen
    from coach.tui.screens.keys import KeysScreen

    app = session_app(write_pack(tmp_path / "mini"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, SessionScreen), what="the session")
        await pilot.press("f2")
        assert isinstance(app.screen, BlankScreen)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, KeysScreen), what="the keys")
        assert not any(isinstance(s, BlankScreen) for s in app.screen_stack)


async def test_a_content_problem_fixed_under_the_blank_screen_is_gone_after_f2(
    tmp_path: Path,
) -> None:
    """Broken, then fixed, while F2's blank screen is up: no stale problems wait under it."""
    from coach.tui.screens.blank import BlankScreen
    from coach.tui.screens.problems import ProblemsScreen

    content = write_pack(tmp_path / "mini")
    safety = content / "safety.toml"
    good = safety.read_text()
    app = CoachApp(content=content, clock=FakeClock(), poll_seconds=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.pack is not None, what="the content")
        await pilot.press("f2")
        safety.write_text(good + "\nstop_now = \n")
        await wait_for(
            pilot,
            lambda: any(isinstance(s, ProblemsScreen) for s in app.screen_stack),
            what="the problems, under the blank screen",
        )
        assert isinstance(app.screen, BlankScreen)
        safety.write_text(good + "\n")
        await wait_for(
            pilot,
            lambda: not any(isinstance(s, ProblemsScreen) for s in app.screen_stack),
            what="the stale problems closed",
        )
        assert isinstance(app.screen, BlankScreen)
        await pilot.press("f2")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen), what="home after F2")


async def test_the_window_title_names_nothing_under_the_blank_screen(tmp_path: Path) -> None:
    """The terminal's title shows the step during a session; under F2's blank screen it is the
    discreet one, and the step's again after F2."""
    from coach.tui.screens.blank import BlankScreen

    app = session_app(write_pack(tmp_path / "mini"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, SessionScreen), what="the session")
        session = app.screen
        step = session.run.view().step.title
        await wait_for(pilot, lambda: step in (session._title or ""), what="the step's title")
        await pilot.press("f2")
        assert isinstance(app.screen, BlankScreen)
        await wait_for(pilot, lambda: step not in (session._title or ""), what="a neutral title")
        await pilot.press("f2")
        await wait_for(pilot, lambda: step in (session._title or ""), what="the step's again")
