"""The main screens and every dialog at 80x24 and 60x20 (issue 25), read off the screen.

On each screen the key bar keeps, whole, the safety key (p, or F9 where p is typed), the
screen's main action and the keys list (? or F1); home shows all its protocols; and every
sentence of a dialog is on screen whole, wrapped, never cut.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, RadioButton, Static

from coach.engine.clock import FakeClock
from coach.journal.store import Journal
from coach.pack.model import Pack
from coach.system.settings import Settings
from coach.tui.app import CoachApp, make_app
from coach.tui.dialogs.confirm import ConfirmDialog
from coach.tui.dialogs.log_activity import LogActivityScreen
from coach.tui.dialogs.start_date import StartDateScreen
from coach.tui.screens.checkin import CheckInScreen
from coach.tui.screens.faq import FaqScreen
from coach.tui.screens.remote import RemotePanel
from coach.tui.screens.safety import SafetyScreen
from coach.tui.screens.session import SessionScreen
from tests.helpers import wait_for
from tests.screen import screen_rows, screen_text, text_of, visible_text
from tests.ui.test_resume_app import interrupted
from tests.unit.packs import write_pack

SIZES = [(80, 24), (60, 20)]
IDS = ["80x24", "60x20"]


def app_on(pack: Pack, tmp_path: Path, clock: FakeClock | None = None) -> CoachApp:
    return make_app(
        pack=pack,
        journal=Journal.open(tmp_path / "journal.sqlite3"),
        clock=clock or FakeClock(),
        watch_content=False,
        settings=Settings(sound=False),
    )


def key_bar(app: App) -> str:
    return screen_rows(app)[-1]


def assert_keys(app: App, *labels: str) -> None:
    """Each of ``labels`` ("p Pain", "? Keys|f1 Keys": one of them) is in the key bar whole."""
    bar = key_bar(app)
    for label in labels:
        assert any(choice in bar for choice in label.split("|")), f"{label!r} not in {bar!r}"


def assert_whole(app: App, *widgets: Widget) -> None:
    """Every sentence each widget holds is on screen, whole (wrapped is fine, cut is not)."""
    for widget in widgets:
        text = widget.label.plain if isinstance(widget, RadioButton) else text_of(widget)
        said = " ".join(text.split())
        assert said, f"{widget} says nothing"
        assert said in visible_text(app, widget), f"cut: {said!r}\n{screen_text(app)}"


def assert_dialog_whole(app: App) -> None:
    screen = app.screen
    texts = [
        widget for widget in screen.query(Static) if widget.display and text_of(widget).strip()
    ]
    assert texts, f"no text in {screen}"
    assert_whole(app, *texts)


# --- the key bar and home ----------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=IDS)
async def test_home_shows_its_protocols_and_the_keys_that_matter(
    size: tuple[int, int], default_pack: Pack, tmp_path: Path
) -> None:
    app = app_on(default_pack, tmp_path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        shown = screen_text(app)
        for protocol in default_pack.protocols:
            assert protocol.title in shown, f"{protocol.title!r} not on home at {size}"
        assert f"Enter starts {default_pack.default_protocol.title}" in shown
        assert_keys(app, "p Pain? Safety", "⏎ Start", "? Keys")


@pytest.mark.parametrize("size", SIZES, ids=IDS)
async def test_each_main_screen_keeps_safety_its_main_key_and_help(
    size: tuple[int, int], default_pack: Pack, tmp_path: Path
) -> None:
    app = app_on(default_pack, tmp_path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, SafetyScreen)
        # The guidance itself is the safety here: no key to open it again.
        assert_keys(app, "c Close", "? Keys")
        await pilot.press("c", "f")
        await pilot.pause()
        assert isinstance(app.screen, FaqScreen)  # p would be typed into the search: F9
        assert_keys(app, "f9 Safety", "esc Back", "f1 Keys|? Keys")
        await pilot.press("escape", "enter")  # a fresh journal: what to check first, s starts
        await pilot.pause()
        assert_keys(app, "s Start")
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert_keys(app, "p Pain stop", "space Pause", "n Next", "? Keys")
        await pilot.press("f")  # the questions over the running session: F9 stops it
        await pilot.pause()
        assert isinstance(app.screen, FaqScreen)
        assert_keys(app, "f9 Pain stop", "esc Back", "f1 Keys|? Keys")


@pytest.mark.parametrize("size", SIZES, ids=IDS)
async def test_the_check_in_keeps_its_keys_and_shows_every_option_whole(
    size: tuple[int, int], default_pack: Pack, tmp_path: Path
) -> None:
    app = app_on(default_pack, tmp_path)
    async with app.run_test(size=size) as pilot:
        await open_checkin(app, pilot)
        assert_keys(app, "f9 Safety", "^s Save", "f1 Keys|? Keys")
        bleeding = app.screen.query_one("#q-bleeding")
        options = list(bleeding.query(RadioButton))
        assert len(options) >= 3
        for option in options:
            option.scroll_visible(animate=False)
            await pilot.pause()
            assert_whole(app, option)
        app.screen.query_one("#q-comfort", Input).focus()
        await pilot.press("p", "f9")  # p is typed into the field; F9 opens the guidance
        await wait_for(pilot, lambda: isinstance(app.screen, SafetyScreen), what="safety")


async def open_checkin(app: CoachApp, pilot: Pilot) -> CheckInScreen:
    """The shipped programme's check-in over home, as the app shows it after a session."""
    await pilot.pause()
    program = app.pack.program if app.pack else None
    assert program is not None
    screen = CheckInScreen(program.checkin, levels=program.levels, level_noun=program.level_noun)
    app.push_screen(screen)
    await wait_for(pilot, lambda: app.screen is screen and bool(key_bar(app).strip()))
    return screen


