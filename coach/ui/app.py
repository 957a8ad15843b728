"""The Textual app: one factory builds it from settings, content and journal.

Start-up is arranged so the first frame needs only Textual and the pack's titles (read with
tomllib); validation (pydantic) and the journal (sqlite) follow in a worker thread, then the
home screen fills in. Content files are polled for changes and reloaded live.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive

from coach.pack.read import Titles, content_files, read_titles
from coach.settings import Settings, load_settings
from coach.ui.messages import PackChanged
from coach.ui.screens.home import HomeScreen
from coach.ui.text import clean

if TYPE_CHECKING:
    from coach.faq.search import FaqIndex
    from coach.journal.store import Journal
    from coach.pack.errors import PackError
    from coach.pack.model import Pack, Safety
    from coach.session.clock import Clock
    from coach.ui.screens.session import SessionScreen

Start = Literal["home", "session", "faq"]


def _palette():
    """The command-palette provider, imported when the palette first opens, not at start."""
    from coach.ui.palette import CoachCommands

    return CoachCommands


NEUTRAL_TITLE = "Timer"


class CoachApp(App[int]):
    # Home is the default screen: its styles load with the app's (a default screen's own
    # CSS_PATH would arrive after its first frame, unstyled).
    CSS_PATH = ["app.tcss", "screens/home.tcss"]
    TITLE = "coach"
    COMMANDS = App.COMMANDS | {lambda: _palette()}
    BINDINGS = [
        Binding("f2", "blank", "Hide screen", priority=True, show=False),
        # On screens opened over a running session (the questions), where p is a letter to
        # type: stopping for pain stays one key away.
        Binding("f9", "pain_stop", "Pain stop", priority=True),
    ]

    pack: reactive[Pack | None] = reactive(None, init=False, always_update=True)
    """The validated content; ``None`` until the worker has loaded it."""

    def __init__(
        self,
        *,
        content: Path | None = None,
        settings: Settings | None = None,
        clock: Clock | None = None,
        start: Start = "home",
        protocol_id: str | None = None,
        query: str = "",
        pack: Pack | None = None,
        journal: Journal | None = None,
        watch_content: bool = True,
        speak: bool = False,
    ) -> None:
        super().__init__()
        from coach.ui.themes import register_themes

        register_themes(self)
        self.speak = speak
        self.content = content
        self.settings = settings or Settings()
        self.clock = clock
        self.start = start
        self.protocol_id = protocol_id
        self.initial_query = query  # not `query`: that is Textual's DOM query method
        self.journal = journal
        self.watch_content = watch_content
        self.titles: Titles | None = None
        self.faq_index: FaqIndex | None = None
        self.load_problems: PackError | None = None
        self._initial_pack = pack
        self._load_pending = False
        self._content_stamp: tuple[tuple[str, int, int], ...] = ()
        if self.settings.discreet:
            self.title = NEUTRAL_TITLE
        self._apply_theme(self.settings.theme)

    def validate_title(self, title: Any) -> str:
        # The title comes from a content file: an escape code in it must not reach the terminal.
        return clean(str(title))

    def _apply_theme(self, name: str) -> None:
        if name in self.available_themes:
            self.theme = name
        else:
            self.call_later(
                self.notify,
                f"Unknown theme {name!r} in settings; using the default.",
                severity="warning",
                markup=False,
            )

    # --- start-up --------------------------------------------------------------------------

    def get_default_screen(self) -> HomeScreen:
        # Home is the default screen, so the very first frame is home, not a blank screen.
        if self._initial_pack is None:
            self.titles = self._read_titles()  # tomllib only: cheap, and enough for a first paint
        return HomeScreen()

    def _read_titles(self) -> Titles | None:
        from coach.locations import active_sources

        folder, _ = active_sources(self.content)
        # The base pack's titles: a user pack may hold only a few overrides. The validated,
        # overlaid pack replaces these a moment later.
        return read_titles(folder)

    def on_mount(self) -> None:
        if self._initial_pack is not None:
            self._loaded(self._initial_pack, None)
        else:
            self._load_pending = True  # started on Ready: after the first frame is on screen
        if self.watch_content and self._initial_pack is None:
            self.set_interval(1.0, self._poll_content, name="content-watch")

    def on_ready(self) -> None:
        """The first frame is drawn: now validate content, so its imports (pydantic) and work
        don't compete with the first paint for the interpreter."""
        if self._load_pending:
            self._load_pending = False
            self.run_worker(self._load, thread=True, name="load-content", exit_on_error=False)

    def _load(self) -> None:
        """Worker thread: validate content (imports pydantic) off the first frame's path."""
        from coach.pack.errors import PackError
        from coach.pack.load import load

        # Stamp before reading: a file saved while this load runs is then seen as a change.
        self._content_stamp = self._stamp()
        try:
            result = load(*self._sources())
            from coach.faq.search import FaqIndex

            # Built here, off the UI thread: at 10k entries the index takes about a second.
            self.faq_index = FaqIndex.for_pack(result.pack)
            self.call_from_thread(self._loaded, result.pack, None)
        except PackError as exc:
            self.call_from_thread(self._loaded, None, exc)

    def _sources(self) -> tuple[Path, Path | None]:
        from coach.locations import active_sources

        return active_sources(self.content)

    def _loaded(self, pack: Pack | None, problems: PackError | None) -> None:
        first = self.pack is None
        self._close_problems()
        self.load_problems = problems
        if pack is None:
            if problems is not None:
                self._show_problems(problems, keep_running=not first)
            self._tell_screens()
            return
        self.pack = pack
        if first:
            self._open_journal()
            if self.start == "session":
                self.start_protocol(self.protocol_id)
            elif self.start == "faq":
                self.open_faq(query=self.initial_query)
        else:
            self.notify("Content reloaded.", timeout=3)

    def _show_problems(self, problems: PackError, *, keep_running: bool) -> None:
        from coach.ui.screens.problems import ProblemsScreen

        command = f"coach --content {self.content} check" if self.content else "coach check"
        self.push_screen(ProblemsScreen(problems, keeping_last_good=keep_running, command=command))

    def _close_problems(self) -> None:
        """A fixed (or newly broken) file replaces the problems shown for the last one."""
        from coach.ui.screens.problems import ProblemsScreen

        if isinstance(self.screen, ProblemsScreen):
            self.pop_screen()

    def _open_journal(self) -> None:
        if self.journal is not None:
            return
        from coach.journal.aside import JournalError
        from coach.journal.notice import moved_aside_message
        from coach.journal.store import Journal

        try:
            self.journal = Journal.open()
        except JournalError as exc:
            self.notify(
                clean(f"{exc} Sessions will not be saved."),  # harden: exc is a whole sentence
                severity="error",
                timeout=30,
                markup=False,
            )
            return
        message = moved_aside_message(self.journal)
        if message:
            self.notify(clean(message), severity="warning", timeout=30, markup=False)

    # --- live reload -----------------------------------------------------------------------

    def _stamp(self) -> tuple[tuple[str, int, int], ...]:
        """Modification times and sizes of every content file: cheap to poll once a second.
        Polling (not a file watcher) survives editors that save by renaming a new file over
        the old one, and folders that appear later."""
        out = []
        for folder in self._sources():
            if folder is None or not folder.is_dir():
                continue
            for path in content_files(folder):
                try:
                    st = path.stat()
                except OSError:
                    continue
                out.append((str(path), st.st_mtime_ns, st.st_size))
        return tuple(out)

    def _poll_content(self) -> None:
        if not self._content_stamp:
            return  # the first load has not finished
        stamp = self._stamp()
        if stamp != self._content_stamp:
            self._content_stamp = stamp
            self.run_worker(
                self._load, thread=True, name="reload-content", exclusive=True, exit_on_error=False
            )

    # --- watchers and actions ---------------------------------------------------------------

    def watch_pack(self, pack: Pack | None) -> None:
        if pack is not None and not self.settings.discreet:
            self.title = pack.info.title
        self._tell_screens()

    def _running_session(self) -> SessionScreen | None:
        # Not imported yet means no session ever ran (and importing it here would cost start-up).
        module = sys.modules.get("coach.ui.screens.session")
        if module is None:
            return None
        for screen in self.screen_stack:
            if isinstance(screen, module.SessionScreen) and not screen.session.finished:
                return screen
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pain_stop":
            session = self._running_session()
            return session is not None and self.screen is not session
        return True

    def action_pain_stop(self) -> None:
        session = self._running_session()
        if session is None:
            return
        while self.screen is not session:
            self.pop_screen()
        session.action_pain()

    def _tell_screens(self) -> None:
        """Every screen in the stack redraws what it shows of the content, not just the top one
        (under a problems dialog, home must learn that loading has ended)."""
        for screen in self.screen_stack:
            screen.post_message(PackChanged())

    def action_blank(self) -> None:
        from coach.ui.screens.blank import BlankScreen

        if isinstance(self.screen, BlankScreen):
            self.pop_screen()
        else:
            self.push_screen(BlankScreen())

    def safety_alone(self) -> Safety | None:
        """The safety file on its own, for when the rest of the pack has problems."""
        from coach.pack.errors import PackError
        from coach.pack.load import check_file
        from coach.pack.model import Safety

        for folder in reversed(self._sources()):  # the person's own file first
            path = folder / "safety.toml" if folder else None
            if path is not None and path.is_file():
                try:
                    model = check_file(path)
                except PackError:
                    continue
                if isinstance(model, Safety):
                    return model
        return None

    def open_faq(self, entry_id: str | None = None, *, query: str = "") -> None:
        if self.pack is None:
            self.notify("The questions are still loading.", timeout=3)
            return
        from coach.ui.screens.faq import FaqScreen

        if isinstance(self.screen, FaqScreen) and entry_id:
            self.screen.open_entry(entry_id)  # in place, with its back/forward history
            return
        index = self.faq_index
        if index is None or index.entries != self.pack.faq:
            from coach.faq.search import FaqIndex

            index = self.faq_index = FaqIndex.for_pack(self.pack)
        self.push_screen(FaqScreen(self.pack, query=query, entry_id=entry_id, index=index))

    def on_session_screen_questions_requested(self, _message: object) -> None:
        # f during a session (SessionScreen.QuestionsRequested): the questions over it.
        self.open_faq()

    def start_protocol(self, protocol_id: str | None = None) -> None:
        if self.pack is None:
            self.notify("The content is still loading.", timeout=3)
            return
        try:
            protocol = (
                self.pack.protocol(protocol_id) if protocol_id else self.pack.default_protocol
            )
        except KeyError:
            known = ", ".join(p.id for p in self.pack.protocols)
            self.notify(
                f"No protocol {protocol_id!r}. Known: {known}",
                severity="error",
                markup=False,
            )
            return
        from coach.ui.flow import run_session

        run_session(self, protocol)

    def open_history(self) -> None:
        if self.journal is None:
            self.notify("The journal is not available.", timeout=3)
            return
        from coach.ui.screens.history import HistoryScreen

        self.push_screen(
            HistoryScreen(
                self.journal,
                self.pack.program if self.pack else None,
                pack=self.pack,
            )
        )

    def open_settings(self) -> None:
        from coach.ui.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen(self.settings), self._settings_changed)

    def _settings_changed(self, settings: Settings | None) -> None:
        if settings is None:
            return
        from coach.settings import save_settings

        self.settings = settings
        self._apply_theme(settings.theme)
        try:
            save_settings(settings)
        except OSError as exc:
            self.notify(
                clean(f"Settings apply now but could not be saved: {exc.strerror or exc}"),
                severity="warning",
                markup=False,
            )
        self.title = (
            NEUTRAL_TITLE if settings.discreet else (self.pack.info.title if self.pack else "coach")
        )
        self._tell_screens()

    def on_unmount(self) -> None:
        from coach.run import close_open_runs

        close_open_runs()  # a session's journal writes, given a bounded moment (run branch)
        if self.journal is not None:
            self.journal.close()


def make_app(
    args: argparse.Namespace | None = None,
    *,
    start: Start = "home",
    **kwargs: Any,
) -> CoachApp:
    """The one way to build the app: the CLI, tests and snapshot apps all call it."""
    settings = kwargs.pop("settings", None) or load_settings()
    if args is not None and getattr(args, "discreet", None):
        settings = settings.with_changes(discreet=True)
    if args is not None and getattr(args, "no_sound", False):
        settings = settings.with_changes(sound=False)
    if args is not None and getattr(args, "speak", None):
        kwargs.setdefault("speak", True)
    content = Path(args.content) if args is not None and args.content else None
    return CoachApp(content=content, settings=settings, start=start, **kwargs)


def run_app(
    args: argparse.Namespace | None = None,
    *,
    start: Start = "home",
    on_exit: Callable[[CoachApp], None] | None = None,
    **kwargs: Any,
) -> int:
    app = make_app(args, start=start, **kwargs)
    for problem in app.settings.problems:
        print(f"coach: {problem}")
    result = app.run()
    if on_exit is not None:
        on_exit(app)
    return int(result or 0)
