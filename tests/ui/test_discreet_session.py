"""Discreet mode on the full screen (issue 25.6): every step of every protocol, the terminal
title and the end summary show none of the content's own words (collected from the pack by
tests/discreet_words.py); the same session without discreet mode shows them (the check can
fail)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App

from coach.engine.clock import FakeClock
from coach.pack.load import load_pack
from coach.pack.model import Pack, Protocol
from coach.session.run import SessionRun
from coach.tui.screens.session import SessionScreen, terminal_title
from coach.tui.screens.summary import SummaryScreen
from tests.discreet_words import PACKS, leaks
from tests.helpers import wait_for
from tests.screen import screen_text


class Host(App[None]):
    def __init__(self, pack: Pack, protocol: Protocol, *, discreet: bool) -> None:
        super().__init__()
        self.run = SessionRun(pack, protocol, clock=FakeClock(), discreet=discreet)
        self.discreet = discreet

    def on_mount(self) -> None:
        self.push_screen(SessionScreen(self.run, sound=False, discreet=self.discreet))


async def _everything_shown(pack: Pack, protocol: Protocol, *, discreet: bool) -> str:
    """The screen at each step (skipped through), the terminal titles, then the summary."""
    app = Host(pack, protocol, discreet=discreet)
    shown: list[str] = []
    async with app.run_test(size=(140, 50)) as pilot:
        await pilot.pause()
        for _ in range(len(protocol.steps) + 1):
            if isinstance(app.screen, SummaryScreen):
                break
            shown.append(screen_text(app))
            shown.append(terminal_title(app.run.view(), discreet=discreet))
            await pilot.press("s")
            await pilot.pause()
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen), what="the summary")
        shown.append(screen_text(app))
    return "\n".join(shown)


@pytest.mark.parametrize("folder", PACKS, ids=lambda p: p.name)
async def test_the_full_screen_session_and_its_summary_say_nothing_of_the_content(
    folder: Path,
) -> None:
    pack = load_pack(folder)
    for protocol in pack.protocols:
        shown = await _everything_shown(pack, protocol, discreet=True)
        total = sum(1 for s in protocol.steps if not s.branch_only)
        assert f"{total} of {total}" in shown  # the last step was reached
        assert "Session ended early" in shown or "Session complete" in shown
        assert "Routine " in shown
        assert leaks(pack, shown) == [], shown


async def test_without_discreet_mode_the_same_check_finds_the_content() -> None:
    pack = load_pack(PACKS[0])
    shown = await _everything_shown(pack, pack.default_protocol, discreet=False)
    found = leaks(pack, shown)
    assert pack.default_protocol.title.lower() in found
