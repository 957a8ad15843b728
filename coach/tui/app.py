"""The Textual app: it routes screens, and little else.

Start-up is arranged so the first frame needs only Textual and the pack's titles (read with
tomllib). Content comes from a Textual-free :class:`~coach.pack.source.ContentSource`: its loads
run in a worker thread once the first frame is drawn, and each result arrives as a
:class:`ContentLoaded` message (the newest wins). Screens get the data they show passed in and
post intents (``coach.tui.messages``); each intent has one handler here.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import ActiveBinding, Binding
from textual.command import CommandPalette
from textual.message import Message
from textual.reactive import reactive
from textual.worker import Worker, WorkerState

from coach.pack.read import Titles, read_titles
from coach.pack.source import ContentSource, Loaded, describe, unexpected_problem, unknown_protocol
from coach.session import hangup
from coach.session.hangup import end_when_terminal_goes
from coach.system.logs import log_file
from coach.system.paths import config_file
from coach.system.settings_file import RawSettings, read_settings_file
from coach.tui import messages as msg
from coach.tui.literal import clean
from coach.tui.palette import CoachCommands, CoachPalette
from coach.tui.screens.home import HomeScreen, HomeState
from coach.tui.themes import register_themes
from coach.tui.typing_guard import HELD_NOTICE, TypingGuard, is_typing_key

if TYPE_CHECKING:
    import argparse

    from textual.screen import Screen

    from coach.engine.clock import Clock
    from coach.faq.index_build import IndexBuild
    from coach.journal.resumable import Offer
    from coach.journal.store import Journal
    from coach.pack.errors import PackError
    from coach.pack.model import Pack, Protocol
    from coach.remote.options import RemoteOptions
    from coach.system.problems import Problem
    from coach.system.settings import Settings
    from coach.tui.screens.session import SessionScreen

log = logging.getLogger(__name__)

Start = Literal["home", "session", "faq"]

POLL_SECONDS = 1.0
"""How often content files are checked for edits (tests pass a shorter interval)."""

NEUTRAL_TITLE = "Timer"

_TEXT_WIDGETS = frozenset({"Input", "TextArea"})
"""Textual's widgets that take typed letters (see :meth:`CoachApp._typing`)."""


