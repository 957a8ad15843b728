"""The app only routes: its size, one handler per intent, the wiring issue 22 found wrong, and
help, palette and quitting in coach's words (issue 25 item 4)."""

from __future__ import annotations

import ast
import logging
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.message import Message

from coach.engine.clock import FakeClock
from coach.journal.store import Journal
from coach.tui import messages as msg
from coach.tui.app import CoachApp
from coach.tui.dialogs.end_session import EndSessionDialog
from coach.tui.dialogs.leave import LeaveDialog
from coach.tui.screens.faq import FaqScreen
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.keys import KeysScreen
from coach.tui.screens.session import SessionScreen
from tests.helpers import wait_for
from tests.screen import screen_text
from tests.unit.packs import mini_pack

ROOT = Path(__file__).resolve().parents[2]
TUI = ROOT / "coach" / "tui"


def make(tmp_path: Path) -> CoachApp:
    return CoachApp(
        pack=mini_pack(tmp_path / "pack"),
        journal=Journal.open(tmp_path / "j.sqlite3"),
        clock=FakeClock(),
        watch_content=False,
    )


# --- the shape ----------------------------------------------------------------------------------


def test_the_app_module_stays_small() -> None:
    lines = (TUI / "app.py").read_text("utf-8").count("\n")
    assert lines < 300, f"coach/tui/app.py has {lines} lines: it routes, nothing more"


def _handlers(message: type[Message]) -> list[str]:
    """Where ``message`` is handled in coach/tui: ``on_<name>`` methods and ``@on(...)``."""
    name = message.handler_name
    found = []
    for path in TUI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            decorated = any(
                isinstance(d, ast.Call)
                and isinstance(d.func, ast.Name)
                and d.func.id == "on"
                and d.args
                and ast.unparse(d.args[0]).split(".")[-1] == message.__name__
                for d in node.decorator_list
            )
            if node.name == name or decorated:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


INTENTS = [
    m
    for m in vars(msg).values()
    if isinstance(m, type) and issubclass(m, Message) and m.__module__ == msg.__name__
]


@pytest.mark.parametrize("intent", [m for m in INTENTS if m is not msg.PackChanged])
def test_each_intent_has_exactly_one_handler(intent: type[Message]) -> None:
    assert len(_handlers(intent)) == 1, (intent.__name__, _handlers(intent))


def test_nested_messages_have_one_handler_each() -> None:
    nested = [
        SessionScreen.PainStopped,
        CoachApp.ContentLoaded,
        CoachApp.SettingsValidated,
        CoachApp.Written,
    ]
    for message in nested:
        assert len(_handlers(message)) == 1, (message.__name__, _handlers(message))
    assert msg.PackChanged in INTENTS and len(INTENTS) >= 10  # the walk found the intents


# --- the wiring issue 22 found wrong --------------------------------------------------------------


async def test_stopped_for_pain_is_logged(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    app = make(tmp_path)
    caplog.set_level(logging.INFO, logger="coach.tui.app")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SessionScreen))
        session = app.screen
        await pilot.press("p")
        await wait_for(pilot, lambda: "stopped for pain" in caplog.text)
        assert session.session.finished and session.view.finish_reason == "pain"


async def test_the_questions_open_through_one_intent_from_home_and_a_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make(tmp_path)
    seen: list[str] = []
    original = CoachApp.on_open_questions

    def counted(self: CoachApp, message: msg.OpenQuestions) -> None:
        seen.append(type(self.screen).__name__)
        original(self, message)

    monkeypatch.setattr(CoachApp, "on_open_questions", counted)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, FaqScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SessionScreen))
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, FaqScreen))
    assert seen == ["HomeScreen", "SessionScreen"]


async def test_the_sessions_own_keys_are_reachable_with_question_mark(tmp_path: Path) -> None:
    app = make(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SessionScreen))
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, KeysScreen))
        shown = screen_text(app)
        for words in ("Pain stop", "Pause", "End", "Questions"):
            assert words in shown, words


# --- help and palette in coach's words -----------------------------------------------------------

TEXTUAL_WORDS = ("Copy selected text", "Scroll Left", "Page Left", "super+c", "ctrl-c", "Focus")


async def test_keys_are_coachs_each_once_in_plain_words(tmp_path: Path) -> None:
    app = make(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, KeysScreen))
        keys = app.screen.keys  # type: ignore[attr-defined]
        shown = screen_text(app)
    names = [name for key in keys for name in key.keys.split()]
    assert len(names) == len(set(names)), names  # each key once
    assert "F8" in names and "Ctrl+P" in names and "F9" not in names  # no session: no F9
    for words in TEXTUAL_WORDS:
        assert words not in shown, words


async def test_the_palette_has_one_keys_entry_and_none_of_textuals_own(tmp_path: Path) -> None:
    app = make(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        results = app.screen.query_one(CommandList)
        await wait_for(pilot, lambda: results.option_count > 0)
        titles = [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]
    names = [title.splitlines()[0] for title in titles]  # each entry's name, not its help
    assert names.count("Keys") == 1, names
    assert {"Maximize", "Screenshot", "Theme", "Minimize"}.isdisjoint(names), names
    assert {"Safety", "Questions", "Quit"} <= set(names), names


@pytest.mark.parametrize("key", ["q", "escape", "ctrl+q", "ctrl+c"])
async def test_leaving_a_session_asks_the_same_way_whatever_the_key(
    tmp_path: Path, key: str
) -> None:
    app = make(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SessionScreen))
        await pilot.press(key)
        await wait_for(pilot, lambda: isinstance(app.screen, EndSessionDialog))
        assert app.is_running  # not gone at once
        await pilot.press("y")
        for _ in range(5):  # past the summary, to the check-in
            if type(app.screen).__name__ == "CheckInScreen":
                break
            await pilot.press("enter")
            await pilot.pause()
        assert type(app.screen).__name__ == "CheckInScreen"  # the check-in is offered
        await pilot.press("ctrl+q")  # and quitting from it asks first too
        await wait_for(pilot, lambda: isinstance(app.screen, LeaveDialog))
        assert app.is_running


@pytest.mark.parametrize("key", ["q", "ctrl+q", "ctrl+c"])
async def test_quitting_from_home_is_one_key(tmp_path: Path, key: str) -> None:
    app = make(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(key)
        await pilot.pause()
        assert not app.is_running
