"""Draw docs/session.svg, the README's picture of a session, from the real app.

The shipped content, an empty journal in a temporary folder and a fake clock that stands still
(the picture does not change from one run to the next):

    .venv/bin/python docs/screenshot.py

Textual draws the SVG itself (``App.save_screenshot``): what a terminal of 100x30 shows.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from coach.engine.clock import FakeClock
from coach.journal.store import Journal
from coach.pack.load import load_pack
from coach.system.settings import Settings
from coach.tui.app import make_app
from coach.tui.screens.session import SessionScreen

DOCS = Path(__file__).resolve().parent
SIZE = (100, 30)
PART = 0.4
"""How far into the first timed step the picture is taken: its clock mid-countdown."""


async def draw(out: Path) -> None:
    pack = load_pack(DOCS.parent / "content")
    clock = FakeClock()
    with tempfile.TemporaryDirectory() as folder:
        app = make_app(
            pack=pack,
            journal=Journal.open(Path(folder) / "journal.sqlite3"),
            clock=clock,
            watch_content=False,
            settings=Settings(sound=False),
        )
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("enter")  # the first protocol: a dilation session
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, SessionScreen)
            while screen.view.step.kind != "timed":  # on to the first hold
                await pilot.press("n")
                await pilot.pause()
            clock.advance((screen.view.step_length or 60) * PART)
            screen.refresh_view()
            await pilot.pause()
            app.clear_notifications()
            await pilot.pause()
            app.save_screenshot(filename=out.name, path=str(out.parent))
            screen.run.finish()


if __name__ == "__main__":
    target = DOCS / "session.svg"
    asyncio.run(draw(target))
    print(f"wrote {target}")
