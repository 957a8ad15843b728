"""Every terminal size, from a tiny 20x6 to 300x100: each screen lays out and draws, no exception.

An app started at a size walks home -> a session (mid-step, then an intervals step mid-phase) ->
the FAQ, drawing every screen in full (``render_strips``), so an error in layout or rendering
surfaces here and not on someone's small laptop. Then each screen, in a running app, is resized
through every width and every height of the grid, the way a person drags a window.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from coach.engine.clock import FakeClock
from coach.engine.view import Status
from coach.journal.store import Journal
from coach.pack.model import Pack
from coach.system.settings import Settings
from coach.tui.app import CoachApp, make_app
from coach.tui.screens.before_start import BeforeYouStartScreen
from coach.tui.screens.faq import FaqScreen
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.session import SessionScreen
from tests.helpers import wait_for
from tests.screen import screen_rows

WIDTHS = (20, 25, 40, 60, 80, 120, 200, 300)
HEIGHTS = (6, 8, 12, 24, 40, 100)
# A running screen is dragged through every width at the shortest, a middle and the tallest
# height, and every height at the narrowest and the widest width: each width and each height
# and every corner of the grid, at ~0.3 s a resize (Textual's layout) instead of all 48.
RESIZES = [(w, h) for w in WIDTHS for h in (HEIGHTS[0], 24, HEIGHTS[-1])]
RESIZES += [(w, h) for w in (WIDTHS[0], WIDTHS[-1]) for h in HEIGHTS if (w, h) not in RESIZES]
# Starting fresh costs ~0.6 s a size: every width and height is started in at least once, the
# corners included; resizing a running app covers the whole grid for each screen.
STARTS = [
    (20, 6),
    (20, 100),
    (25, 8),
    (40, 12),
    (40, 100),
    (60, 24),
    (80, 6),
    (80, 24),
    (120, 40),
    (200, 100),
    (300, 6),
    (300, 100),
]
PROTOCOL = "control-drill"  # info, timed, then two intervals steps


def build(pack: Pack, tmp_path: Path, clock: FakeClock) -> CoachApp:
    return make_app(
        pack=pack,
        journal=Journal.open(tmp_path / "journal.sqlite3"),
        clock=clock,
        watch_content=False,
        settings=Settings(),
    )


def draw(app: CoachApp, size: tuple[int, int], *expected: str) -> list[str]:
    """Compose the whole current screen, as the terminal would receive it."""
    rows = screen_rows(app)
    assert len(rows) == size[1] and all(len(row) == size[0] for row in rows)
    text = "\n".join(rows)
    for fragment in expected:
        assert fragment in text, f"{fragment!r} not drawn at {size}:\n{text}"
    return rows


async def settle(pilot: Pilot) -> None:
    """Let queued messages run (``pause()`` would also wait for the CPU to idle: 10x slower)."""
    await pilot.pause(0)


async def resize(pilot: Pilot, size: tuple[int, int]) -> None:
    await pilot.resize_terminal(*size)
    assert pilot.app.size == size, f"the app never took the size {size}"


async def running(pilot: Pilot, session: SessionScreen) -> None:
    """Until the session runs: the screen starts it once mounted, which can be a frame or more
    after it is on top (its view says the first step before that, not yet running)."""
    await wait_for(
        pilot,
        lambda: session.view.status is Status.RUNNING and session.view.step.id == "why",
        what="the session's first step, running",
    )


async def check_every_screen_draws(
    app: CoachApp, pilot: Pilot, clock: FakeClock, size: tuple[int, int]
) -> None:
    """Home, the before-you-start page, a timed step, an intervals step, the questions over the session and an answer:
    each drawn whole at ``size``, with what it must show."""
    assert isinstance(app.screen, HomeScreen)
    draw(app, size)

    app.sessions.start(PROTOCOL)
    await settle(pilot)
    offered = app.screen  # the first session: what to check with a clinician, first
    assert isinstance(offered, BeforeYouStartScreen)
    draw(app, size)
    offered.action_start()
    await settle(pilot)
    session = app.screen
    assert isinstance(session, SessionScreen)
    await running(pilot, session)
    session.action_next()  # "why" (info) -> "settle" (timed)
    clock.advance(20)  # mid-step
    session.refresh_view()
    await settle(pilot)
    assert session.view.step.id == "settle"
    draw(app, size, "Step 2")

    session.action_skip()  # to the first intervals step
    clock.advance(7)  # the second phase of the first round
    session.refresh_view()
    await settle(pilot)
    view = session.view
    assert view.step.kind == "intervals" and view.phase is not None
    draw(app, size, "Step 3")

    app.open_faq()  # the questions, over the running session
    faq = app.screen
    assert isinstance(faq, FaqScreen)
    await wait_for(pilot, lambda: faq.current is not None, what="the questions listed")
    await settle(pilot)
    draw(app, size)
    faq._read()  # what enter does: in a narrow terminal the answer takes the width
    await settle(pilot)
    draw(app, size)
    assert app.is_running


@pytest.mark.parametrize("size", STARTS, ids=[f"{w}x{h}" for w, h in STARTS])
async def test_every_screen_draws_when_started_at(
    size: tuple[int, int], default_pack: Pack, tmp_path: Path
) -> None:
    clock = FakeClock()
    app = build(default_pack, tmp_path, clock)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await check_every_screen_draws(app, pilot, clock, size)
    # Leaving run_test re-raises any exception the app hit meanwhile.


async def reach(where: str, app: CoachApp, pilot: Pilot, clock: FakeClock) -> None:
    if where == "home":
        return
    app.sessions.start(PROTOCOL)
    await settle(pilot)
    assert isinstance(app.screen, BeforeYouStartScreen)
    if where == "before-you-start":
        return
    app.screen.action_start()
    await settle(pilot)
    session = app.screen
    assert isinstance(session, SessionScreen)
    await running(pilot, session)
    session.action_next()
    clock.advance(20)
    if where != "session-timed":
        session.action_skip()
        clock.advance(7)
    session.refresh_view()
    await settle(pilot)
    assert session.view.step.kind == ("timed" if where == "session-timed" else "intervals")
    if where.startswith("faq"):
        app.open_faq()
        faq = app.screen
        assert isinstance(faq, FaqScreen)
        await wait_for(pilot, lambda: faq.current is not None, what="the questions listed")
        await settle(pilot)
        if where == "faq-reading":
            app.screen._read()
            await settle(pilot)


@pytest.mark.parametrize(
    "where",
    ["home", "before-you-start", "session-timed", "session-intervals", "faq", "faq-reading"],
)
async def test_each_screen_redraws_at_every_size(
    where: str, default_pack: Pack, tmp_path: Path
) -> None:
    clock = FakeClock()
    app = build(default_pack, tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await reach(where, app, pilot, clock)
        screen = app.screen
        # Row by row through the sweep, then the tallest-narrowest and shortest-widest corners.
        for size in [*RESIZES, (20, 100), (300, 6), (80, 24)]:
            await resize(pilot, size)
            draw(app, size)
        assert app.screen is screen and app.is_running