class CoachApp(App[int]):
    # Home is the default screen: its styles load with the app's (a default screen's own
    # CSS_PATH would arrive after its first frame, unstyled).
    CSS_PATH = ["app.tcss", "screens/home.tcss"]
    TITLE = "coach"
    BINDINGS = [
        Binding("f2", "blank", "Hide screen", priority=True, show=False),
        # On screens opened over a running session (the questions), where p is a letter to be
        # typed, stopping for pain stays one key away.
        Binding("f9", "pain_stop", "Pain stop", priority=True),
        # Elsewhere over a session (a dialog, the keys, the problems), p itself stops: a
        # priority binding, as modal screens hide the app's others, that steps aside (see
        # check_action) wherever p is a letter being typed.
        Binding("p", "pain_key", "Pain stop", show=False, priority=True),
        # Priority, as modal screens (the check-in, a dialog) hide the app's other bindings;
        # ? steps aside where it is being typed, F1 never does.
        Binding("question_mark", "keys_key", "Keys", key_display="?", priority=True),
        Binding("f1", "keys", "Keys", show=False, priority=True),
        Binding("f8", "problems", "Problems"),
    ]

    pack: reactive[Pack | None] = reactive(None, init=False, always_update=True)
    """The content in use; ``None`` until a load gives one."""

    def __init__(
        self,
        *,
        content: Path | None = None,
        settings: Settings | RawSettings | None = None,
        clock: Clock | None = None,
        start: Start = "home",
        protocol_id: str | None = None,
        query: str = "",
        pack: Pack | None = None,
        journal: Journal | None = None,
        watch_content: bool = True,
        speak: bool = False,
        poll_seconds: float = POLL_SECONDS,
        source: ContentSource | None = None,
        remote: RemoteOptions | None = None,
    ) -> None:
        super().__init__()
        self.remote_options = remote
        """``coach start --remote``: each session started serves the phone remote."""
        register_themes(self)
        self.speak = speak
        self.content = content
        self.source = source or ContentSource(content)
        # The settings file is read raw before the first frame (theme, discreet mode) and
        # validated (pydantic, ~100 ms to import) in the loading worker just after it.
        self._settings: Settings | None = None
        self._raw_settings = RawSettings(config_file())  # no data: the defaults
        if isinstance(settings, RawSettings):
            self._raw_settings = settings
        elif settings is not None:
            self._settings = settings
        self.clock = clock
        self.start = start
        self.protocol_id = protocol_id
        self.initial_query = query  # not `query`: that is Textual's DOM query method
        self.journal = journal
        self._opened: Journal | str | None = None  # what the loading worker opened
        self.watch_content = watch_content
        self.poll_seconds = poll_seconds
        self.titles: Titles | None = None
        self.faq_build: IndexBuild | None = None
        """The FAQ index of the content in use: built on first need, in a thread worker."""
        self.load_problems: PackError | None = None
        """What is wrong with the content files as they are now (``None``: nothing)."""
        self.fallback: str | None = None
        """Where the content in use came from when the files could not be used."""
        self.load_failed = False
        """True once a load has ended without any content to show."""
        self.crashed = False
        self._initial_pack = pack
        self._load_pending = False
        self._started = False
        self._last_said = ""  # the problems last told in a notice
        self._typing_guard = TypingGuard()
        if self._early_settings().discreet:
            self.title = NEUTRAL_TITLE
        self._apply_theme(self._early_settings().theme)
        # Per app, not per class: the palette's provider is handed the content in use.
        self.COMMANDS = App.COMMANDS | {self._palette}  # type: ignore[misc]

    def _palette(self):
        """The command-palette provider, imported when the palette first opens, not at start,
        and given the content it offers."""
        return CoachCommands.showing(self.pack, self._faq_index())

    def validate_title(self, title: Any) -> str:
        # The title comes from a content file: an escape code in it must not reach the terminal.
        return clean(str(title))

    def _apply_theme(self, name: str) -> None:
        # An unknown name keeps the default: validating the settings says so, with its line.
        if name in self.available_themes:
            self.theme = name

    # --- settings ----------------------------------------------------------------------------

    class SettingsValidated(Message):
        """The settings file, validated in the loading worker, with what was wrong in it."""

        def __init__(self, settings: Settings, problems: tuple[Problem, ...]) -> None:
            super().__init__()
            self.settings = settings
            self.problems = problems

    @property
    def settings(self) -> Settings:
        """The validated settings. Asked for before the loading worker has validated them
        (a key pressed in the very first moment), they are validated here and then."""
        if self._settings is None:
            self._use_settings(*_validated(self._raw_settings))
        assert self._settings is not None
        return self._settings

    @settings.setter
    def settings(self, settings: Settings) -> None:
        self._settings = settings

    def _early_settings(self) -> Settings | RawSettings:
        """The settings for the first frame: the raw file's theme and discreet mode (a neutral
        title from the very first frame) until the validated settings are here."""
        return self._settings if self._settings is not None else self._raw_settings

    @on(SettingsValidated)
    def _settings_validated(self, message: SettingsValidated) -> None:
        self._use_settings(message.settings, message.problems)

    def _use_settings(self, settings: Settings, problems: tuple[Problem, ...]) -> None:
        if self._settings is not None:
            return  # already validated here, on demand, before the worker's result came
        self._settings = settings
        self._apply_theme(settings.theme)
        for problem in problems:  # told, not printed: the full-screen app would hide them
            self.notify(
                problem.render(), title="Settings", severity="warning", timeout=12, markup=False
            )

    # --- start-up --------------------------------------------------------------------------

    def get_default_screen(self) -> HomeScreen:
        # Home is the default screen, so the very first frame is home, not a blank screen.
        if self._initial_pack is None:
            self.titles = self._read_titles()  # tomllib only: cheap, and enough for a first paint
        return HomeScreen(self._home_state())

    def _read_titles(self) -> Titles | None:
        folder, _ = self.source.sources()
        # The base pack's titles: a user pack may hold only a few overrides. The validated,
        # overlaid pack replaces these a moment later.
        try:
            return read_titles(folder)
        except Exception:
            log.warning("cannot read titles from %s", folder, exc_info=True)
            return None

    def on_mount(self) -> None:
        if self._initial_pack is not None:
            self._apply(Loaded(0, self._initial_pack))
        else:
            self._load_pending = True  # started on Ready: after the first frame is on screen
        if self.watch_content and self._initial_pack is None:
            self.set_interval(self.poll_seconds, self._poll_content, name="content-watch")

    def on_ready(self) -> None:
        """The first frame is drawn: now validate content, so its imports (pydantic) and work
        don't compete with the first paint for the interpreter."""
        if self._load_pending:
            self._load_pending = False
            self._run_load(first=True)

    def _run_load(self, *, first: bool) -> None:
        generation = self.source.begin()

        def work() -> None:
            if first and self._settings is None:
                try:  # first, so the settings are there before the content is
                    self.post_message(self.SettingsValidated(*_validated(self._raw_settings)))
                except Exception:
                    log.error("validating the settings failed", exc_info=True)
            try:
                loaded = self.source.load(generation, first=first)
            except Exception as exc:
                log.error("loading content failed", exc_info=True)
                loaded = Loaded(
                    generation, None, unexpected_problem(exc, self.source.main_folder())
                )
            if first and self.journal is None:
                # Here, off the UI thread: opening runs the integrity check and may wait on
                # another process's lock; the first frame and the keys never wait for it.
                self._opened = self._open_journal_now()
            self.post_message(msg.ContentLoaded(loaded))

        self.run_worker(
            work,
            thread=True,
            name="load-content" if first else "reload-content",
            group="content",
            exit_on_error=False,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        log.error("worker %s failed", event.worker.name, exc_info=error)
        if event.worker.group == "content" and isinstance(error, BaseException):
            self.post_message(
                msg.ContentLoaded(
                    Loaded(
                        self.source.generation,
                        None,
                        unexpected_problem(error, self.source.main_folder()),
                    )
                )
            )

    @on(msg.ContentLoaded)
    def _content_loaded(self, message: msg.ContentLoaded) -> None:
        loaded = message.loaded
        if not self.source.accept(loaded):
            return  # an older load finished after a newer one: keep the newer
        self._apply(loaded)

    def _apply(self, loaded: Loaded) -> None:
        first = not self._started
        self.load_problems = loaded.problems
        self.fallback = loaded.fallback
        if loaded.pack is None:
            self.load_failed = self.pack is None
            if loaded.problems is not None:
                self._report_problems(loaded.problems, keeping_last_good=self.pack is not None)
            self._tell_screens()
            return
        self._close_problems()
        self.load_failed = False
        self._last_said = ""
        self.pack = loaded.pack
        if loaded.problems is not None and loaded.fallback is not None:
            which = (
                "the last content that worked"
                if loaded.fallback == "last good"
                else ("the default content")
            )
            self.notify(
                clean(
                    f"{describe(loaded.problems)}\nUsing {which} until it is fixed. F8: the list."
                ),
                title="Your content has a problem",
                severity="warning",
                timeout=30,
                markup=False,
            )
        if first:
            self._started = True
            self._open_journal()
            if self.start == "session":
                self.start_protocol(self.protocol_id, exit_if_unknown=True)
            elif self.start == "faq":
                self.open_faq(query=self.initial_query)
            else:  # home: an interrupted session is offered at once
                offer = self._resumable(None)
                if offer is not None:
                    self._offer_resume(offer, then=None)
        elif loaded.problems is None:
            self.notify("Content reloaded.", timeout=3)

    def _report_problems(self, problems: PackError, *, keeping_last_good: bool) -> None:
        """During a session a notice (the session stays on screen, F8 shows the list); else
        the full list."""
        self._close_problems()
        if self._running_session() is not None:
            said = problems.render()
            if said == self._last_said:
                return  # the same problems, found again: said once is enough
            self._last_said = said
            self.notify(
                clean(
                    f"{describe(problems)}\n"
                    + (
                        "The last good content stays in use. F8: the list."
                        if keeping_last_good
                        else "F8: the list."
                    )
                ),
                title="A content file has a problem",
                severity="warning",
                timeout=20,
                markup=False,
            )
            return
        self._show_problems(problems)

    def _show_problems(self, problems: PackError) -> None:
        from coach.tui.screens.problems import ProblemsScreen

        command = f"coach --content {self.content} check" if self.content else "coach check"
        self.push_screen(
            ProblemsScreen(
                problems,
                keeping_last_good=self.pack is not None,
                command=command,
                can_quit=self._running_session() is None,
            )
        )

    def _close_problems(self) -> None:
        """A fixed (or newly broken) file replaces the problems shown for the last one."""
        from coach.tui.screens.problems import ProblemsScreen

        if isinstance(self.screen, ProblemsScreen):
            self.pop_screen()

    def _open_journal_now(self) -> Journal | str:
        """Open the journal (any thread): the journal, or the sentence saying why not."""
        from coach.journal.aside import JournalError
        from coach.journal.store import Journal

        try:
            return Journal.open()
        except JournalError as exc:
            return str(exc)  # a whole sentence, naming the file
        except Exception as exc:
            log.error("opening the journal failed", exc_info=True)
            return f"Your journal cannot be opened ({type(exc).__name__}: {exc})."

    def _open_journal(self) -> None:
        if self.journal is not None:
            return
        from coach.journal.notice import moved_aside_message

        # Opened by the loading worker; on the UI thread only where no worker ran (tests).
        opened = self._opened if self._opened is not None else self._open_journal_now()
        self._opened = None
        if isinstance(opened, str):
            self._journal_unavailable(opened)
            return
        self.journal = opened
        message = moved_aside_message(self.journal)
        if message:
            self.notify(clean(message), severity="warning", timeout=30, markup=False)
        self._tell_screens()

    def _journal_unavailable(self, why: str) -> None:
        self.notify(
            clean(f"{why} Sessions will not be saved."),
            severity="error",
            timeout=30,
            markup=False,
        )

    # --- live reload -----------------------------------------------------------------------

    def _poll_content(self) -> None:
        try:
            changed = self.source.changed()
        except Exception:
            log.warning("polling the content failed", exc_info=True)
            return
        if changed:
            self._run_load(first=not self._started)

    # --- what screens show ------------------------------------------------------------------

    def watch_pack(self, pack: Pack | None) -> None:
        if pack is not None and not self._early_settings().discreet:
            self.title = pack.info.title
        self._tell_screens()

    def _home_state(self) -> HomeState:
        if self.pack is not None:
            status = "fallback" if self.fallback else ("problems" if self.load_problems else "")
        else:
            status = "failed" if (self.load_failed or self.load_problems) else "loading"
        return HomeState(
            pack=self.pack,
            titles=self.titles,
            status=status,
            problem=describe(self.load_problems) if self.load_problems else "",
            using="the default content"
            if self.fallback == "default"
            else ("the last content that worked"),
            discreet=self._early_settings().discreet,
            journal=self.journal,
        )

    def _tell_screens(self) -> None:
        """Every screen in the stack redraws what it shows of the content, not just the top one
        (under a problems dialog, home must learn that loading has ended)."""
        state = self._home_state()
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.state = state
            else:
                screen.post_message(msg.PackChanged(self.pack))

    # --- the running session ----------------------------------------------------------------

    def _running_session(self) -> SessionScreen | None:
        # Asked of the screens themselves (SessionScreen.RUNS_A_SESSION), so that asking needs
        # no import of the session screen's module: it costs start-up, and before a session
        # ever ran the answer is no.
        for screen in self.screen_stack:
            if getattr(screen, "RUNS_A_SESSION", False) and not screen.session.finished:  # type: ignore[attr-defined]
                return screen  # type: ignore[return-value]
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("pain_stop", "pain_key"):
            session = self._running_session()
            if session is None or self.screen is session:
                return False  # the session screen's own p (with its footer label) does it
            return action == "pain_stop" or not self._typing()  # typing: F9, not p, stops
        if action == "keys_key":
            return not self._typing()
        if action == "problems":
            return self.load_problems is not None
        return True

    async def on_event(self, event: events.Event) -> None:
        # Typing that goes on after the screen changed is not the new screen's hotkeys
        # (coach/tui/typing_guard.py): "sharp pain" once opened History, About and Safety.
        if isinstance(event, events.Key) and not event.is_forwarded and not self._key_used(event):
            return
        await super().on_event(event)

    def _key_used(self, event: events.Key) -> bool:
        if not self.screen_stack:
            return True
        guard = self._typing_guard
        was_holding = guard.holding
        used = guard.allows(
            self.screen,
            typed=is_typing_key(event.key, event.character),
            into_text=self._typing(),
            exempt=event.key == "p" and self._running_session() is not None,
        )
        if not used and not was_holding:  # once a burst
            self.notify(HELD_NOTICE, severity="warning", timeout=6, markup=False)
        return used

    def _typing(self) -> bool:
        """Whether the focused widget takes letters (the search box, the palette, a note):
        Textual's Input or TextArea, or a widget built on them. Asked by class name, so that
        TextArea's module (~130 ms) is never imported just to ask."""
        focused = self.focused
        return focused is not None and any(
            cls.__name__ in _TEXT_WIDGETS and cls.__module__.startswith("textual.")
            for cls in type(focused).__mro__
        )

    def action_pain_stop(self) -> None:
        self.post_message(msg.StopForPain())

    def action_pain_key(self) -> None:
        self.post_message(msg.StopForPain())

    @on(msg.StopForPain)
    def _stop_for_pain(self) -> None:
        session = self._running_session()
        if session is None:
            return
        while self.screen is not session:
            self.pop_screen()
        session.action_pain()

    @on(msg.PainStopped)
    def _pain_stopped(self) -> None:
        log.info("session stopped for pain")

    # --- routing: one handler per intent ----------------------------------------------------

    @on(msg.OpenQuestions)
    def _open_questions(self, message: msg.OpenQuestions) -> None:
        self.open_faq(message.entry_id, query=message.query)

    @on(msg.StartProtocol)
    def _start_protocol(self, message: msg.StartProtocol) -> None:
        self.start_protocol(message.protocol_id)

    @on(msg.OpenSafety)
    def _open_safety(self) -> None:
        from coach.tui.screens.safety import SafetyScreen

        safety = self.pack.safety if self.pack else self.source.safety_alone()
        if safety is None:
            # Safety comes first even when the content cannot be read at all.
            self.notify(
                "Stop now. Rest, and breathe slowly. If the pain is severe, does not settle, or "
                "there is bleeding that does not stop, get medical help.",
                title="Pain",
                severity="warning",
                timeout=30,
                markup=False,
            )
            return
        self.push_screen(SafetyScreen(safety))

    @on(msg.OpenHistory)
    def _open_history(self) -> None:
        self.open_history()

    @on(msg.OpenSettings)
    def _open_settings(self) -> None:
        self.open_settings()

    @on(msg.OpenAbout)
    def _open_about(self) -> None:
        from coach.tui.screens.about import AboutScreen

        if self.pack is None:
            self.notify(self._not_ready("The content"), timeout=4, markup=False)
            return
        self.push_screen(AboutScreen(self.pack, discreet_mode=self.settings.discreet))

    @on(msg.ShowKeys)
    def _show_keys(self) -> None:
        from coach.tui.screens.keys import KeysScreen, keys_of

        if isinstance(self.screen, KeysScreen):
            self.pop_screen()
            return
        active = list(self.active_bindings.values())
        # A modal screen's bindings leave out the app's, yet its priority keys (F2, F9, ?)
        # work there all the same: list them too.
        bound = {item.binding.key for item in active}
        for binding in self.BINDINGS:
            if not isinstance(binding, Binding) or not binding.priority or binding.key in bound:
                continue
            state = self.check_action(binding.action, ())
            if state is not False:
                active.append(ActiveBinding(self, binding, bool(state), binding.tooltip))
        self.push_screen(KeysScreen(keys_of(active)))

    @on(msg.ShowProblems)
    def _show_problems_intent(self) -> None:
        from coach.tui.screens.problems import ProblemsScreen

        if self.load_problems is None:
            self.notify("The content has no problems.", timeout=3)
        elif not isinstance(self.screen, ProblemsScreen):
            self._show_problems(self.load_problems)

    def action_keys(self) -> None:
        self.post_message(msg.ShowKeys())

    def action_keys_key(self) -> None:
        self.post_message(msg.ShowKeys())

    def action_problems(self) -> None:
        self.post_message(msg.ShowProblems())

    def action_blank(self) -> None:
        from coach.tui.screens.blank import BlankScreen

        if isinstance(self.screen, BlankScreen):
            self.pop_screen()
        else:
            self.push_screen(BlankScreen())

    def action_command_palette(self) -> None:
        # Textual only checks the top screen: with the palette under F2's blank screen, a
        # second one would be pushed with the same id (DuplicateIds).
        if not self.use_command_palette:
            return
        if any(isinstance(screen, CommandPalette) for screen in self.screen_stack):
            return
        self.push_screen(CoachPalette(id="--command-palette"))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        post = self.post_message
        yield SystemCommand(
            "Safety", "What to do if there is pain or bleeding", lambda: post(msg.OpenSafety())
        )
        yield SystemCommand("History", "Past sessions", lambda: post(msg.OpenHistory()))
        yield SystemCommand("Settings", "Theme, sound, speech", lambda: post(msg.OpenSettings()))
        yield SystemCommand(
            "About", "What this content is and where it comes from", lambda: post(msg.OpenAbout())
        )
        yield SystemCommand("Questions", "Search the questions", lambda: post(msg.OpenQuestions()))
        yield SystemCommand("Keys", "Every key of this screen", lambda: post(msg.ShowKeys()))
        if self.load_problems is not None:
            yield SystemCommand(
                "Content problems", "What is wrong in the files", lambda: post(msg.ShowProblems())
            )

    def _not_ready(self, what: str) -> str:
        """Never "still loading" once loading has failed."""
        if self.load_failed or self.load_problems is not None:
            return f"{what} cannot be used: the content has problems (F8 lists them)."
        return f"{what} is still loading."

    # --- the routes themselves (also used by tests) -------------------------------------------

    def open_faq(self, entry_id: str | None = None, *, query: str = "") -> None:
        if self.pack is None:
            self.notify(self._not_ready("The questions"), timeout=4, markup=False)
            return
        from coach.tui.screens.faq import FaqScreen

        if isinstance(self.screen, FaqScreen) and entry_id:
            self.screen.open_entry(entry_id)  # in place, with its back/forward history
            return
        build = self._faq_index()
        assert build is not None
        screen = FaqScreen(
            self.pack, query=query, entry_id=entry_id, index=build.ready(), building=build
        )
        self.push_screen(screen)

    def _faq_index(self) -> IndexBuild | None:
        """The FAQ index of the content in use, its build started (in a thread worker) the
        first time it is asked for: never on the UI thread, and not before it is needed (it
        weighs ~6 MiB and ~75 ms of CPU for the default pack)."""
        if self.pack is None:
            return None
        if self.faq_build is None or self.faq_build.entries != self.pack.faq:
            from coach.faq.index_build import IndexBuild

            self.faq_build = IndexBuild(self.pack)
            self.run_worker(
                self.faq_build.run,
                thread=True,
                name="faq-index",
                group="faq-index",
                exit_on_error=False,
            )
        return self.faq_build

    def on_session_screen_questions_requested(self, _message: object) -> None:
        # f during a session (SessionScreen.QuestionsRequested): the questions over it.
        self.open_faq()

    def start_protocol(
        self, protocol_id: str | None = None, *, exit_if_unknown: bool = False
    ) -> None:
        if self.pack is None:
            self.notify(self._not_ready("The content"), timeout=4, markup=False)
            return
        if self._running_session() is not None:
            # One session at a time: a second would nest inside the first, both journaled.
            self.notify(
                "A session is running: end it first (q), then start another.",
                severity="warning",
                timeout=5,
            )
            return
        try:
            protocol = (
                self.pack.protocol(protocol_id) if protocol_id else self.pack.default_protocol
            )
        except KeyError:
            message = unknown_protocol(str(protocol_id), [p.id for p in self.pack.protocols])
            if exit_if_unknown:  # `coach start NAME`: the same exit as plain mode
                self.exit(2, return_code=2, message=message)
                return
            self.notify(message, severity="error", markup=False)
            return
        offer = self._resumable(None if protocol_id is None else protocol.id)
        if offer is None:
            self._run(protocol)
        else:
            self._offer_resume(offer, then=protocol)

    def _run(self, protocol: Protocol, resume: Offer | None = None) -> None:
        from coach.tui.flow import run_session

        run_session(self, protocol, resume=resume)

    def _resumable(self, protocol_id: str | None) -> Offer | None:
        """An unfinished session from the last few hours (the setting), of ``protocol_id`` if
        one was named; never an error: a journal that can't be read offers nothing."""
        if self.journal is None or self.pack is None or self.settings.resume_hours <= 0:
            return None

        from coach.journal.resumable import find_resumable

        now = self.clock.now() if self.clock is not None else dt.datetime.now().astimezone()
        try:
            offer = find_resumable(self.journal, self.pack, now, self.settings.resume_hours)
        except Exception:
            log.warning("the unfinished session could not be offered", exc_info=True)
            return None
        if offer is None or (protocol_id is not None and offer.protocol_id != protocol_id):
            return None
        return offer

    def _offer_resume(self, offer: Offer, *, then: Protocol | None) -> None:
        """Ask: go on with the interrupted session, or not. No closes it as ended (the journal
        keeps it) and, when a protocol was being started, starts it afresh."""

        assert self.pack is not None
        pack = self.pack

        def answered(resume: bool | None) -> None:
            if resume:
                self._run(pack.protocol(offer.protocol_id), offer)
                return

            from coach.journal.resumable import decline

            now = self.clock.now() if self.clock is not None else dt.datetime.now().astimezone()
            try:
                if self.journal is not None:
                    decline(self.journal, offer, now)
            except Exception:
                log.warning("the unfinished session could not be closed", exc_info=True)
            self._tell_screens()
            if then is not None:
                self._run(then)

        from coach.tui.dialogs.confirm import ConfirmDialog

        self.push_screen(
            ConfirmDialog(
                f"{offer.text}?",
                detail=(
                    "An unfinished session from earlier.\n"
                    "Resume: go on where it stopped.\n"
                    "Start afresh: a new session; that one is kept, marked ended."
                    if then is not None
                    else "An unfinished session from earlier.\n"
                    "Resume: go on where it stopped. No: it is kept, marked ended."
                ),
                yes="Resume",
                no="Start afresh" if then is not None else "No",
            ),
            answered,
        )

    def open_history(self) -> None:
        if self.journal is None:
            self.notify("The journal is not available.", timeout=3)
            return
        from coach.tui.screens.history import HistoryScreen

        self.push_screen(
            HistoryScreen(
                self.journal,
                self.pack.program if self.pack else None,
                pack=self.pack,
                discreet=self.settings.discreet,
            )
        )

    def open_settings(self) -> None:
        from coach.tui.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen(self.settings), self._settings_changed)

    def _settings_changed(self, settings: Settings | None) -> None:
        if settings is None:
            return

        from coach.system.settings import save_settings  # pydantic: off the first frame's path

        self.settings = settings
        self._apply_theme(settings.theme)
        try:
            save_settings(settings)
        except OSError as exc:
            log.warning("saving settings failed", exc_info=True)
            self.notify(
                clean(f"Settings apply now but could not be saved: {exc.strerror or exc}"),
                severity="warning",
                markup=False,
            )
        self.title = (
            NEUTRAL_TITLE if settings.discreet else (self.pack.info.title if self.pack else "coach")
        )
        self._tell_screens()

    # --- ending -------------------------------------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        # Textual's hook for an unhandled exception: the traceback goes to the private log,
        # and the person gets one line saying where it is (see run_app), not a traceback.
        self.crashed = True
        log.critical("the app stopped on an unexpected error", exc_info=error)
        super()._handle_exception(error)

    def _print_error_renderables(self) -> None:
        if self.crashed and "debug" not in self.features:
            self._exit_renderables.clear()
            return
        super()._print_error_renderables()

    def on_unmount(self) -> None:
        hangup.end_sessions()  # a session's journal writes, given a bounded moment (run branch)
        if self.journal is not None:
            self.journal.close()


