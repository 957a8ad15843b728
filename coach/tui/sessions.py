"""Sessions as the app sees them: starting one, offering the interrupted one, and leaving.

One rule for leaving, whatever the key (q where it quits, Ctrl+Q, Ctrl+C, the palette's Quit):
while a session runs, the session's own end question is asked, exactly as its q asks (and the
summary and check-in follow, as they always do); between a session's end and its check-in,
quitting asks whether to go without the check-in; otherwise coach quits.

The resume decision is the journal's (:func:`coach.journal.resumable.resume_offer`, the one
plain mode asks too); the session itself runs in :mod:`coach.tui.flow`. Both are imported when
first needed: a session's run (the engine, the journal's writer, sqlite) stays off the path to
the first frame.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

from coach.engine.clock import Clock, SystemClock
from coach.pack.content_state import Notice
from coach.pack.source import unknown_protocol
from coach.tui import routes

if TYPE_CHECKING:
    from coach.journal.resumable import Offer
    from coach.pack.model import Protocol
    from coach.remote.options import RemoteOptions
    from coach.tui.app import CoachApp
    from coach.tui.screens.session import SessionScreen

RUNNING = Notice("A session is running: end it first (q), then start another.", "", "warning", 5)

log = logging.getLogger(__name__)


class Sessions:
    """Starts, resumes and leaves sessions for ``app``; the clock is the one every figure and
    date of the app reads (injected in tests)."""

    def __init__(
        self,
        app: CoachApp,
        *,
        clock: Clock | None = None,
        speak: bool = False,
        remote: RemoteOptions | None = None,
    ) -> None:
        self.app = app
        self.clock = clock
        self.speak = speak
        self.remote = remote  # coach start --remote: each session serves the phone remote
        self._had_one = False  # the journal had a session: no before-you-start page
        self._remote_once: RemoteOptions | None = None  # home's m: the next session only

    def now(self) -> dt.datetime:
        return (self.clock or SystemClock()).now()

    def today(self) -> dt.date:
        return self.now().date()

    # --- starting ----------------------------------------------------------------------------

    def begin(self, start: str, protocol_id: str | None, query: str) -> None:
        """The first content is in: what the command line asked for."""
        if start == "session":
            self.start(protocol_id, exit_if_unknown=True)
        elif start == "faq":
            self.app.open_faq(query=query)
        elif (offer := self._offer(None)) is not None:  # home: an interrupted session, at once
            self._ask(offer, then=None)

    def start(
        self, protocol_id: str | None = None, *, exit_if_unknown: bool = False, remote: bool = False
    ) -> None:
        """Start ``protocol_id`` (the default protocol: None); ``remote``: serve the phone
        remote for this session (loopback), as ``--remote`` does for every one."""
        # Only this start: declined at the first-session page, the next Enter serves nothing.
        self._remote_once = None
        if remote and self.remote is None:
            from coach.remote.options import RemoteOptions

            self._remote_once = RemoteOptions()
        app, pack = self.app, self.app.pack
        if pack is None:
            app.say(Notice(app.content_state.not_ready("The content"), timeout=4))
            return
        if self.running() is not None:
            # One session at a time: a second would nest inside the first, both journaled.
            app.say(RUNNING)
            return
        try:
            protocol = pack.protocol(protocol_id) if protocol_id else pack.default_protocol
        except KeyError:
            message = unknown_protocol(str(protocol_id), [p.id for p in pack.protocols])
            if exit_if_unknown:  # `coach start NAME`: the same exit as plain mode
                app.exit(2, return_code=2, message=message)
            else:
                app.say(Notice(message, severity="error", timeout=8))
            return
        if not self._first_session_page(protocol):
            self._start_or_resume(protocol, protocol_id)

    def _start_or_resume(self, protocol: Protocol, protocol_id: str | None) -> None:
        offer = self._offer(None if protocol_id is None else protocol.id)
        if offer is None:
            self._run(protocol)
        else:
            self._ask(offer, then=protocol)

    def _first_session_page(self, protocol: Protocol) -> bool:
        """Before the very first session (an empty journal), what to check with a clinician
        first, when the pack has it; ``s`` there starts ``protocol``. True if it was shown.
        Not in discreet mode: the page says what the routine is, and stays one key away (the
        palette, the questions) instead of opening by itself."""
        app = self.app
        if app.journal is None or app.pack is None or app.settings.discreet or self._had_one:
            return False
        try:
            first = not app.journal.sessions()
        except Exception:
            log.warning(
                "the journal could not say whether this is the first session", exc_info=True
            )
            return False
        self._had_one = not first  # once there is one, never asked again in this run
        if not first:
            return False

        def answered(start: bool | None) -> None:
            if start and app.pack is not None:
                self._start_or_resume(protocol, protocol.id)

        route = routes.first_session_page(app.pack, answered)
        if route is None:
            return False
        app.open(route)
        return True

    def _offer(self, protocol_id: str | None) -> Offer | None:
        app = self.app
        if app.journal is None or app.pack is None:
            return None
        from coach.journal.resumable import resume_offer

        hours = app.settings.resume_hours
        return resume_offer(app.journal, app.pack, self.now(), hours, protocol_id)

    def _ask(self, offer: Offer, *, then: Protocol | None) -> None:
        """Resume the interrupted session, or not: it is then closed as ended (the journal
        keeps it) and, when a protocol was being started, that one starts afresh."""
        app, pack = self.app, self.app.pack
        assert pack is not None

        def answered(resume: bool) -> None:
            from coach.journal.resumable import answer_offer

            if app.journal is not None:
                resumed = answer_offer(app.journal, offer, self.now(), resume)
                if resumed is not None:
                    self._run(pack.protocol(offer.protocol_id), resumed)
                    return
            app.tell_screens()
            if then is not None:
                self._run(then)

        discreet = app.settings.discreet
        route = routes.resume(
            offer, starting=then is not None, discreet=discreet, answered=answered
        )
        app.open(route)

    def _run(self, protocol: Protocol, resume: Offer | None = None) -> None:
        from coach.tui.flow import start_session

        app = self.app
        assert app.pack is not None
        start_session(
            app,
            app.pack,
            protocol,
            journal=app.journal,
            clock=self.clock,
            settings=app.settings,
            speak=self.speak,
            resume=resume,
            remote=self.remote or self._take_remote_once(),
            terminal=app.terminal,
        )

    def _take_remote_once(self) -> RemoteOptions | None:
        once, self._remote_once = self._remote_once, None
        return once

    # --- stopping and leaving ----------------------------------------------------------------

    def running(self) -> SessionScreen | None:
        """The screen of the session running now, if any (asked of the screens themselves,
        RUNS_A_SESSION: no import of the session screen's module, which costs start-up)."""
        for screen in self.app.screen_stack:
            if getattr(screen, "RUNS_A_SESSION", False) and not screen.session.finished:  # type: ignore[attr-defined]
                return screen  # type: ignore[return-value]
        return None

    def pain_stop(self) -> None:
        """F9 or p over a running session: the session screen's own pain stop, at once."""
        session = self.running()
        if session is not None:
            while self.app.screen is not session:
                self.app.pop_screen()
            session.action_pain()

    def leave(self) -> None:
        # The dialogs are imported when someone leaves: they are not on the path to home.
        from coach.tui.dialogs.end_session import EndSessionDialog
        from coach.tui.dialogs.leave import LeaveDialog

        app = self.app
        session = self.running()
        if session is not None:
            if not isinstance(app.screen, EndSessionDialog):  # else already asking
                while app.screen is not session:
                    app.pop_screen()
                session.action_end()
        elif isinstance(app.screen, LeaveDialog):
            return  # already asking
        elif any(_check_in_to_come(screen) for screen in app.screen_stack):
            app.push_screen(LeaveDialog(), lambda yes: _quit_if(app, yes))
        else:
            app.exit()


def _check_in_to_come(screen: Any) -> bool:
    """A finished session's screen (its summary or safety guidance up) whose check-in will
    follow, or the check-in itself."""
    if getattr(screen, "ASKS_BEFORE_QUIT", False):
        return True
    run = getattr(screen, "run", None) if getattr(screen, "RUNS_A_SESSION", False) else None
    return bool(run is not None and run.recording)


def _quit_if(app: CoachApp, yes: bool | None) -> None:
    if yes:
        app.exit()


__all__ = ["Sessions"]
