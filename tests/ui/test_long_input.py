"""Bounded input (issue 26): an 11 KB paste into the questions opened over a session ended the
app and the session; 110 KB with escape sequences spun at 100% CPU and grew to 1.15 GB."""

from __future__ import annotations

import time
from pathlib import Path

from textual import events

from coach.engine.clock import FakeClock
from coach.journal.store import Journal
from coach.system.safe_text import MAX_QUERY
from coach.tui.app import CoachApp
from coach.tui.screens.faq import FaqScreen
from coach.tui.screens.session import SessionScreen
from coach.tui.widgets.search_input import SearchInput
from tests.helpers import shipped_pack
from tests.unit.packs import mini_pack

PLAIN_11K = "how long should the pain last after a session " * 240
ESCAPES_110K = "\x1b[31mpain\x1b]0;pwned\x07\x1b[2J\x9b6n\u202e bleeding\r\n" * 2900


async def test_long_pastes_into_the_questions_over_a_session_keep_both(tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "journal.sqlite3")
    app = CoachApp(pack=mini_pack(tmp_path / "pack"), journal=journal, clock=FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        session = app.screen
        assert isinstance(session, SessionScreen)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FaqScreen)
        search = app.screen.query_one(SearchInput)
        for pasted in (PLAIN_11K, ESCAPES_110K):
            search.value = ""
            started = time.monotonic()
            search.post_message(events.Paste(pasted))
            await pilot.pause()
            assert time.monotonic() - started < 10  # it spun until killed
            assert 0 < len(search.value) <= MAX_QUERY
            assert search.value.isprintable(), repr(search.value[:80])  # no ESC, CR, U+202E
        assert "pain" in search.value and "pwned" not in search.value  # OSC dropped whole
        assert app.is_running and isinstance(app.screen, FaqScreen)
        assert not session.session.finished
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert app.screen is session and not session.session.finished


async def test_a_paste_fills_the_room_left_and_typing_stops_at_the_limit() -> None:
    from tests.ui.test_faq_screen import Host

    app = Host(FaqScreen(shipped_pack()))
    async with app.run_test(size=(80, 24)) as pilot:
        search = app.screen.query_one(SearchInput)
        search.value = "x" * (MAX_QUERY - 5)
        search.cursor_position = len(search.value)
        search.post_message(events.Paste("abcdefghij"))
        await pilot.pause()
        assert search.value == "x" * (MAX_QUERY - 5) + "abcde"
        await pilot.press("z")
        assert len(search.value) == MAX_QUERY and search.value.endswith("abcde")


async def test_a_query_given_on_the_command_line_is_bounded_too() -> None:
    from tests.ui.test_faq_screen import Host

    app = Host(FaqScreen(shipped_pack(), query="\x1b[2Jpain " * 2000))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        value = app.screen.query_one(SearchInput).value
        assert len(value) <= MAX_QUERY and value.startswith("pain pain") and value.isprintable()


async def test_a_long_paste_into_the_palette_finds_questions() -> None:
    """The palette ranks questions with the FAQ's search: the same bound applies."""
    from textual.command import Hit

    from coach.tui.palette import CoachCommands
    from tests.ui.test_faq_screen import Host

    pack = shipped_pack()
    app = Host(FaqScreen(pack), pack=pack)
    async with app.run_test(size=(80, 24)):
        provider = CoachCommands.showing(app.pack)(app.screen)
        started = time.monotonic()
        pasted = "\x1b]0;pwned\x07" + PLAIN_11K * 10
        found = [hit async for hit in provider.search(pasted) if isinstance(hit, Hit)]
        assert time.monotonic() - started < 10
        assert found and all("pwned" not in str(hit.text) for hit in found)
        hostile = [hit async for hit in provider.search(ESCAPES_110K)]
        assert all("pwned" not in str(getattr(hit, "text", "")) for hit in hostile)
