"""In the app, the session runs the protocol filled in for the planned level: a level further
on sets a longer hold and more holds on the running timer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from coach.engine.clock import FakeClock
from coach.journal.store import Journal, forget
from coach.tui.app import CoachApp
from coach.tui.screens.session import SessionScreen
from tests.helpers import wait_for
from tests.snapshots.apps.journal_data import fill, record

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "three-a-day"


async def session_protocol():
    now = dt.datetime.now(dt.UTC)
    app = CoachApp(content=FIXTURE, clock=FakeClock(wall=now), watch_content=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.pack is not None and app.journal is not None)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        view = screen.session.view()
        return screen.session.protocol, view


async def test_the_running_timer_follows_the_planned_level() -> None:
    protocol, view = await session_protocol()
    step = protocol.steps[0]
    assert (step.repetitions, step.title) == (5, "Squeeze and hold 5s")  # type: ignore[union-attr]
    assert view.phase is not None and view.phase.remaining == 5.0
    # Once the journal says the person is at level 2, the next session holds 10 s, 10 times.
    forget()  # a journal of its own: the session above (at level 1) would be the newest
    with Journal.open() as journal:
        at_two = record(dt.date.today() - dt.timedelta(days=1), level="l2")._replace(
            pack_id="three-a-day", protocol_id="squeeze-set", steps_done=1, steps_total=1
        )
        fill(journal, [at_two])
    protocol, view = await session_protocol()
    step = protocol.steps[0]
    assert (step.repetitions, step.title) == (10, "Squeeze and hold 10s")  # type: ignore[union-attr]
    assert view.phase is not None and view.phase.remaining == 10.0
