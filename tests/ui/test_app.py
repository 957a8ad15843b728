"""The whole app: its factory, discreet mode, settings, live reload, the example pack, and the
commands that prepare content (``coach init``, ``coach check``, a user pack over the default).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.content import Content
from textual.widgets import OptionList, Select, Switch

from coach.cli.arguments import build_parser
from coach.cli.main import main
from coach.engine.clock import FakeClock
from coach.journal.store import Journal
from coach.pack.load import load_pack
from coach.pack.model import Pack
from coach.system import paths
from coach.system.settings import Settings, read_settings
from coach.tui.app import CoachApp, make_app
from coach.tui.keeps_settings import NEUTRAL_TITLE
from coach.tui.screens.blank import BlankScreen
from coach.tui.screens.checkin import CheckInScreen
from coach.tui.screens.faq import FaqScreen
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.problems import ProblemsScreen
from coach.tui.screens.session import SessionScreen
from coach.tui.screens.settings import SettingsScreen
from coach.tui.screens.summary import SummaryScreen
from tests.helpers import CONTENT, ROOT, shipped_pack, wait_for
from tests.screen import screen_text
from tests.unit.packs import PROTOCOL, mini_pack, write_pack

EXAMPLE = ROOT / "examples" / "pelvic-floor"


def plain(content: object) -> str:
    return content.plain if isinstance(content, Content) else str(content)


def protocol_labels(app: CoachApp) -> list[str]:
    options = app.screen.query_one("#protocols", OptionList).options
    return [plain(option.prompt) for option in options]


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal.open(tmp_path / "journal.sqlite3")


# --- discreet mode ----------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["settings", "--discreet"])
async def test_discreet_mode_hides_what_the_routine_is(
    how: str, default_pack: Pack, journal: Journal
) -> None:
    if how == "settings":
        app = make_app(
            pack=default_pack,
            journal=journal,
            watch_content=False,
            settings=Settings(discreet=True),
        )
    else:
        args = build_parser().parse_args(["--discreet"])
        app = make_app(args, pack=default_pack, journal=journal, watch_content=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.settings.discreet
        assert app.title == NEUTRAL_TITLE == "Timer"
        assert isinstance(app.screen, HomeScreen)
        shown = screen_text(app)
        assert "Your routine" in shown
        labels = protocol_labels(app)  # distinct, neutral: "Routine A · 7 min · 6 steps"
        assert [label.split(" · ")[0] for label in labels] == [
            "Routine A",
            "Routine B",
            "Routine C",
        ]
        assert len(set(labels)) == 3 and all(" steps" in label for label in labels)
        for secret in (
            default_pack.info.title,
            default_pack.info.source.title if default_pack.info.source else "",
            *(protocol.title for protocol in default_pack.protocols),
            "Dilation",
            "dilation",
            "anal",
        ):
            assert secret and secret not in shown, f"{secret!r} shown in discreet mode"

        # F2 hides everything at once, from any screen, and brings it back.
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, BlankScreen)
        assert screen_text(app).strip() == ""
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, BlankScreen)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)


async def test_without_discreet_mode_the_titles_are_shown(
    default_pack: Pack, journal: Journal
) -> None:
    app = make_app(pack=default_pack, journal=journal, watch_content=False, settings=Settings())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.title == default_pack.info.title
        assert default_pack.info.title in screen_text(app)
        assert protocol_labels(app)[0].startswith(default_pack.default_protocol.title)


# --- settings ---------------------------------------------------------------------------------

FIRST_FRAME_PROBE = """
import asyncio, sys
from coach.system.settings_file import read_settings_file
from coach.tui.app import CoachApp

seen = {}
first_frame_drawn = CoachApp.on_ready


def on_ready(self) -> None:
    seen["pydantic at the first frame"] = "pydantic" in sys.modules
    seen["theme"] = self.theme
    seen["title"] = self.title
    first_frame_drawn(self)


CoachApp.on_ready = on_ready


async def main() -> None:
    app = CoachApp(settings=read_settings_file(), watch_content=False)  # as make_app() does
    async with app.run_test() as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        seen["volume"] = app.settings.volume
    print(seen)


asyncio.run(main())
"""


def probed(probe: str) -> object:
    """What a probe script prints last (a Python literal), run in a process of its own: what
    happens before the first frame is per process (imports, the collector)."""
    import ast
    import os
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    ).stdout
    return ast.literal_eval(out.strip().splitlines()[-1])


def test_the_first_frame_reads_theme_and_discreet_mode_without_pydantic() -> None:
    """Settings are validated (pydantic, ~100 ms cold) after the first frame, in the loading
    worker; the first frame already has the file's theme and a neutral title."""
    paths.ensure_private_dir(paths.config_dir())
    paths.config_file().write_text('theme = "nord"\ndiscreet = true\nvolume = 40\n')
    assert probed(FIRST_FRAME_PROBE) == {
        "pydantic at the first frame": False,
        "theme": "nord",
        "title": NEUTRAL_TITLE,
        "volume": 40,
    }


