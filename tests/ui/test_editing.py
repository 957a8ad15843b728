"""The edit key (F4) on the FAQ, problems and session screens: the editor runs while the app
is suspended, the file is the one on screen at its line, and the app comes back reloaded."""

from __future__ import annotations

import contextlib
import json
import shutil
import sys
from pathlib import Path

import pytest

from coach.engine.clock import FakeClock
from coach.journal.store import Journal
from coach.system import paths
from coach.tui.app import CoachApp
from coach.tui.dialogs.confirm import ConfirmDialog
from coach.tui.screens.before_start import BeforeYouStartScreen
from coach.tui.screens.faq import FaqScreen
from coach.tui.screens.problems import ProblemsScreen
from coach.tui.screens.session import SessionScreen
from tests.helpers import wait_for


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake $EDITOR: records its arguments, and appends a comment to the file it opens."""
    log = tmp_path / "editor-calls.json"
    script = tmp_path / "fake-editor.py"
    script.write_text(
        "import json, sys\n"
        f"log = {str(log)!r}\n"
        "calls = json.load(open(log)) if __import__('os').path.exists(log) else []\n"
        "calls.append(sys.argv[1:])\n"
        "json.dump(calls, open(log, 'w'))\n"
        "open(sys.argv[-1], 'a').write('\\n# edited\\n')\n"
    )
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    # Headless tests cannot hand over a terminal: suspend is a no-op here.
    monkeypatch.setattr(CoachApp, "suspend", lambda self: contextlib.nullcontext())
    return log


def calls(log: Path) -> list[list[str]]:
    return json.loads(log.read_text()) if log.exists() else []


@pytest.fixture
def journal() -> Journal:
    with Journal.open() as opened:
        yield opened


async def test_faq_edit_opens_the_entry_in_the_persons_own_folder(
    tmp_path: Path, content_dir: Path, editor: Path, journal: Journal
) -> None:
    folder = tmp_path / "pack"
    shutil.copytree(content_dir, folder)
    app = CoachApp(content=folder, journal=journal, clock=FakeClock(), start="faq")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, FaqScreen))
        screen = app.screen
        await wait_for(pilot, lambda: screen._shown is not None)
        shown = screen._shown
        await pilot.press("f4")
        await wait_for(pilot, lambda: bool(calls(editor)))
        (args,) = calls(editor)
        assert args[-1] == str((folder / "faq.toml").absolute())
        line = int(args[-2].removeprefix("+"))
        lines = (folder / "faq.toml").read_text().splitlines()
        assert lines[line - 1].strip() == "[[faq]]"
        assert f'"{shown}"' in "\n".join(lines[line : line + 4])
        assert (folder / "faq.toml").read_text().endswith("# edited\n")
        assert not paths.user_content_dir().exists()


async def test_default_content_is_copied_first_never_edited(
    content_dir: Path, editor: Path, journal: Journal
) -> None:
    shipped = paths.shipped_content_dir()
    before = (shipped / "faq.toml").read_bytes()
    app = CoachApp(journal=journal, clock=FakeClock(), start="faq")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, FaqScreen))
        await wait_for(pilot, lambda: app.screen._shown is not None)
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert not calls(editor)
        await pilot.press("n")  # no: nothing copied, nothing opened
        await wait_for(pilot, lambda: isinstance(app.screen, FaqScreen))
        assert not paths.user_content_dir().exists() and not calls(editor)
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: bool(calls(editor)))
    user_faq = paths.user_content_dir() / "faq.toml"
    assert calls(editor)[0][-1] == str(user_faq.absolute())
    assert user_faq.read_text().endswith("# edited\n")
    assert (shipped / "faq.toml").read_bytes() == before


async def test_problems_edit_opens_the_broken_file_at_its_line(
    tmp_path: Path, content_dir: Path, editor: Path, journal: Journal
) -> None:
    folder = tmp_path / "pack"
    shutil.copytree(content_dir, folder)
    broken = folder / "protocols" / "control-drill.toml"
    broken.write_text(broken.read_text().replace('title = "', 'title = "unclosed\n', 1))
    app = CoachApp(content=folder, journal=journal, clock=FakeClock())
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ProblemsScreen))
        problem = app.screen.error.problems[0]
        await pilot.press("f4")
        await wait_for(pilot, lambda: bool(calls(editor)))
        assert calls(editor)[0][-2:] == [f"+{problem.line}", str(problem.path.absolute())]


async def test_session_edit_pauses_and_opens_the_step(
    tmp_path: Path, content_dir: Path, editor: Path, journal: Journal
) -> None:
    folder = tmp_path / "pack"
    shutil.copytree(content_dir, folder)
    app = CoachApp(content=folder, journal=journal, clock=FakeClock(), start="session")
    async with app.run_test(size=(100, 30)) as pilot:
        # A fresh journal: what to check before the first session comes first; s starts it.
        await wait_for(pilot, lambda: isinstance(app.screen, BeforeYouStartScreen))
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SessionScreen))
        session = app.screen
        await pilot.press("f4")
        await wait_for(pilot, lambda: bool(calls(editor)))
        view = session.view
        assert not view.running
        path = Path(calls(editor)[0][-1])
        line = int(calls(editor)[0][-2].removeprefix("+"))
        assert path.parent.name == "protocols"
        assert path.read_text().splitlines()[line - 1].strip() == "[[steps]]"
