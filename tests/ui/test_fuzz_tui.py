"""Fuzzing the running app: random keys, command-palette bursts and resizes, zero crashes.

Seeded, so a failure names the seed that reproduces it; bounded by a number of actions, not by
time, so the same seed does the same thing on a slow machine (about 25 s in all on 2 cores).
Sizes run from 1x1 and 2x2 through 20x6 to 300x100. The journal and the clock are real files and a
fake clock: sessions started by the mashing are journaled as they would be.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from textual.pilot import Pilot

from coach.engine.clock import FakeClock
from coach.journal.store import Journal
from coach.pack.model import Pack
from coach.system.settings import Settings
from coach.tui.app import CoachApp

KEYS = [
    *"abcdefghijklmnopqrstuvwxyz0123456789",
    "enter", "escape", "tab", "shift+tab", "space", "backspace", "delete",
    "up", "down", "left", "right", "pageup", "pagedown", "home", "end",
    "question_mark", "slash", "comma", "left_square_bracket", "right_square_bracket",
    "ctrl+p", "f1", "f2", "f8", "f9", "ctrl+s",
]  # fmt: skip
# q and ctrl+q end the app: pressed, they would end the run early; they get their own turn.
SIZES = [(1, 1), (2, 2), (5, 3), (10, 4), (10, 24), (20, 6), (40, 12), (80, 24), (120, 40)]
SIZES += [(300, 100), (11, 30), (9, 30)]


async def burst(pilot: Pilot, rng: random.Random) -> None:
    kind = rng.random()
    if kind < 0.15:
        # The palette with keys straight after it, in one burst (no pause between).
        await pilot.press("ctrl+p", *rng.choices(KEYS, k=rng.randint(1, 6)))
    elif kind < 0.3:
        width, height = rng.choice(SIZES)
        if rng.random() < 0.5:
            width, height = rng.randint(1, 300), rng.randint(1, 100)
        await pilot.resize_terminal(width, height)
    else:
        await pilot.press(*rng.choices(KEYS, k=rng.randint(1, 4)))


ACTIONS = 40


@pytest.mark.parametrize("seed", range(4))
async def test_random_keys_palette_and_resizes_never_crash(
    seed: int, default_pack: Pack, tmp_path: Path
) -> None:
    rng = random.Random(seed)
    clock = FakeClock()
    app = CoachApp(
        pack=default_pack,
        journal=Journal.open(tmp_path / "journal.sqlite3"),
        clock=clock,
        watch_content=False,
        settings=Settings(sound=False),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(ACTIONS):
            await burst(pilot, rng)
            clock.advance(rng.choice((0, 1, 5, 30)))
            if not app.is_running:
                break  # a clean quit (escape out of everything, or the palette's "Quit")
        else:
            await pilot.pause()
    assert not app.crashed, f"seed {seed}"
    assert app.return_code in (0, None), f"seed {seed}"
    # Leaving run_test re-raises any exception the app hit (the seed is in the test's id).


async def test_dragging_the_window_through_narrow_widths(
    default_pack: Pack, tmp_path: Path
) -> None:
    """A window dragged back and forth around 10 columns once crashed after 157 resizes: home,
    then the questions, then a session over them, each dragged 40 times."""
    app = CoachApp(
        pack=default_pack,
        journal=Journal.open(tmp_path / "journal.sqlite3"),
        clock=FakeClock(),
        watch_content=False,
        settings=Settings(sound=False),
    )
    rng = random.Random(157)
    async with app.run_test(size=(80, 24)) as pilot:
        for where in ("home", "faq", "session"):
            if where == "faq":
                app.open_faq()
            elif where == "session":
                app.start_protocol(None)
            await pilot.pause()
            screen = app.screen
            for _ in range(40):
                await pilot.resize_terminal(rng.randint(6, 14), rng.choice((3, 6, 24)))
            assert app.screen is screen and app.is_running