COLLECTOR_PROBE = """
import asyncio, gc, sys
from coach.system import collector
from coach.tui.app import CoachApp
from coach.tui.loading import LoadsContent

seen = {}
first_frame_drawn = LoadsContent.on_ready


def on_ready(self) -> None:
    seen.setdefault("collector at the first frame", gc.isenabled())
    first_frame_drawn(self)
    seen.setdefault("collector after it", gc.isenabled())
    seen.setdefault("start-up frozen", gc.get_freeze_count() > 0)


LoadsContent.on_ready = on_ready


async def main() -> None:
    collector.hold_start_up()  # as the console script does
    app = CoachApp(watch_content=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    print(seen)


asyncio.run(main())
"""


def test_the_collector_is_held_until_the_first_frame_and_runs_after_it() -> None:
    """Start-up's ~49,000 lasting objects are not walked by collections on the way to the
    first frame (coach.system.collector); after it they are frozen and the collector runs."""
    assert probed(COLLECTOR_PROBE) == {
        "collector at the first frame": False,
        "collector after it": True,
        "start-up frozen": True,
    }


async def test_settings_change_the_theme_and_save_it(default_pack: Pack, journal: Journal) -> None:
    app = make_app(pack=default_pack, journal=journal, watch_content=False, settings=Settings())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("comma")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        select = screen.query_one("#theme", Select)
        assert "coach-high-contrast" in [value for _, value in select._options]
        select.value = "coach-high-contrast"
        await pilot.pause()
        assert app.theme == "coach-high-contrast"  # a preview, as it is chosen
        screen.query_one("#sound", Switch).value = False
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.theme == "coach-high-contrast"
    path = paths.config_file()
    assert path.is_file()
    saved, problems = read_settings()
    assert (saved.theme, saved.sound, problems) == ("coach-high-contrast", False, ())
    # The next start reads it.
    again = make_app(pack=default_pack, journal=Journal.open(journal.path), watch_content=False)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.theme == "coach-high-contrast"
        assert again.settings.sound is False


async def test_cancelling_settings_restores_the_theme_and_saves_nothing(
    default_pack: Pack, journal: Journal
) -> None:
    app = make_app(pack=default_pack, journal=journal, watch_content=False, settings=Settings())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        before = app.theme
        await pilot.press("comma")
        await pilot.pause()
        app.screen.query_one("#theme", Select).value = "coach-high-contrast"
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.theme == before
    assert not paths.config_file().exists()


# --- live reload ------------------------------------------------------------------------------


def live_app(folder: Path, journal: Journal, clock: FakeClock | None = None) -> CoachApp:
    """The app as `coach --content DIR` makes it: reading, validating and watching DIR (on a
    short poll: no test waits on the real one-second one)."""
    return CoachApp(content=folder, journal=journal, clock=clock or FakeClock(), poll_seconds=0.02)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


async def test_editing_content_reloads_it_and_a_broken_edit_keeps_the_last_good(
    tmp_path: Path, journal: Journal
) -> None:
    folder = write_pack(tmp_path / "pack")
    protocol = folder / "protocols" / "breathe.toml"
    app = live_app(folder, journal)
    async with app.run_test(size=(240, 30)) as pilot:  # wide: the problem's path fits a line
        await wait_for(pilot, lambda: app.pack is not None)
        assert protocol_labels(app)[0] == "Breathe"

        edit(protocol, 'title = "Breathe"', 'title = "Breathe slowly"')
        await wait_for(pilot, lambda: "Breathe slowly" in protocol_labels(app))
        assert "Breathe slowly" in screen_text(app)

        # A broken edit: its problems are shown, the last good content stays.
        edit(protocol, 'title = "Breathe slowly"', 'title = "Broken')
        await wait_for(pilot, lambda: isinstance(app.screen, ProblemsScreen))
        await pilot.pause()
        assert app.pack is not None and app.pack.default_protocol.title == "Breathe slowly"
        (problem,) = app.screen.error.problems
        assert (problem.path.name, problem.line) == ("breathe.toml", 2)  # the unclosed string
        shown = screen_text(app)
        assert "breathe.toml:2:" in shown
        assert "keeps showing the last content that worked" in shown

        # Fixing it closes the problems and loads the fix.
        edit(protocol, 'title = "Broken', 'title = "Breathe, fixed"')
        await wait_for(pilot, lambda: not isinstance(app.screen, ProblemsScreen))
        await wait_for(pilot, lambda: "Breathe, fixed" in protocol_labels(app))
        assert isinstance(app.screen, HomeScreen)
        assert app.content_state.problems is None


