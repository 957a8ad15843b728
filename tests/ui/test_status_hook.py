"""The app keeps `coach status`'s summary up to date: when home loads with the content."""

from __future__ import annotations

from coach.engine.clock import FakeClock
from coach.journal.status_summary import read_summary
from coach.journal.store import Journal
from coach.tui.app import CoachApp
from coach.tui.screens.home import HomeScreen
from tests.helpers import wait_for


async def test_home_writes_the_status_summary(content_dir) -> None:
    with Journal.open() as journal:
        app = CoachApp(content=content_dir, journal=journal, clock=FakeClock())
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: read_summary() is not None, what="the summary written")
            assert isinstance(app.screen, HomeScreen)
    summary = read_summary()
    assert summary.pack_id == "anal-dilation" and summary.sessions_this_week == 0
    assert summary.target == "2-3"
