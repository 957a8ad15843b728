"""The settings screen's cue settings: what the machine has, the cue test, saving the hook."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Select, Static

from coach.journal.store import Journal
from coach.pack.model import Pack
from coach.system.settings import Settings, load_settings
from coach.tui.app import make_app
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.settings import SettingsScreen
from tests.helpers import wait_for
from tests.screen import text_of
from tests.unit.test_cues import lines, stub


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal.open(tmp_path / "journal.sqlite3")


@pytest.fixture
def bin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    return folder


async def test_settings_say_once_what_is_missing_and_how_to_get_it(
    default_pack: Pack, journal: Journal, bin_dir: Path
) -> None:
    app = make_app(pack=default_pack, journal=journal, watch_content=False, settings=Settings())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("comma")
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        status = screen.query_one("#cue-status", Static)
        await wait_for(pilot, lambda: "Speech" in text_of(status))
        shown = text_of(status)
        assert "no player found" in shown and "terminal bell" in shown
        assert "no speech engine found" in shown and "apt install espeak-ng" in shown


async def test_cue_test_button_plays_every_kind_through_the_player(
    default_pack: Pack,
    journal: Journal,
    bin_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(SettingsScreen, "CUE_GAP_SECONDS", 0.0)  # the cues, not the pauses
    played = tmp_path / "played.txt"
    stub(bin_dir, "pw-play", played)
    app = make_app(pack=default_pack, journal=journal, watch_content=False, settings=Settings())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("comma")
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        screen.query_one("#test").scroll_visible(animate=False)  # below the fold at 100x40
        await pilot.pause()
        await pilot.click("#test")
        log = screen.query_one("#cue-test-log", Static)
        await wait_for(pilot, lambda: "Done" in text_of(log), timeout=30)
        assert "Now: hold." in text_of(log)
        assert len(lines(played)) == 10  # seven kinds and the three countdown ticks


async def test_cue_settings_are_saved(default_pack: Pack, journal: Journal, bin_dir: Path) -> None:
    app = make_app(pack=default_pack, journal=journal, watch_content=False, settings=Settings())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("comma")
        screen = app.screen
        screen.query_one("#volume", Select).value = 40
        screen.query_one("#countdown", Select).value = 5
        screen.query_one("#resume_hours", Select).value = 0
        hook = screen.query_one("#on_cue", Input)
        hook.value = "notify-send 'coach cue'"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    saved = load_settings()
    assert (saved.volume, saved.countdown, saved.resume_hours) == (40, 5, 0)
    assert saved.on_cue == ("notify-send", "coach cue")


async def test_a_hook_with_an_open_quote_is_not_saved(
    default_pack: Pack, journal: Journal, bin_dir: Path
) -> None:
    app = make_app(pack=default_pack, journal=journal, watch_content=False, settings=Settings())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("comma")
        app.screen.query_one("#on_cue", Input).value = "notify-send 'oops"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)  # still open, the hook field focused
        assert app.focused is app.screen.query_one("#on_cue", Input)
        reason = text_of(app.screen.query_one("#on_cue-error", Static))
        assert reason.startswith("Not saved: this cannot be split into words")


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_a_mistyped_time_stays_with_its_reason_and_settings_stay_open(
    default_pack: Pack, journal: Journal, bin_dir: Path, size: tuple[int, int]
) -> None:
    app = make_app(pack=default_pack, journal=journal, watch_content=False, settings=Settings())
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("comma")
        screen = app.screen
        time = screen.query_one("#reminder-time", Input)
        time.value = "7pm"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen and time.value == "7pm" and app.focused is time
        error = screen.query_one("#reminder-time-error", Static)
        assert text_of(error) == "Cannot read '7pm' as a time: use HH:MM, e.g. 19:30."
        assert error.region.height and screen.query_one("#settings-box").region.contains_region(
            error.region
        )  # on screen, right under the field
    assert load_settings().reminder_time == ""  # nothing saved
