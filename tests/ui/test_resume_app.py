"""Resuming an interrupted session from the full-screen app: offered on home and when starting,
it goes on in the same journal record; declining closes that record as ended."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from coach.engine.clock import FakeClock
from coach.engine.session import Session
from coach.journal.store import Journal
from coach.pack.model import Pack
from coach.system.settings import Settings
from coach.tui.app import make_app
from coach.tui.dialogs.confirm import ConfirmDialog
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.session import SessionScreen


def interrupted(journal: Journal, pack: Pack, clock: FakeClock) -> int:
    """A session of the default protocol left on its third step, as a kill -9 leaves it."""
    protocol = pack.default_protocol
    sid = journal.begin_session(
        pack_id=pack.info.id,
        protocol_id=protocol.id,
        protocol_title=protocol.title,
        level_id=None,
        started=clock.now(),
    )
    session = Session(protocol, clock)
    session.subscribe(partial(journal.record, sid))
    session.start()
    session.skip()
    session.skip()
    clock.advance(7)
    session.pause()  # the last event the journal has: resuming is exact up to it
    return sid


async def test_home_offers_the_interrupted_session_and_resumes_it_in_the_same_record(
    default_pack: Pack, tmp_path: Path
) -> None:
    clock = FakeClock()
    journal = Journal.open(tmp_path / "journal.sqlite3")
    sid = interrupted(journal, default_pack, clock)
    clock.advance(60)  # a minute later, the person opens coach again
    app = make_app(
        pack=default_pack, journal=journal, clock=clock, watch_content=False, settings=Settings()
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)  # offered at once, over home
        await pilot.press("y")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        view = screen.run.view()
        assert view.position == 3 and view.step_elapsed == pytest.approx(7)
        screen.run.finish()
        assert screen.run.flush(5) == 0
    with Journal.open(tmp_path / "journal.sqlite3") as again:
        (only,) = again.sessions()  # one record, not two
        assert only.id == sid and only.finished


async def test_declining_on_home_closes_it_as_ended_and_starting_asks_no_more(
    default_pack: Pack, tmp_path: Path
) -> None:
    clock = FakeClock()
    journal = Journal.open(tmp_path / "journal.sqlite3")
    interrupted(journal, default_pack, clock)
    app = make_app(
        pack=default_pack, journal=journal, clock=clock, watch_content=False, settings=Settings()
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        (old,) = journal.sessions()
        assert old.finished and old.finish_reason == "ended"
        await pilot.press("enter")  # start: nothing left to offer, a fresh session
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.run.view().position == 1


async def test_starting_a_protocol_offers_its_interrupted_session_first(
    default_pack: Pack, tmp_path: Path
) -> None:
    clock = FakeClock()
    journal = Journal.open(tmp_path / "journal.sqlite3")
    interrupted(journal, default_pack, clock)
    app = make_app(
        pack=default_pack,
        journal=journal,
        clock=clock,
        watch_content=False,
        settings=Settings(),
        start="session",
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)  # `coach start`: asked before it starts
        await pilot.press("n")  # start afresh
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.run.view().position == 1
        assert len(journal.sessions()) == 2
