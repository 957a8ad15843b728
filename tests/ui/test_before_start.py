"""Before you start: offered before the first session, from the pack's FAQ entry, marked with
its basis; from the palette it is only read."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from coach.engine.clock import FakeClock
from coach.journal.store import Journal
from coach.pack.model import Pack
from coach.tui import messages as msg
from coach.tui.app import CoachApp
from coach.tui.screens.before_start import BeforeYouStartScreen, before_you_start
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.session import SessionScreen
from tests.helpers import wait_for
from tests.screen import screen_text, text_of
from tests.unit.packs import mini_pack


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal.open(tmp_path / "journal.sqlite3")


def test_the_text_is_the_faq_entry_pack_toml_names(default_pack: Pack) -> None:
    entry = before_you_start(default_pack)
    assert entry is not None and entry.id == default_pack.info.before_you_start
    assert entry.basis == "general"  # coach's own list, not the source's


def build(pack: Pack, journal: Journal) -> CoachApp:
    return CoachApp(pack=pack, journal=journal, clock=FakeClock(), watch_content=False)


async def offered(app: CoachApp, pilot: Pilot[None]) -> None:
    """Start a first session: the before-you-start page comes first."""
    app.sessions.start()
    await wait_for(pilot, lambda: isinstance(app.screen, BeforeYouStartScreen))


async def test_offered_before_the_first_session_and_s_starts_it(
    default_pack: Pack, journal: Journal
) -> None:
    app = build(default_pack, journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await offered(app, pilot)
        await pilot.pause()
        shown = screen_text(app)
        assert "Before you start" in shown and "Before your first session" in shown
        basis = text_of(app.screen.query_one("#before-basis"))
        assert basis.startswith("Basis: General guidance, not from the source.")
        assert "coach's own" in basis
        await pilot.press("c")  # not now: nothing starts
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert journal.sessions() == []
        await offered(app, pilot)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SessionScreen))
        assert len(journal.sessions()) == 1


async def test_not_offered_once_a_session_is_in_the_journal(
    default_pack: Pack, journal: Journal
) -> None:
    app = build(default_pack, journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await offered(app, pilot)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SessionScreen))
        await pilot.pause()
    again = build(default_pack, Journal.open(journal.path))
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        again.sessions.start("control-drill")
        await wait_for(pilot, lambda: not isinstance(again.screen, HomeScreen))
        assert isinstance(again.screen, SessionScreen)
        await pilot.pause()


async def test_from_the_palette_it_is_read_not_a_way_to_start(
    default_pack: Pack, journal: Journal
) -> None:
    app = build(default_pack, journal)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Before you start" in titles
        app.post_message(msg.OpenBeforeYouStart())
        await wait_for(pilot, lambda: isinstance(app.screen, BeforeYouStartScreen))
        assert app.screen.check_action("start", ()) is False  # not in the footer either
        await pilot.press("s")  # nothing to start from here
        await pilot.pause()
        assert isinstance(app.screen, BeforeYouStartScreen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert journal.sessions() == []


async def test_a_pack_without_one_starts_at_once(tmp_path: Path, journal: Journal) -> None:
    app = CoachApp(pack=mini_pack(tmp_path / "pack"), journal=journal, clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Before you start" not in titles
        app.sessions.start()
        await wait_for(pilot, lambda: isinstance(app.screen, SessionScreen))
        await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_p_shows_the_safety_guidance_from_before_the_first_session(
    default_pack: Pack, journal: Journal, size: tuple[int, int]
) -> None:
    """Pain can be the question before a first session: p is there, and in the key bar."""
    from coach.tui.screens.safety import SafetyScreen

    app = build(default_pack, journal)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await offered(app, pilot)
        await pilot.pause()
        assert "Pain? Safety" in screen_text(app).splitlines()[-1]
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, SafetyScreen), what="safety")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, BeforeYouStartScreen))
        assert journal.sessions() == []  # reading the guidance started nothing
