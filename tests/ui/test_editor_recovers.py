"""F4 with an editor that cannot run (issue 26): the app always comes back from suspend().

Textual's ``App.suspend()`` resumes only when its block ends normally; a missing ``$EDITOR``
raised inside it, and the app stayed suspended: a blank screen with echo on, keys ignored.
Here suspend is the same shape (no try/finally), recording whether the app resumed.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from coach.engine.clock import FakeClock
from coach.journal.store import Journal
from coach.tui.app import CoachApp
from coach.tui.screens.faq import FaqScreen
from tests.ui.test_editing import wait_for


@pytest.fixture
def suspended(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What suspend did, in order: "suspend", then "resume" if the block ended normally."""
    said: list[str] = []

    @contextlib.contextmanager
    def suspend(self: CoachApp) -> Iterator[None]:
        said.append("suspend")
        yield  # as Textual's: an exception here skips the resume below
        said.append("resume")

    monkeypatch.setattr(CoachApp, "suspend", suspend)
    return said


@pytest.mark.parametrize(
    "editor",
    [
        "/no/such/editor-26",
        "__directory__",  # a folder: PermissionError
        f"{sys.executable} -c raise(SystemExit(3))",  # runs, fails: exit status said
    ],
)
async def test_the_app_resumes_whatever_the_editor_does(
    tmp_path: Path, content_dir: Path, suspended: list[str], monkeypatch, editor: str
) -> None:
    if editor == "__directory__":
        editor = str(tmp_path)
    monkeypatch.setenv("VISUAL", editor)
    folder = tmp_path / "pack"
    shutil.copytree(content_dir, folder)
    with Journal.open() as journal:
        app = CoachApp(content=folder, journal=journal, clock=FakeClock(), start="faq")
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, FaqScreen))
            await wait_for(pilot, lambda: app.screen._shown is not None)
            await pilot.press("f4")
            await wait_for(pilot, lambda: len(suspended) >= 2 and bool(app._notifications))
            assert suspended == ["suspend", "resume"]
            said = " ".join(str(n.message) for n in app._notifications)
            assert ("was not found" in said) or ("could not run" in said) or ("status 3" in said)
            # The keys work again: the search box takes typing.
            await pilot.press("slash", "s", "i", "z", "e")
            await pilot.pause()
            assert app.screen.query_one("#faq-search").value.endswith("size")
