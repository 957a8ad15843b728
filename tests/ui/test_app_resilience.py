"""The app when things go wrong: broken content at start-up or mid-session, any exception in a
load, crashes, keys that must always work, and the commands that must not lock a person out."""

from __future__ import annotations

import logging
import stat
import sys
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette

from coach.cli.arguments import build_parser
from coach.cli.main import main
from coach.engine.clock import FakeClock
from coach.journal.store import Journal
from coach.pack import source as source_module
from coach.pack.load import load_pack
from coach.system import logs, paths
from coach.tui.app import CoachApp, make_app
from coach.tui.screens.blank import BlankScreen
from coach.tui.screens.faq import FaqScreen
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.keys import KeysScreen
from coach.tui.screens.problems import ProblemsScreen
from coach.tui.screens.session import SessionScreen
from tests.helpers import wait_for
from tests.screen import notifications, screen_text
from tests.unit.packs import mini_pack, write_pack

DEEP = "x = " + "[" * 1000 + "]" * 1000 + "\n"
POLL = 0.02  # the injectable poll interval: no test waits on the real one-second poll


def break_file(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + DEEP, encoding="utf-8")


async def loaded(app: CoachApp, pilot) -> None:
    """Wait for the content worker deterministically, then for its message to be handled."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def user_pack() -> Path:
    user = paths.user_content_dir()
    user.mkdir(parents=True)
    (user / "faq.toml").write_text(
        '[[faq]]\nid = "mine"\nbasis = "general"\nquestion = "My own question?"\nanswer = "My own answer."\n',
        encoding="utf-8",
    )
    return user


# --- no lock-out --------------------------------------------------------------------------------


async def test_a_broken_personal_file_at_start_up_opens_on_the_last_good_content(
    tmp_path: Path,
) -> None:
    user = user_pack()
    first = CoachApp(journal=Journal.open(tmp_path / "j.sqlite3"), watch_content=False)
    async with first.run_test(size=(100, 30)) as pilot:
        await loaded(first, pilot)
        assert first.pack is not None and first.content_state.fallback is None
    break_file(user / "faq.toml")

    app = CoachApp(journal=Journal.open(tmp_path / "j.sqlite3"), watch_content=False)
    async with app.run_test(size=(160, 40)) as pilot:
        await loaded(app, pilot)
        assert app.pack is not None and app.content_state.fallback == "last good"
        assert any(entry.id == "mine" for entry in app.pack.faq)
        assert isinstance(app.screen, HomeScreen)
        shown = screen_text(app)
        assert "Your content has a problem" in shown and "faq.toml" in shown
        assert "Loading" not in shown
        await pilot.press("f8")  # the full list, one key away
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        assert "faq.toml" in screen_text(app)


async def test_content_that_cannot_load_at_all_never_says_loading(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "pack")
    break_file(folder / "faq.toml")
    app = CoachApp(content=folder, journal=Journal.open(tmp_path / "j.sqlite3"), poll_seconds=POLL)
    async with app.run_test(size=(160, 40)) as pilot:
        await loaded(app, pilot)
        assert app.pack is None and app.content_state.problems is not None
        assert isinstance(app.screen, ProblemsScreen)
        assert "faq.toml" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        shown = screen_text(app)
        assert "Loading" not in shown and "The content has problems" in shown
        with notifications(app) as said:
            app.open_faq()
            app.sessions.start(None)
            await pilot.pause()
        assert said and not any("still loading" in line for line in said)
        # Fixed: it loads by itself, on the (short) poll.
        (folder / "faq.toml").write_text(
            (folder / "faq.toml").read_text(encoding="utf-8").replace(DEEP, ""), encoding="utf-8"
        )
        await wait_for(pilot, lambda: app.pack is not None)
        assert app.content_state.problems is None


@pytest.mark.parametrize("error", [MemoryError(), RecursionError(), OSError(5, "I/O error")])
async def test_any_exception_in_the_loading_worker_reaches_the_person(
    tmp_path: Path, error: BaseException, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*_: object) -> None:
        raise error

    monkeypatch.setattr(source_module, "_load", fail)
    folder = write_pack(tmp_path / "pack")
    app = CoachApp(
        content=folder, journal=Journal.open(tmp_path / "j.sqlite3"), watch_content=False
    )
    async with app.run_test(size=(160, 40)) as pilot:
        await loaded(app, pilot)
        assert isinstance(app.screen, ProblemsScreen)
        assert str(folder) in screen_text(app)


async def test_an_older_reload_never_replaces_a_newer_one(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "pack")
    app = CoachApp(
        content=folder, journal=Journal.open(tmp_path / "j.sqlite3"), watch_content=False
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        source = app.source
        old = source.begin()
        (folder / "protocols" / "breathe.toml").write_text(
            (folder / "protocols" / "breathe.toml")
            .read_text(encoding="utf-8")
            .replace('title = "Breathe"', 'title = "Newer"'),
            encoding="utf-8",
        )
        newer = source.load(source.begin())
        stale = source.load(old)
        stale = type(stale)(old, mini_pack(tmp_path / "other"))  # any older content
        app.post_message(app.ContentLoaded(newer))
        app.post_message(app.ContentLoaded(stale))
        await pilot.pause()
        assert app.pack is not None and app.pack.default_protocol.title == "Newer"


# --- p always stops the session ---------------------------------------------------------------


async def test_content_broken_mid_session_never_covers_it_and_p_still_stops(
    tmp_path: Path,
) -> None:
    folder = write_pack(tmp_path / "pack")
    app = CoachApp(
        content=folder,
        journal=Journal.open(tmp_path / "j.sqlite3"),
        clock=FakeClock(),
        poll_seconds=POLL,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        session = app.screen
        assert isinstance(session, SessionScreen)
        with notifications(app) as said:
            break_file(folder / "protocols" / "breathe.toml")
            await wait_for(pilot, lambda: app.content_state.problems is not None)
            await pilot.pause()
        assert app.screen is session  # a notice, not a dialog over the session
        assert any("breathe.toml" in line for line in said)
        assert app.pack is not None  # the last good content stays in use
        await pilot.press("f8")  # the full list, one key away...
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        assert "q" not in app.active_bindings or not app.active_bindings["q"].enabled
        await pilot.press("p")  # ...and p still stops the session from it
        await pilot.pause()
        assert session.session.finished and session.view.finish_reason == "pain"


async def test_content_reloaded_mid_session_says_the_session_keeps_its_text(
    tmp_path: Path,
) -> None:
    folder = write_pack(tmp_path / "pack")
    app = CoachApp(
        content=folder,
        journal=Journal.open(tmp_path / "j.sqlite3"),
        clock=FakeClock(),
        poll_seconds=POLL,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        path = folder / "protocols" / "breathe.toml"
        with notifications(app) as said:
            path.write_text(
                path.read_text(encoding="utf-8").replace('title = "Breathe"', 'title = "New"'),
                encoding="utf-8",
            )
            await wait_for(pilot, lambda: any("reloaded" in line for line in said))
        assert (
            said[-1] == "Content reloaded. The session running now keeps the text it started with."
        )


@pytest.mark.parametrize("over", ["keys", "blank-free", "palette"])
async def test_pain_stops_the_session_from_screens_over_it(tmp_path: Path, over: str) -> None:
    app = CoachApp(
        pack=mini_pack(tmp_path / "pack"),
        journal=Journal.open(tmp_path / "j.sqlite3"),
        clock=FakeClock(),
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        session = app.screen
        assert isinstance(session, SessionScreen)
        if over == "keys":
            await pilot.press("f1")
            await pilot.pause()
            assert isinstance(app.screen, KeysScreen)
            await pilot.press("p")
        elif over == "palette":
            await pilot.press("ctrl+p")
            await pilot.pause()
            assert isinstance(app.screen, CommandPalette)
            await pilot.press("p")  # typed into the palette's search...
            assert not session.session.finished
            await pilot.press("f9")  # ...so F9 stops
        else:
            app.open_faq()
            await pilot.pause()
            assert isinstance(app.screen, FaqScreen)
            await pilot.press("f9")
        await pilot.pause()
        assert session.session.finished and session.view.finish_reason == "pain"


# --- keys and the palette -----------------------------------------------------------------------


async def test_question_mark_lists_every_key_of_home(tmp_path: Path) -> None:
    app = CoachApp(pack=mini_pack(tmp_path / "pack"), journal=Journal.open(tmp_path / "j"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, KeysScreen)
        shown = screen_text(app)
        for words in ("Questions", "History", "Settings", "Hide screen", "F2", "Quit", "Ctrl+P"):
            assert words in shown, words
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_palette_then_f2_then_palette_again(tmp_path: Path) -> None:
    app = CoachApp(pack=mini_pack(tmp_path / "pack"), journal=Journal.open(tmp_path / "j"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p", "f2", "ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, BlankScreen)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("ctrl+p", "pagedown", "pagedown", "pageup")  # one burst
        await pilot.pause()
        assert app.is_running


@pytest.mark.parametrize("entry", ["Safety", "History", "Settings", "About"])
async def test_the_palette_finds_safety_history_settings_and_about(
    tmp_path: Path, entry: str
) -> None:
    app = CoachApp(pack=mini_pack(tmp_path / "pack"), journal=Journal.open(tmp_path / "j"))
    async with app.run_test(size=(100, 30)) as pilot:
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert entry in titles
        await pilot.press("ctrl+p", *entry.lower())

        def best_hit() -> str:  # the palette searches in the background
            screen = app.screen
            if not isinstance(screen, CommandPalette):
                return ""
            hits = screen.query_one(CommandList)
            if hits.highlighted is None:
                return ""
            return str(hits.get_option_at_index(hits.highlighted).prompt)

        await wait_for(pilot, lambda: best_hit().startswith(entry), what=f"{entry} found")
        await pilot.press("enter")
        await pilot.pause()
        if entry == "About" and "coach.tui.screens.about" not in sys.modules:
            try:
                import coach.tui.screens.about  # noqa: F401 - the safety helper's screen
            except ImportError:
                pytest.skip("the About screen is not on this branch yet")
        name = {"Safety": "SafetyScreen", "History": "HistoryScreen"}.get(entry, "")
        name = name or {"Settings": "SettingsScreen", "About": "AboutScreen"}[entry]
        assert type(app.screen).__name__ == name


async def test_palette_start_during_a_session_is_refused(tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "j.sqlite3")
    app = CoachApp(pack=mini_pack(tmp_path / "pack"), journal=journal, clock=FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        session = app.screen
        with notifications(app) as said:
            app.sessions.start("breathe")
            await pilot.pause()
        assert app.screen is session
        assert any("A session is running" in line for line in said)
        assert len(journal.sessions()) == 1


@pytest.mark.parametrize("content", ["loaded after the first frame", "given"])
async def test_settings_warnings_are_shown_in_the_app_once(tmp_path: Path, content: str) -> None:
    """Validated in the loading worker (or, with the content given, when first asked for),
    each problem is told once, with its line, as content problems are."""
    paths.ensure_private_dir(paths.config_dir())
    config = paths.config_file()
    config.write_text('speach = true\ntheme = "nord"\nvolume = 500\n')
    folder = write_pack(tmp_path / "pack")
    app = make_app(
        build_parser().parse_args(["--content", str(folder)]),
        pack=load_pack(folder) if content == "given" else None,
        journal=Journal.open(tmp_path / "j"),
        watch_content=False,
    )
    with notifications(app) as said:
        async with app.run_test(size=(120, 30), notifications=True) as pilot:
            await loaded(app, pilot)
            assert app.theme == "nord"
            assert app.settings.volume == 70  # the default, as 500 is out of range
            assert "unknown setting 'speach'" in screen_text(app)
    assert said == [
        f"{config}:1:1: speach: unknown setting 'speach', ignored (did you mean 'speech'?)",
        f"{config}:3:1: volume: must be a whole number from 0 to 100; using the default",
    ]


# --- crashes and the log ------------------------------------------------------------------------


async def test_a_crash_is_logged_with_its_traceback_and_the_app_says_it_failed(
    tmp_path: Path,
) -> None:
    path = logs.setup(tmp_path / "log" / "coach.log")
    assert path is not None
    app = CoachApp(pack=mini_pack(tmp_path / "pack"), journal=Journal.open(tmp_path / "j"))

    def boom() -> None:
        raise ZeroDivisionError("a bug")

    with pytest.raises(ZeroDivisionError):
        async with app.run_test(size=(80, 24)) as pilot:
            app.call_later(boom)
            await pilot.pause()
    assert app.crashed and app.return_code == 1
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "Traceback" in text and "ZeroDivisionError: a bug" in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


# --- commands without a terminal, and without a valid personal pack ----------------------------


@pytest.mark.parametrize(
    ("argv", "suggests"),
    [([], "--plain"), (["start"], "--plain"), (["faq"], "--print"), (["faq", "pain"], "--print")],
)
def test_the_full_screen_app_needs_a_terminal(
    argv: list[str], suggests: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2  # pytest's stdin and stdout are not terminals
    err = capsys.readouterr().err
    assert "needs a terminal" in err and suggests in err
    assert not paths.journal_file().exists()  # nothing recorded


def test_a_dumb_terminal_is_told_to_use_plain_mode(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setenv("TERM", "dumb")
    assert main(["start"]) == 2
    assert "TERM=dumb" in capsys.readouterr().err


@pytest.mark.parametrize("plain", [False, True])
def test_an_unknown_protocol_exits_2_with_one_message(
    plain: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["start", "nope", *(["--plain"] if plain else [])]) == 2
    err = capsys.readouterr().err
    assert "no protocol 'nope'; known: " in err and "dilation-session" in err


def test_history_and_faq_print_work_with_a_broken_personal_pack(
    capsys: pytest.CaptureFixture[str],
) -> None:
    user = user_pack()
    break_file(user / "faq.toml")
    assert main(["history"]) == 0
    capsys.readouterr()
    assert main(["faq", "--print", "lubricant"]) == 0
    captured = capsys.readouterr()
    assert "lubricant" in captured.out.lower()
    assert "faq.toml" in captured.err and "using the default content" in captured.err


def test_settings_prints_the_log_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["settings"]) == 0
    assert f"log file:        {logs.log_file()}" in capsys.readouterr().out


@pytest.mark.parametrize("where", ["session", "checkin", "faq-search"])
async def test_question_mark_works_on_every_screen(tmp_path: Path, where: str) -> None:
    app = CoachApp(
        pack=mini_pack(tmp_path / "pack"),
        journal=Journal.open(tmp_path / "j.sqlite3"),
        clock=FakeClock(),
    )
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        if where == "checkin":
            await pilot.press("q")  # end early...
            await pilot.pause()
            await pilot.press("y")  # ...yes...
            await pilot.pause()
            for _ in range(3):  # ...past the summary, to the check-in (a modal screen)
                if type(app.screen).__name__ == "CheckInScreen":
                    break
                await pilot.press("enter")
                await pilot.pause()
            assert type(app.screen).__name__ == "CheckInScreen"
            await pilot.press("f1")  # its first field takes text: F1 there, ? elsewhere
        if where == "faq-search":
            app.open_faq()
            await pilot.pause()
            await pilot.press("question_mark")  # typed into the search box...
            await pilot.pause()
            assert isinstance(app.screen, FaqScreen)
            await pilot.press("f1")  # ...so F1 shows the keys
        elif where != "checkin":
            await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, KeysScreen)
        shown = screen_text(app)
        assert "F2" in shown and "Hide screen" in shown
        if where == "session":
            for words in ("Questions", "Pain stop", "Pause"):
                assert words in shown, words
        if where == "faq-search":
            assert "F9" in shown  # the pain stop, where p is a letter
