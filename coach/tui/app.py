"""The Textual app: screens, intents and keys. Screens get what they show handed down and post
intents (coach.tui.messages), one handler each here; what each opens is built in routes. Mixed
in, a module each: loading, held_toasts, guarded_keys, journal_writes, keeps_hidden, crash...;
sessions start, resume and end in sessions and flow.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.driver import Driver
from textual.reactive import reactive
from textual.screen import Screen

from coach.pack.content_state import ContentState, Notice
from coach.pack.source import ContentSource
from coach.session import hangup
from coach.system.settings_file import RawSettings, read_settings_file
from coach.tui import messages as msg
from coach.tui import routes
from coach.tui.crash import LogsCrashes
from coach.tui.guarded_keys import GuardsTyping
from coach.tui.held_toasts import HoldsNotices
from coach.tui.journal_writes import WritesJournal
from coach.tui.keeps_hidden import KeepsHidden
from coach.tui.keeps_settings import KeepsSettings
from coach.tui.literal import clean
from coach.tui.loading import LoadsContent
from coach.tui.screens.home import HomeScreen, HomeState
from coach.tui.sessions import Sessions
from coach.tui.terminal import Terminal, attaching
from coach.tui.themes import register_themes

if TYPE_CHECKING:
    import argparse

    from coach.engine.clock import Clock
    from coach.journal.store import Journal
    from coach.pack.model import Pack
    from coach.remote.options import RemoteOptions
    from coach.system.settings import Settings
    from coach.tui.palette import CoachCommands
    from coach.tui.screens.session import SessionScreen

log = logging.getLogger(__name__)

Start = Literal["home", "session", "faq"]
POLL_SECONDS = 1.0
"""How often content files are checked for edits (tests pass a shorter interval)."""


class CoachApp(
    LogsCrashes,
    KeepsHidden,
    HoldsNotices,
    GuardsTyping,
    WritesJournal,
    LoadsContent,
    KeepsSettings,
    App[int],
):
    # Home is the default screen: its styles load with the app's (a default screen's own
    # CSS_PATH would arrive after its first frame, unstyled).
    CSS_PATH: ClassVar = ["app.tcss", "screens/home.tcss"]
    TITLE = "coach"
    BINDINGS: ClassVar = [
        Binding("f2", "blank", "Hide screen", priority=True, show=False, tooltip="F2 again: back"),
        # Over a running session F9 stops it from any screen, p too except where it is typed:
        # priority bindings, as modal screens hide the app's others.
        Binding("f9", "pain_stop('f9')", "Pain stop", priority=True, tooltip="Ends the session"),
        Binding("p", "pain_stop('p')", "Pain stop", show=False, priority=True),
        # ? steps aside where it is being typed, F1 never does.
        Binding("question_mark", "keys('?')", "Keys", key_display="?", priority=True),
        Binding("f1", "keys('f1')", "Keys", show=False, priority=True),
        Binding("f8", "problems", "Content problems", show=False),
        # One way to leave, whatever the key (coach.tui.sessions): a running session asks.
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        Binding("ctrl+c", "quit", "Quit", show=False),
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
        self.terminal = Terminal()  # before App.__init__, which asks for the driver class
        super().__init__()
        register_themes(self)
        self.content = content
        self.source = source or ContentSource(content)
        self.content_state = ContentState(pack)
        self.start, self.protocol_id = start, protocol_id
        self.initial_query = query  # not `query`: that is Textual's DOM query method
        self.journal = journal
        self.sessions = Sessions(self, clock=clock, speak=speak, remote=remote)
        self.watch_content = watch_content and pack is None
        self.poll_seconds = poll_seconds
        early = pack is None and start != "session"  # `coach start` shows no home till after
        self.titles = routes.first_titles(self.source) if early else None  # before content
        self.keep_settings(settings)
        # Per app, not per class: the palette's provider is handed the content in use.
        self.COMMANDS = App.COMMANDS | {self._palette}  # type: ignore[misc]

    def _palette(self) -> type[CoachCommands]:
        from coach.tui.palette import CoachCommands  # off the path to the first frame

        return CoachCommands.showing(self.pack, self.faq_build())

    def get_driver_class(self) -> type[Driver]:
        return attaching(super().get_driver_class(), self.terminal)  # for a session's title

    def validate_title(self, title: Any) -> str:
        # The title comes from a content file: an escape code in it must not reach the terminal.
        return clean(str(title))

    # --- what screens show -------------------------------------------------------------------

    def watch_pack(self, pack: Pack | None) -> None:
        if pack is not None and not self.early_settings().discreet:
            self.title = pack.info.title
        self.tell_screens()

    def home_state(self) -> HomeState:
        discreet, today = self.early_settings().discreet, self.sessions.today
        return routes.home_state(self.content_state, self.titles, discreet, self.journal, today)

    def tell_screens(self) -> None:
        """Every screen in the stack redraws, not only the top one (home under a dialog too)."""
        state = self.home_state()
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.state = state
            else:
                screen.post_message(msg.PackChanged(self.pack))
        if not any(isinstance(screen, HomeScreen) for screen in self.screen_stack):  # home's job
            self.call_after_refresh(routes.last_status, self.pack, self.journal, state.today())

    def open(self, route: routes.Route) -> None:
        """Push the screen a route gives (with what its answer does), or say why not."""
        if isinstance(route, Notice):
            self.say(route)
        elif route is not None and route.replace:
            self.switch_screen(route.screen)
        elif route is not None:
            self.push_screen(route.screen, route.then)

    # --- keys --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        typed_here = parameters in (("p",), ("?",)) and self.typing()
        if action == "pain_stop":
            session = self.sessions.running()
            # On the session screen its own p (with its footer label) does it.
            return session is not None and self.screen is not session and not typed_here
        if action == "keys":
            return not typed_here
        if action == "problems":  # in the keys always; greyed while there are none
            return True if self.content_state.problems is not None else None
        return True

    def never_held(self, event: events.Key) -> bool:
        return event.key == "p" and self.sessions.running() is not None  # the pain key

    def action_pain_stop(self, key: str) -> None:
        self.sessions.pain_stop()

    def on_session_screen_pain_stopped(self, message: SessionScreen.PainStopped) -> None:
        view = message.view
        log.info("session stopped for pain at step %s of %s", view.position, view.total)

    def action_keys(self, key: str) -> None:
        if routes.is_keys(self.screen):
            self.pop_screen()  # ? again closes them
        else:
            self.open(routes.keys(self))

    def action_problems(self) -> None:
        if not routes.is_problems(self.screen):
            command = f"coach --content {self.content} check" if self.content else "coach check"
            over_session = self.sessions.running() is not None
            self.open(routes.problems(self.content_state, command, can_quit=not over_session))

    def action_blank(self) -> None:
        if routes.is_blank(self.screen):
            self.pop_screen()  # F2 again brings coach back
        else:
            self.open(routes.blank())

    async def action_quit(self) -> None:
        """Ctrl+Q, Ctrl+C, the palette's Quit: leaving asks while a session is not done."""
        self.sessions.leave()

    def action_command_palette(self) -> None:
        from coach.tui.palette import open_palette  # off the path to the first frame

        open_palette(self)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        problems = self.action_problems if self.content_state.problems is not None else None
        keys = partial(self.action_keys, "palette")
        post, leave = self.post_message, self.sessions.leave
        return routes.system_commands(self.pack, post, keys, problems, leave)

    # --- intents: one handler each -----------------------------------------------------------

    def on_open_questions(self, message: msg.OpenQuestions) -> None:
        self.open_faq(message.entry_id, query=message.query)

    def on_start_protocol(self, message: msg.StartProtocol) -> None:
        self.sessions.start(message.protocol_id, remote=message.remote)

    def on_open_safety(self) -> None:
        self.open(routes.safety(self.pack, self.source))

    def on_open_history(self, message: msg.OpenHistory) -> None:
        today, every = self.sessions.today(), message.all_packs
        discreet = self.settings.discreet
        self.open(routes.history(self.journal, self.pack, discreet, today, every, self.screen))

    def on_open_settings(self) -> None:
        self.open(routes.settings(self.settings, self.apply_settings, self.say))

    def on_open_about(self) -> None:
        self.open(routes.about(self.pack, self.settings.discreet, self.content_state))

    def on_log_activity(self) -> None:
        now, post = self.sessions.now(), self.post_message
        self.open(routes.log_activity(self.pack, self.journal, now, self.write, self.open, post))

    def on_set_level(self) -> None:
        self.open(routes.set_level(self.pack, self.journal, self.sessions.now(), self.write))

    def on_open_before_you_start(self) -> None:
        self.open(routes.before_you_start(self.pack, self.content_state))

    def on_set_start_date(self) -> None:
        self.open(routes.start_date(self.pack, self.journal, self.sessions.today(), self.write))

    def on_edit_content(self, message: msg.EditContent) -> None:
        from coach.pack.editing import precedence
        from coach.tui.editor import Editing, edit

        how = Editing(precedence(self.content), self.say, self.push_screen, self.suspend)
        edit(how, message, then=self.reload_content)

    def on_quit(self) -> None:
        self.sessions.leave()

    def open_faq(self, entry_id: str | None = None, *, query: str = "") -> None:
        if entry_id and routes.is_faq(self.screen):
            self.screen.open_entry(entry_id)  # type: ignore[attr-defined]  # in place, with its history
        else:
            self.open(routes.questions(self.content_state, self.faq_build(), entry_id, query))

    def on_unmount(self) -> None:
        self.close_writes()  # the app's own writes, given a bounded moment
        hangup.end_sessions()  # a session's journal writes, given a bounded moment (run branch)
        routes.last_status(self.pack, self.journal, self.sessions.today())
        if self.journal is not None:
            self.journal.close()


def make_app(
    args: argparse.Namespace | None = None, *, start: Start = "home", **kwargs: Any
) -> CoachApp:
    """The one way to build the app: the CLI, tests and snapshot apps all call it."""
    settings = kwargs.pop("settings", None) or read_settings_file()
    if args is None:
        return CoachApp(settings=settings, start=start, **kwargs)
    if getattr(args, "discreet", None):
        settings = settings.with_changes(discreet=True)
    if getattr(args, "no_sound", False):
        settings = settings.with_changes(sound=False)
    if getattr(args, "speak", None):
        kwargs.setdefault("speak", True)
    content = Path(args.content) if args.content else None
    return CoachApp(content=content, settings=settings, start=start, **kwargs)
