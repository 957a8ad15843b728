"""The app keeps `coach status`'s summary up to date: when home loads with the content."""

from __future__ import annotations

import time

from coach.engine.clock import FakeClock
from coach.journal.status_summary import read_summary
from coach.journal.store import Journal
from coach.tui.app import CoachApp
from coach.tui.screens.home import HomeScreen


async def test_home_writes_the_status_summary(content_dir) -> None:
    with Journal.open() as journal:
        app = CoachApp(content=content_dir, journal=journal, clock=FakeClock())
        async with app.run_test(size=(100, 30)) as pilot:
            deadline = time.monotonic() + 5
            while read_summary() is None:
                assert time.monotonic() < deadline, "no summary written"
                await pilot.pause(0.05)
            assert isinstance(app.screen, HomeScreen)
    summary = read_summary()
    assert summary.pack_id == "anal-dilation" and summary.sessions_this_week == 0
    assert summary.target == "2-3"