# --- dialogs ------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=IDS)
async def test_the_end_question_and_the_check_ins_questions_are_whole(
    size: tuple[int, int], default_pack: Pack, tmp_path: Path
) -> None:
    app = app_on(default_pack, tmp_path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("enter", "s")  # past what to check before the first session
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert_dialog_whole(app)
        assert_keys(app, "p Pain stop", "y ", "n ")
    (tmp_path / "again").mkdir()
    app = app_on(default_pack, tmp_path / "again")
    async with app.run_test(size=size) as pilot:
        await open_checkin(app, pilot)
        await pilot.press("ctrl+s")  # nothing answered: it asks
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert_dialog_whole(app)
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#checkin-notes", Input).value = "fine"
        await pilot.press("escape")  # something typed: it asks before throwing it away
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert_dialog_whole(app)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
async def test_the_resume_question_is_whole(
    size: tuple[int, int], default_pack: Pack, tmp_path: Path
) -> None:
    clock = FakeClock()
    with Journal.open(tmp_path / "journal.sqlite3") as journal:
        interrupted(journal, default_pack, clock)
    clock.advance(60)
    app = app_on(default_pack, tmp_path, clock)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert_dialog_whole(app)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
async def test_f4s_copy_question_is_whole(size: tuple[int, int], tmp_path: Path) -> None:
    app = CoachApp(journal=Journal.open(tmp_path / "j.sqlite3"), clock=FakeClock(), start="faq")
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, FaqScreen))
        await wait_for(pilot, lambda: app.screen._shown is not None)
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert_dialog_whole(app)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
async def test_the_plan_dialogs_are_whole(
    size: tuple[int, int], default_pack: Pack, tmp_path: Path
) -> None:
    app = app_on(default_pack, tmp_path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LogActivityScreen)
        assert_dialog_whole(app)
        assert_keys(app, "esc Cancel", "? Keys")
        await pilot.press("escape")
        await pilot.pause()
        app.push_screen(StartDateScreen("When did your treatment end?", None, dt.date(2026, 3, 1)))
        await pilot.pause()
        await pilot.press(*"7pm", "enter")  # refused: it stays, with the reason beside it
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StartDateScreen)
        assert screen.query_one("#start-date", Input).value == "7pm"
        assert_dialog_whole(app)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
async def test_the_remotes_link_panel_is_whole(size: tuple[int, int], tmp_path: Path) -> None:
    app = CoachApp(content=write_pack(tmp_path / "mini"), clock=FakeClock(), watch_content=False)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: app.pack is not None and app.journal is not None)
        await pilot.press("enter")
        await pilot.pause()
        session = app.screen
        assert isinstance(session, SessionScreen)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, RemotePanel)
        lines = [line for line in app.screen.query(".remote-line") if line.display]
        assert lines
        for line in lines:
            line.scroll_visible(animate=False)
            await pilot.pause()
            assert_whole(app, line)
        assert_keys(app, "p Pain stop", "esc ")
        remote = session.remote
        assert remote is not None
        await pilot.press("p")  # a pain stop over the panel; closing the guidance ends it
        await wait_for(pilot, lambda: isinstance(app.screen, SafetyScreen), what="safety")
        await pilot.press("c")
        await wait_for(pilot, lambda: remote.server.closing, what="the server closing")


async def test_the_safety_guidance_reads_whole_at_40x12(default_pack: Pack, tmp_path: Path) -> None:
    app = app_on(default_pack, tmp_path)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, SafetyScreen), what="safety")
        screen = app.screen
        assert_whole(app, screen.query_one("#safety-title", Static))
        for item in list(screen.query(".safety-list"))[:3]:  # what to do right now, scrolled to
            item.scroll_visible(animate=False)
            await pilot.pause()
            assert_whole(app, item)
        assert_keys(app, "c Close", "? Keys")
