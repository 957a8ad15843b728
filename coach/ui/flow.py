"""A session from start to saved: journal, session screen, check-in, safety when needed.

The engine's events reach the journal through a listener, committed one by one as they happen,
so a crash or ``kill -9`` loses nothing that was on the screen.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from coach.session.clock import SystemClock
from coach.ui.text import clean

if TYPE_CHECKING:
    from coach.journal.records import CheckIn
    from coach.pack.model import Protocol
    from coach.ui.app import CoachApp
    from coach.ui.screens.session import SessionOutcome


def run_session(app: CoachApp, protocol: Protocol) -> None:
    from coach.ui.screens.session import SessionScreen

    pack = app.pack
    assert pack is not None
    journal = app.journal
    listeners = []
    session_id: int | None = None
    level_id: str | None = None
    from coach.pack.levels import resolved_protocol

    # The protocol as it runs: the planned level's parameters filled in (without a journal to
    # plan from, the first level's), so the engine never meets a "{name}".
    running = resolved_protocol(pack, protocol, None)
    if journal is not None:
        from coach.journal.plan import begin_planned_session

        started = (app.clock or SystemClock()).now()
        try:
            planned = begin_planned_session(journal, pack, protocol, started)
            session_id, level_id, running = planned.session_id, planned.level_id, planned.protocol
        except (sqlite3.Error, OSError) as exc:
            # The session still runs: the person is mid-routine; they are told it isn't saved.
            journal = None
            app.notify(
                clean(f"Your journal cannot be written ({exc}); this session will not be saved."),
                severity="error",
                timeout=15,
                markup=False,
            )
    if journal is not None and session_id is not None:
        warned = False

        def save_failed(exc: Exception) -> None:
            nonlocal warned
            if not warned:
                warned = True
                app.notify(
                    clean(f"Your journal cannot be written ({exc}); the session goes on."),
                    severity="error",
                    timeout=15,
                    markup=False,
                )

        listeners.append(journal.recorder(session_id, on_error=save_failed))
    screen = SessionScreen(
        pack, running, clock=app.clock, sound=app.settings.sound, listeners=listeners
    )
    if app.settings.speech or app.speak:
        _attach_speech(app, screen)

    def ended(outcome: SessionOutcome | None) -> None:
        if outcome is None or journal is None or session_id is None:
            return
        from coach.pack.levels import questions_for
        from coach.ui.screens.checkin import CheckInScreen

        levels = pack.program.levels if pack.program and protocol.uses_levels else None
        noun = pack.program.level_noun if pack.program else "level"
        app.push_screen(
            CheckInScreen(
                questions_for(pack.program, protocol),
                levels=levels,
                level_noun=noun,
                default_level_id=level_id,
                pain=outcome.pain,
            ),
            lambda checkin: saved(checkin, shown_safety=outcome.pain),
        )

    def saved(checkin: CheckIn | None, *, shown_safety: bool) -> None:
        if checkin is None or journal is None or session_id is None:
            return
        try:
            journal.save_checkin(session_id, checkin)
        except (sqlite3.Error, OSError) as exc:
            app.notify(
                clean(f"The check-in could not be saved ({exc}). The session itself is kept."),
                severity="error",
                timeout=15,
                markup=False,
            )
        else:
            app.notify("Saved to your journal.", timeout=4)
        from coach.journal.figures import needs_safety

        # Not twice in a row: after a pain stop the guidance was just shown for that pain.
        if needs_safety(pack, protocol, checkin, pain_shown=shown_safety):
            from coach.ui.screens.safety import SafetyScreen

            app.push_screen(SafetyScreen(pack.safety))

    app.push_screen(screen, ended)


def _attach_speech(app: CoachApp, screen) -> None:
    from coach.speech import find_speaker, speech_listener

    speaker = find_speaker()
    if speaker is None:
        app.notify(
            "Spoken cues are on, but no speech command was found (espeak-ng, spd-say or say).",
            severity="warning",
            timeout=8,
        )
        return
    screen.session.subscribe(speech_listener(speaker, screen.session.view))
