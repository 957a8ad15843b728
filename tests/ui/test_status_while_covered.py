"""The summary `coach status` reads follows the journal while another screen covers home: home
waits to fill in until it can be seen, the summary does not (a level set from the FAQ, then
quitting from it, must still reach the prompt line)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.engine.clock import FakeClock
from coach.journal.store import Journal
from coach.tui import messages as msg
from coach.tui.app import CoachApp
from coach.tui.screens.home import HomeScreen
from tests.helpers import wait_for
from tests.unit.packs import PROGRAM, PROTOCOL, write_pack

TWO_LEVELS = PROGRAM.replace(
    '[[levels]]\nid = "one"\nname = "Level one"\n',
    '[[levels]]\nid = "one"\nname = "Level one"\n\n[[levels]]\nid = "two"\nname = "Level two"\n',
)


@pytest.mark.parametrize("cover", ["f", "h", None], ids=["faq", "history", "home-on-top"])
async def test_a_level_set_while_home_is_covered_reaches_the_status_line(
    tmp_path: Path, isolated_dirs: Path, cover: str | None
) -> None:
    assert "Level two" in TWO_LEVELS  # the pack below has two levels
    protocol = PROTOCOL.replace('title = "Breathe"\n', 'title = "Breathe"\nuses_levels = true\n', 1)
    folder = write_pack(tmp_path / "pack", program=TWO_LEVELS, protocol=protocol)
    app = CoachApp(
        content=folder, journal=Journal.open(tmp_path / "j"), clock=FakeClock(), poll_seconds=0.05
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.pack is not None and app.journal is not None)
        if cover:
            await pilot.press(cover)
            await wait_for(pilot, lambda: not isinstance(app.screen, HomeScreen))
        app.post_message(msg.SetLevel())  # the palette's "Set level"
        await wait_for(pilot, lambda: type(app.screen).__name__ == "SetLevelScreen")
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: type(app.screen).__name__ != "SetLevelScreen")
        assert isinstance(app.screen, HomeScreen) == (cover is None)

        def level_line() -> str:
            found = list(isolated_dirs.rglob("status.txt"))
            text = found[0].read_text() if found else ""
            return next((line for line in text.splitlines() if line.startswith("level=")), "")

        await wait_for(pilot, lambda: "2 of 2" in level_line())
    assert "2 of 2" in level_line()