def make_app(
    args: argparse.Namespace | None = None,
    *,
    start: Start = "home",
    **kwargs: Any,
) -> CoachApp:
    """The one way to build the app: the CLI, tests and snapshot apps all call it."""
    settings = kwargs.pop("settings", None) or read_settings_file()
    if args is not None and getattr(args, "discreet", None):
        settings = settings.with_changes(discreet=True)
    if args is not None and getattr(args, "no_sound", False):
        settings = settings.with_changes(sound=False)
    if args is not None and getattr(args, "speak", None):
        kwargs.setdefault("speak", True)
    content = Path(args.content) if args is not None and args.content else None
    return CoachApp(content=content, settings=settings, start=start, **kwargs)


def _validated(raw: RawSettings) -> tuple[Settings, tuple[Problem, ...]]:
    # A deliberate lazy import: pydantic (~100 ms cold) stays off the first frame's path.
    from coach.system.settings import validate_settings

    return validate_settings(raw)


def terminal_problem(start: Start) -> str | None:
    """Why the full-screen app cannot run here (no terminal, or a dumb one), and what to use
    instead; ``None`` when it can. Checked before anything is drawn or recorded."""
    instead = (
        "use 'coach faq --print QUERY' or 'coach faq --list'"
        if start == "faq"
        else "use 'coach start --plain' for a line-by-line session"
    )
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return f"coach: the full-screen app needs a terminal (stdin and stdout); {instead}."
    if os.environ.get("TERM", "") in ("dumb", "unknown"):
        return f"coach: this terminal (TERM={os.environ['TERM']}) cannot show the full-screen app; {instead}."
    return None


def run_app(
    args: argparse.Namespace | None = None,
    *,
    start: Start = "home",
    on_exit: Callable[[CoachApp], None] | None = None,
    **kwargs: Any,
) -> int:
    problem = terminal_problem(start)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2

    app = make_app(args, start=start, **kwargs)
    with end_when_terminal_goes():  # a closed terminal ends coach, never leaves it waiting
        result = app.run()
    if on_exit is not None:
        on_exit(app)
    if app.crashed:
        print(
            f"coach stopped because of an unexpected error. Nothing you recorded is lost; "
            f"the details are in {log_file()}",
            file=sys.stderr,
        )
        return 70
    if app.return_code:
        return app.return_code
    return int(result or 0)
