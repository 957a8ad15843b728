"""The app keeps `coach status`'s summary up to date: when home loads with the content, where no
home is built (`coach start`), and as the app ends."""

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


async def test_the_app_has_the_last_word_as_it_ends(tmp_path) -> None:
    """A session written while home is not looked at again (one ended without its check-in,
    then quit; or another coach's): `coach status` has it once the app has ended."""
    from tests.snapshots.apps.journal_data import fill, pack, record

    monday = FakeClock().now().date()  # 5 Jan 2026, a Monday
    path = tmp_path / "journal.sqlite3"
    with Journal.open(path) as journal:
        app = CoachApp(pack=pack(), journal=journal, clock=FakeClock(), watch_content=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: read_summary() is not None, what="the first summary")
            assert read_summary().sessions_this_week == 0
            with Journal.open(path) as other:  # written beside it, home not shown again
                fill(other, [record(monday)])
            await pilot.press("ctrl+q")
    assert read_summary().sessions_this_week == 1


async def test_coach_start_writes_it_though_no_home_is_built(content_dir) -> None:
    """`coach start` builds no home under its session; the app keeps the summary instead, so
    a first session's `coach status` has a line to show while it runs."""
    from coach.tui.screens.starting import StartingScreen

    with Journal.open() as journal:
        app = CoachApp(content=content_dir, journal=journal, clock=FakeClock(), start="session")
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: not isinstance(app.screen, StartingScreen))
            await wait_for(pilot, lambda: read_summary() is not None, what="the summary written")
            assert not any(isinstance(s, HomeScreen) for s in app.screen_stack)
    assert read_summary().pack_id == "anal-dilation"
