"""Keys typed into a note never become home's hotkeys when the check-in closes under them
(issue 21: "sharp pain at step 4" opened History, About and Safety, and was never saved)."""

from __future__ import annotations

import json
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from coach.engine.clock import FakeClock
from coach.journal.store import Journal
from coach.outputs.export import render
from coach.system.settings import Settings
from coach.tui.app import CoachApp
from coach.tui.screens.checkin import CheckInScreen
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.session import SessionScreen
from coach.tui.typing_guard import BURST_GAP, TypingGuard, is_typing_key
from tests.unit.packs import mini_pack


class Screen:
    """Stands for a screen: the guard tells screens apart by identity."""


class Ticks:
    """The guard's clock: each reading a typist's 0.1 s later, unless moved on by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 0.1
        return self.now


# --- the rule, without a terminal ------------------------------------------------------------


def test_a_burst_into_a_field_is_held_on_the_next_screen_until_a_pause() -> None:
    clock = Ticks()
    guard = TypingGuard(clock=clock)
    form, home = Screen(), Screen()
    for _ in "sharp":
        assert guard.allows(form, typed=True, into_text=True)
    held = [guard.allows(home, typed=True, into_text=False) for _ in " pain at step 4"]
    assert not any(held) and guard.held == len(" pain at step 4")
    clock.now += BURST_GAP  # the person looks up
    assert guard.allows(home, typed=True, into_text=False)  # a hotkey now works


def test_what_is_never_held() -> None:
    clock = Ticks()
    form, home = Screen(), Screen()
    guard = TypingGuard(clock=clock)
    guard.allows(form, typed=True, into_text=True)
    assert guard.allows(home, typed=False, into_text=False)  # escape, ctrl+s, F9: commands
    guard.allows(form, typed=True, into_text=True)
    assert guard.allows(home, typed=True, into_text=True)  # a field there takes it: text
    guard.allows(form, typed=True, into_text=True)
    assert guard.allows(home, typed=True, into_text=False, exempt=True)  # the pain key
    guard.allows(form, typed=False, into_text=True)  # the last key was a command, not typing
    assert guard.allows(home, typed=True, into_text=False)
    guard.allows(home, typed=True, into_text=False)
    assert guard.allows(home, typed=True, into_text=False)  # the same screen: its keys


def test_a_command_key_ends_the_hold() -> None:
    guard = TypingGuard(clock=Ticks())
    form, home = Screen(), Screen()
    guard.allows(form, typed=True, into_text=True)
    assert not guard.allows(home, typed=True, into_text=False)
    assert guard.allows(home, typed=False, into_text=False)  # escape: deliberate
    assert guard.allows(home, typed=True, into_text=False)


def test_typing_keys() -> None:
    assert all(is_typing_key(k, c) for k, c in [("h", "h"), ("space", " "), ("enter", "\r")])
    assert is_typing_key("backspace", None) and is_typing_key("eacute", "é")
    assert not any(
        is_typing_key(k, c) for k, c in [("ctrl+s", "\x13"), ("escape", "\x1b"), ("f9", None)]
    )


# --- in the app ------------------------------------------------------------------------------


async def to_checkin(app: CoachApp, pilot: Pilot) -> CheckInScreen:
    await pilot.press("enter")  # the default protocol
    await pilot.pause()
    assert isinstance(app.screen, SessionScreen)
    await pilot.press("q")
    await pilot.pause()
    await pilot.press("y")
    await pilot.pause()
    for _ in range(3):  # past the summary
        if isinstance(app.screen, CheckInScreen):
            break
        await pilot.press("enter")
        await pilot.pause()
    assert isinstance(app.screen, CheckInScreen)
    return app.screen


async def test_a_note_typed_on_after_the_check_in_closed_opens_nothing(tmp_path: Path) -> None:
    pack = mini_pack(tmp_path / "pack")
    clock = Ticks()
    app = CoachApp(
        pack=pack,
        journal=Journal.open(tmp_path / "j.sqlite3"),
        clock=FakeClock(),
        settings=Settings(sound=False),
        watch_content=False,
    )
    app.typing_guard = TypingGuard(clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        checkin = await to_checkin(app, pilot)
        checkin.query_one("#checkin-notes", Input).focus()
        await pilot.pause()
        await pilot.press(*"sharp")
        # The form closes under the person's fingers (the mouse, here); they type on.
        await pilot.click("#checkin-save")
        await pilot.pause()
        if not isinstance(app.screen, HomeScreen):  # asked about the unanswered pain: save
            await pilot.click("#confirm-yes")
            await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press(*" pain at step 4 - help about", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert [type(s).__name__ for s in app.screen_stack] == ["HomeScreen"]
        assert any("while you were typing" in n.message for n in app._notifications)
        clock.now += BURST_GAP  # a pause: keys are keys again
        await pilot.press("h")
        await pilot.pause()
        assert type(app.screen).__name__ == "HistoryScreen"
    with Journal.open(tmp_path / "j.sqlite3") as journal:
        (session,) = journal.sessions()
    assert session.notes == "sharp"
    # The pain question (coach's own: the mini pack has none) was never touched: not "no".
    assert dict(session.answers) == {"pain": None}
    (row,) = json.loads(render("json", [session], pack))
    assert row["answers"] == {"pain": None} and row["pain"] is None