async def test_a_reload_does_not_disturb_a_running_session(
    tmp_path: Path, journal: Journal
) -> None:
    folder = write_pack(tmp_path / "pack")
    protocol = folder / "protocols" / "breathe.toml"
    app = live_app(folder, journal)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.pack is not None and app.journal is not None)
        await pilot.press("enter")
        await pilot.pause()
        session = app.screen
        assert isinstance(session, SessionScreen)
        await pilot.press("enter")  # the checklist done: now on "In and out"
        await pilot.pause()
        assert session.view.step.id == "in-out"
        old_pack = app.pack

        # New titles for the protocol and the current step, saved while the session runs.
        edit(protocol, 'title = "In and out"', 'title = "Renamed step"')
        edit(protocol, 'title = "Breathe"', 'title = "Breathe v2"')
        await wait_for(pilot, lambda: app.pack is not old_pack)
        await pilot.pause()
        assert app.pack is not None and app.pack.default_protocol.title == "Breathe v2"
        assert app.screen is session
        assert session.view.step.id == "in-out"
        assert session.view.step.title == "In and out"
        assert session.view.protocol_title == "Breathe"
        assert session.view.position == 2
        assert "In and out" in screen_text(app)
        await pilot.press("s")  # skipped: "n" waits for the intervals' 30 s
        await pilot.pause()
        assert session.view.step.id == "try"  # still the protocol it started with


async def test_deleting_and_restoring_a_file_while_watching(
    tmp_path: Path, journal: Journal
) -> None:
    """An editor that saves by writing a new file and renaming it over the old one."""
    folder = write_pack(tmp_path / "pack")
    protocol = folder / "protocols" / "breathe.toml"
    app = live_app(folder, journal)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.pack is not None)
        fresh = protocol.with_name(".breathe.toml.swp")
        fresh.write_text(PROTOCOL.replace('title = "Breathe"', 'title = "Saved by rename"'))
        fresh.replace(protocol)
        await wait_for(pilot, lambda: "Saved by rename" in protocol_labels(app))
        # The moment the file was missing was no problem to report: it came straight back.
        assert app.content_state.problems is None and not isinstance(app.screen, ProblemsScreen)
        assert protocol_labels(app)[0].startswith("Saved by rename")


# --- the example pack -------------------------------------------------------------------------


async def test_the_example_pack_runs_every_protocol(tmp_path: Path) -> None:
    pack = load_pack(EXAMPLE)
    clock = FakeClock()
    app = make_app(
        pack=pack,
        journal=Journal.open(tmp_path / "journal.sqlite3"),
        clock=clock,
        watch_content=False,
        settings=Settings(),
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert pack.info.title in screen_text(app)
        default = pack.default_protocol
        ordered = [default, *(p for p in pack.protocols if p is not default)]
        for index, protocol in enumerate(ordered):
            if index == 0:
                await pilot.press("enter")  # the default protocol, from home
            else:
                app.sessions.start(protocol.id)
            await pilot.pause()
            session = app.screen
            assert isinstance(session, SessionScreen)
            assert session.view.protocol_title == protocol.title
            seen = []
            for _ in range(len(protocol.steps) + 1):
                if app.screen is not session:
                    break
                view = session.view
                seen.append(view.step.id)
                assert view.step.title in screen_text(app)
                if view.attempts_expected:  # the fewest tries expected: the step is done
                    await pilot.press(*["enter"] * view.attempts_expected.low)
                clock.advance(view.step_minimum or 2)  # its time: done, not left short
                await pilot.press("n")
                await pilot.pause()
            assert seen == [step.id for step in protocol.steps if not step.branch_only]
            assert isinstance(app.screen, SummaryScreen)
            assert "Session complete" in screen_text(app)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, CheckInScreen)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
        sessions = app.journal.sessions() if app.journal else []
        assert sorted(s.protocol_id for s in sessions) == sorted(p.id for p in pack.protocols)
        assert all(s.completed for s in sessions)
        # Every required step done for its time and tries: each session counts (or, a drill
        # with counts_as_session = false, never does).
        assert all(s.counted is s.counts_as_session for s in sessions)


def test_coach_check_passes_on_the_example_pack(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(EXAMPLE)]) == 0
    assert capsys.readouterr().out.rstrip().endswith("ok")


# --- coach init and check ---------------------------------------------------------------------


