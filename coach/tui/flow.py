"""A session in the app, from start to saved: the session screen, the check-in, safety when
needed. Thin over :class:`coach.session.run.SessionRun`, which holds the rules plain mode shares.

Journal writes go through the run's writer thread: the screen never waits for the disk. After
the check-in, "Saved" is said only once it is written; while writes fail, the person is told
once, and again when they work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING

from coach.engine.clock import SystemClock
from coach.journal.status_refresh import refresh
from coach.session.run import SessionRun, pending_text
from coach.tui.literal import clean

if TYPE_CHECKING:
    from textual.app import App

    from coach.engine.clock import Clock
    from coach.journal.records import CheckIn
    from coach.journal.resumable import Offer
    from coach.journal.store import Journal
    from coach.pack.model import Pack, Protocol
    from coach.remote.options import RemoteOptions
    from coach.system.settings import Settings
    from coach.tui.screens.session import SessionOutcome
    from coach.tui.terminal import Terminal

CHECKIN_WAIT_SECONDS = 3.0
"""How long to wait for the check-in to be written before saying it is not, yet."""
WATCH_SECONDS = 1.0
"""How often the journal's writes are checked on after the session, while any are waiting."""


def start_session(
    app: App[object],
    pack: Pack,
    protocol: Protocol,
    *,
    journal: Journal | None,
    clock: Clock | None,
    settings: Settings,
    speak: bool = False,
    resume: Offer | None = None,
    remote: RemoteOptions | None = None,
    terminal: Terminal | None = None,
) -> SessionRun:
    """Push a session screen over ``app``; the check-in and safety follow it. ``remote``:
    serve the phone remote from the start (``coach start --remote``); ``terminal``: where the
    window's title goes."""
    from coach.tui.screens.session import SessionScreen

    run = SessionRun(
        pack,
        protocol,
        clock=clock or SystemClock(),
        journal=journal,
        settings=settings,
        speak=speak,
        # Rung from the event loop, never from inside the engine's listeners: a terminal
        # write may wait (a dead terminal), and the engine's ending must not.
        bell=lambda: app.call_later(app.bell),
        notify=lambda text: app.notify(clean(text), severity="warning", markup=False),
        resume=resume,
        discreet=settings.discreet,
    )
    if run.cue_notice:
        app.notify(run.cue_notice, severity="warning", timeout=8, markup=False)
    # The run's cue listeners ring the bell where no tone player works: not the screen too.
    screen = SessionScreen(
        run, sound=False, discreet=settings.discreet, remote=remote, terminal=terminal
    )

    def ended(outcome: SessionOutcome | None) -> None:
        if outcome is None or not run.recording:
            _after(app, run)
            return
        from coach.tui.screens.checkin import CheckInScreen

        levels, noun = run.checkin_levels()
        app.push_screen(
            CheckInScreen(
                run.checkin_questions(),
                levels=levels,
                level_noun=noun,
                default_level_id=run.planned_level_id,
                pain=outcome.pain,
            ),
            saved,
        )

    def saved(checkin: CheckIn | None) -> None:
        if checkin is not None:
            saving = run.save_checkin(checkin)
            if saving is not None:
                _report_saved(
                    app, saving, lambda: _refresh_status(pack, journal, run.clock.now().date())
                )
            note = run.safety_after(checkin)
            if note is not None:
                from coach.tui.screens.safety import SafetyScreen

                # The rule that fired, over the guidance: its words, as urgent as it is.
                app.push_screen(SafetyScreen(run.safety, "after", note=note.markdown))
        _after(app, run)

    app.push_screen(screen, ended)
    return run


def _report_saved(app: App[object], saving: Future[None], on_saved: Callable[[], None]) -> None:
    """Say "Saved" once the check-in is written; if it is not within a few seconds, say so."""
    waited = 0.0

    def check() -> None:
        nonlocal waited
        if saving.done():
            error = saving.exception()
            if error is None:
                app.notify("Saved to your journal.", timeout=4)
                on_saved()
            else:
                app.notify(
                    clean(f"The check-in could not be saved ({error})."),
                    severity="error",
                    timeout=15,
                    markup=False,
                )
        elif waited >= CHECKIN_WAIT_SECONDS:
            app.notify(
                "The check-in is not written yet (the journal is busy or full): it is kept "
                "and coach keeps trying.",
                severity="warning",
                timeout=15,
                markup=False,
            )
        else:
            waited += 0.1
            app.set_timer(0.1, check)

    check()


def _after(app: App[object], run: SessionRun) -> None:
    """No more writes for this run: its writer finishes what is queued on its own thread, and
    the person hears, once each, when writes fail and when they work again."""
    run.close(0.0)

    def watch() -> None:
        notice = run.poll_journal()
        if notice is not None:
            app.notify(
                clean(notice.text),
                severity="information" if notice.ok else "error",
                timeout=10,
                markup=False,
            )
        if run.pending == 0 and run.writer_ok:
            timer.stop()

    timer = app.set_interval(WATCH_SECONDS, watch, name="journal-watch")
    text = pending_text(run.pending)
    if text and not run.writer_ok:
        app.notify(clean(text), severity="warning", timeout=10, markup=False)


def _refresh_status(pack: Pack, journal: Journal | None, today: dt.date) -> None:
    """`coach status` reads a summary the app keeps: bring it up to date once a check-in is in."""
    if journal is not None:
        refresh(pack, journal, today)
