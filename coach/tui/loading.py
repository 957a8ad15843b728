"""The app side of loading content: the worker thread, the poll, and the newest result in.

Mixed into the app (:class:`LoadsContent`, before ``App``). What a load means (the status, what
to tell the person) is :class:`~coach.pack.content_state.ContentState`'s, Textual-free; here it
is done (:meth:`LoadsContent.apply_content`). The journal is opened in the same worker as the
first load (its integrity check may wait on another process's lock), so neither the first
frame nor a key ever waits for it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import App
from textual.message import Message
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from coach.pack.content_state import ContentState, Notice
from coach.pack.source import ContentSource, Loaded, unexpected_problem
from coach.system import collector
from coach.tui import routes
from coach.tui.screens.home import HomeScreen, HomeState

if TYPE_CHECKING:
    from coach.faq.index_build import IndexBuild
    from coach.journal.notice import Opened
    from coach.journal.store import Journal
    from coach.pack.model import Pack
    from coach.tui.screens.starting import StartingScreen
    from coach.tui.sessions import Sessions

log = logging.getLogger(__name__)


class LoadsContent(App[Any]):
    """Loads in a worker after the first frame, polls for edits, applies the newest load."""

    source: ContentSource
    content_state: ContentState[IndexBuild]
    journal: Journal | None
    watch_content: bool
    poll_seconds: float
    sessions: Sessions
    start: str
    protocol_id: str | None
    initial_query: str
    pack: Pack | None
    if TYPE_CHECKING:  # the app's own

        def say(self, notice: Notice) -> None: ...
        def action_problems(self) -> None: ...
        def validate_settings_off_thread(self) -> None: ...
        def home_state(self) -> HomeState: ...
        def seen_screen(self) -> Screen[Any]: ...
        def pop_seen(self) -> None: ...

    def faq_build(self) -> IndexBuild | None:
        """The FAQ index of the content in use, its build begun (in a thread worker) the first
        time it is asked for: never on the UI thread, and not before it is needed (rapidfuzz
        and the index weigh ~6 MiB and ~75 ms of CPU for the default pack)."""
        pack, state = self.pack, self.content_state
        if pack is None:
            return None
        if state.faq_index is None or state.faq_index.entries != pack.faq:
            from coach.faq.index_build import IndexBuild

            state.faq_index = build = IndexBuild(pack)
            self.run_worker(
                build.run, thread=True, name="faq-index", group="faq-index", exit_on_error=False
            )
        return state.faq_index

    class ContentLoaded(Message):
        """A load finished (posted from the loading worker); the newest is applied."""

        def __init__(self, loaded: Loaded, opened: Opened | None = None) -> None:
            super().__init__()
            self.loaded = loaded
            self.opened = opened  # the journal, opened with the first load

    def on_mount(self) -> None:
        if self.content_state.pack is not None:  # handed in: tests, the snapshot apps
            self._adopt_journal(None)
            self.apply_content(Loaded(0, self.content_state.pack))
        if self.watch_content:
            self.set_interval(self.poll_seconds, self.reload_content, name="content-watch")

    def on_ready(self) -> None:
        """The first frame is drawn: now load content (pydantic's import and validation on a
        miss of the validated-pack cache), so it does not compete with the first paint."""
        collector.start_up_over()  # held since the command began (coach.system.collector)
        if self.content_state.first_load_due():
            self._run_load(first=True)

    def reload_content(self) -> None:
        """Look at the content files now: the poll, and the editor when it returns."""
        try:
            changed = self.source.changed()
        except Exception:
            log.warning("polling the content failed", exc_info=True)
            return
        if changed:
            self._run_load(first=not self.content_state.started)

    def apply_content(self, loaded: Loaded) -> None:
        """The newest load is in: what it means (ContentState) is said and shown."""
        state = self.content_state
        outcome = state.apply(loaded, during_session=self.sessions.running() is not None)
        if routes.is_problems(self.seen_screen()):  # under F2's blank screen too
            self.pop_seen()  # a fixed (or newly broken) file replaces the problems shown
        if outcome.show_problems:
            self.action_problems()
        if outcome.notice is not None:
            self.say(outcome.notice)
        self.pack = state.pack  # the app's watch_pack tells every screen
        if outcome.first:  # what the command line asked for: home, a session, the questions
            self.sessions.begin(self.start, self.protocol_id, self.initial_query)
            from coach.tui.screens.starting import StartingScreen  # `coach start`'s alone

            if isinstance(self.screen, StartingScreen):  # no session, no dialog: home instead
                self.post_message(StartingScreen.Uncovered(self.screen))

    def get_default_screen(self) -> HomeScreen | StartingScreen:
        # The very first frame is home (not a blank screen), or, for `coach start`, a
        # placeholder the session covers: home is built when it is seen.
        if self.start != "session":
            return HomeScreen(self.home_state())
        from coach.tui.screens.starting import StartingScreen

        return StartingScreen()

    def on_starting_screen_uncovered(self, message: StartingScreen.Uncovered) -> None:
        """`coach start`'s first screen is seen again (or nothing covered it): home takes its
        place. Only if nothing was pushed over it meanwhile, and not on the way out; in a mode
        of its own, as the default screen cannot be switched: from then on, as if home came
        first."""
        if self.screen is message.screen and self.return_code is None:
            self.add_mode("home", lambda: HomeScreen(self.home_state()))
            self.switch_mode("home")

    def _run_load(self, *, first: bool) -> None:
        generation = self.source.begin()
        opening = first and self.journal is None

        def work() -> None:  # off the UI thread: validation, the FAQ index, the journal's check
            if first:  # the settings first, so they are there before the content is
                self.validate_settings_off_thread()
            loaded = self.source.load(generation, first=first)  # never raises
            self.post_message(self.ContentLoaded(loaded, _open_journal() if opening else None))

        self.run_worker(
            work, thread=True, name="load-content", group="content", exit_on_error=False
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        log.error("worker %s failed", event.worker.name, exc_info=error)
        if event.worker.group == "content" and isinstance(error, BaseException):
            problem = unexpected_problem(error, self.source.main_folder())
            self.post_message(self.ContentLoaded(Loaded(self.source.generation, None, problem)))

    @on(ContentLoaded)
    def _content_loaded(self, message: ContentLoaded) -> None:
        if message.opened is not None:
            self._adopt_journal(message.opened)
        if self.source.accept(message.loaded):  # else an older load finished after a newer one
            self.apply_content(message.loaded)

    def _adopt_journal(self, opened: Opened | None) -> None:
        if self.journal is not None:
            return
        opened = opened or _open_journal()  # no worker opened it: the content was handed in
        self.journal = opened.journal
        if opened.notice:
            severity = "warning" if opened.journal is not None else "error"
            self.say(Notice(opened.notice, "Journal", severity, 30))


def _open_journal() -> Opened:
    """The journal, opened with its integrity check (sqlite stays off the first frame)."""
    from coach.journal.notice import open_journal

    return open_journal()


__all__ = ["LoadsContent"]