def test_init_then_check_and_init_refuses_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "mine"
    assert main(["init", str(target)]) == 0
    assert "Copied the default content" in capsys.readouterr().out
    assert (target / "pack.toml").is_file()
    assert (target / "schema" / "faq.schema.json").is_file()

    assert main(["check", str(target)]) == 0
    out = capsys.readouterr().out
    assert out.rstrip().endswith("ok")
    assert f"{len(shipped_pack().protocols)} protocols" in out

    pack_toml = target / "pack.toml"
    pack_toml.write_text(pack_toml.read_text() + "\n# my own change\n")
    assert main(["init", str(target)]) == 1
    err = capsys.readouterr().err
    assert "exist already" in err and "--force" in err
    assert "# my own change" in pack_toml.read_text()  # untouched

    assert main(["init", "--force", str(target)]) == 0
    capsys.readouterr()
    assert pack_toml.read_bytes() == (CONTENT / "pack.toml").read_bytes()
    assert main(["check", str(target)]) == 0


def test_init_without_a_folder_fills_the_user_content_folder(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["init"]) == 0
    user = paths.user_content_dir()
    assert (user / "pack.toml").is_file()
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert f"with your changes from {user}" in out


# --- a user pack over the default ---------------------------------------------------------------

USER_FAQ = """\
[[faq]]
id = "preparation"
basis = "general"
question = "How do I get ready, my own way?"
answer = "My clinician's own words on getting ready."
tags = ["preparation"]
"""


async def test_a_user_faq_entry_replaces_the_default_one(
    journal: Journal, capsys: pytest.CaptureFixture[str]
) -> None:
    user = paths.user_content_dir()
    user.mkdir(parents=True)
    (user / "faq.toml").write_text(USER_FAQ, encoding="utf-8")

    assert main(["check", "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "FAQ entry 'preparation' replaces the default" in out

    default = shipped_pack()
    app = CoachApp(journal=journal, watch_content=False)  # no --content: default + user pack
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: app.pack is not None)
        assert len(app.pack.faq) == len(default.faq)
        app.open_faq("preparation")
        faq = app.screen
        assert isinstance(faq, FaqScreen)
        # The index is built off the UI thread: the answer is shown once it is ready.
        await wait_for(pilot, lambda: faq.current is not None, what="the answer shown")
        await pilot.pause()
        shown = screen_text(app)
        assert "How do I get ready, my own way?" in shown
        assert "My clinician's own words on getting ready." in shown
        listed = [plain(o.prompt) for o in faq.query_one("#faq-questions", OptionList).options]
        assert "How do I get ready, my own way?" in listed
        assert "How should I prepare for a session?" not in listed
        # In the default's place, not at the end.
        index = [entry.id for entry in default.faq].index("preparation")
        assert app.pack.faq[index].question == "How do I get ready, my own way?"


def test_a_copy_of_the_example_pack_is_checked_like_the_original(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "pelvic"
    shutil.copytree(EXAMPLE, copy)
    edit(copy / "pack.toml", "default_protocol", "default_protocl")
    assert main(["check", str(copy)]) == 1
    out = capsys.readouterr().out
    assert "pack.toml:" in out and "default_protocl" in out and "did you mean" in out


# --- from the code review -----------------------------------------------------------------------


async def test_f9_stops_for_pain_from_the_questions_opened_over_a_session(
    tmp_path: Path, journal: Journal
) -> None:
    app = CoachApp(pack=mini_pack(tmp_path / "pack"), journal=journal, clock=FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        session = app.screen
        assert isinstance(session, SessionScreen)
        assert "f9" not in app.active_bindings  # on the session screen, p does it
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FaqScreen)
        await pilot.press("p")  # a letter typed into the search box, not a stop
        assert not session.session.finished
        assert "f9" in app.active_bindings
        await pilot.press("f9")
        await pilot.pause()
        assert session.session.finished
        assert session.view.finish_reason == "pain"
        assert app.pack is not None
        assert app.pack.safety.title in screen_text(app)


async def test_the_app_keeps_textuals_query(tmp_path: Path, journal: Journal) -> None:
    app = CoachApp(pack=mini_pack(tmp_path / "pack"), journal=journal, query="why")
    async with app.run_test(size=(80, 24)):
        assert app.initial_query == "why"
        assert app.query("#protocols")  # Textual's DOM query still works


def test_init_leaves_an_existing_folders_permissions_alone(tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir(mode=0o755)
    target.chmod(0o755)
    assert main(["init", str(target)]) == 0
    assert target.stat().st_mode & 0o777 == 0o755
    assert (target / "pack.toml").stat().st_mode & 0o777 == 0o600
