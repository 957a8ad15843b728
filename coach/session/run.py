"""One session run, from its first journal row to its last: the rules both front ends share.

The full-screen session (:mod:`coach.tui.flow`, :mod:`coach.tui.screens.session`) and plain mode
(:mod:`coach.plain.session`) are thin over :class:`SessionRun`; no rule here is written twice:

* the journal record: the session is begun at the planned level, and every event, then the
  check-in, goes through one :class:`~coach.journal.writer.JournalWriter` thread, so a locked or
  full disk never stops the clock or the pain key, and nothing is lost while it waits;
* the move-on rule: a range's minimum unlocks moving on, except in a branch (a reset step is
  left when the person is ready); Enter on an attempts step is one more try, in a branch too;
* whether the safety guidance follows a check-in, and how urgent its words are
  (:meth:`SessionRun.safety_after`);
* spoken cues (:func:`cue_listeners`);
* the one ending: whatever stops a session (q, Ctrl-C, input closed, SIGTERM, SIGHUP, the app
  quitting), :meth:`SessionRun.finish` ends it the same way, as "ended";
* the terminal going away (:mod:`coach.session.hangup`): the session is ended and written with a
  bounded wait, and the process exits within 2 s without one more terminal write.

No Textual here.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import signal
import sqlite3
import sys
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coach.cues.listeners import find, listeners
from coach.engine.events import Event, EventKind, Listener
from coach.engine.session import Session
from coach.journal.figures import (
    SafetyCall,
    advice_heading,
    read_journal,
    safety_call,
)
from coach.journal.plan import PlannedLevel, begin_at, planned_level
from coach.journal.writer import JournalWriter, Unrecoverable
from coach.pack.discreet import neutral_protocol
from coach.pack.durations import format_clock
from coach.pack.levels import questions_for, resolved_protocol
from coach.pack.safety import for_protocol
from coach.pack.words import SESSION, Noun, session_noun
from coach.session import hangup
from coach.system.settings import Settings

if TYPE_CHECKING:
    from coach.engine.clock import Clock
    from coach.engine.view import SessionView
    from coach.journal.records import CheckIn
    from coach.journal.resumable import Offer
    from coach.journal.store import Journal
    from coach.journal.writer import JournalWriter
    from coach.pack.model import Level, Pack, Protocol, Question, Safety

log = logging.getLogger(__name__)

STOP_SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)
"""A closed terminal (SIGHUP) or a polite kill (SIGTERM): the session ends as if by q."""

EXIT_FLUSH_SECONDS = 3.0
"""How long a process that is exiting waits for journal writes still queued."""

CHECKPOINT_SECONDS = 5.0
"""How often a running session's place is written between events (resume is exact to this)."""

URGENT_EVENTS = frozenset({EventKind.PAIN_STOP, EventKind.FINISHED})
"""Written at once, even while a failed write waits to be tried again."""


# --- the move-on rule ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WaitToMoveOn:
    """Moving on was refused: the step's minimum time (a range's minimum, else its whole
    length) has not passed yet."""

    after: float
    """The step's minimum, in seconds."""
    to_go: float
    costs_count: bool = False
    """Skipping the step would mean the session no longer counts toward the plan."""
    noun: Noun = SESSION

    def text(self, verb: str = "Press") -> str:
        text = (
            f"You can move on after {format_clock(self.after)} "
            f"({format_clock(self.to_go)} to go). {verb} s to skip anyway"
        )
        if self.costs_count:
            text += f", but then this {self.noun.one} won't count toward your plan"
        return text + "."


def wait_to_move_on(view: SessionView, noun: Noun = SESSION) -> WaitToMoveOn | None:
    """``None`` when the step may be left now; else how long until it may. Done means done
    for its time: an intervals step left at 0 s is not done, so "next" waits for it."""
    minimum = view.step_minimum
    if view.in_branch or minimum is None or view.min_reached or view.finished:
        return None
    return WaitToMoveOn(
        after=minimum,
        to_go=max(0.0, minimum - view.step_elapsed),
        costs_count=view.step_required and view.can_count.counts,
        noun=noun,
    )


# --- safety --------------------------------------------------------------------------------


def _plan_level(
    journal: Journal | None,
    pack: Pack,
    protocol: Protocol,
    clock: Clock,
    resume: Offer | None,
) -> PlannedLevel:
    """The level to run at: a resumed session's own, else the plan's advice for today (with a
    level set by hand). A read (never blocked by another writer in WAL mode); a journal that
    can't be read plans nothing."""
    if journal is None or pack.program is None or not protocol.uses_levels:
        return PlannedLevel(None)
    try:
        planned = planned_level(
            pack, protocol, read_journal(journal, pack.info.id), clock.now().date()
        )
        if resume is None:
            return planned
        level_id = journal.session(resume.session_id).planned_level_id
        # A resumed session goes on at its own level, with the steps it began with.
        return planned if level_id == planned.level_id else PlannedLevel(level_id)
    except (sqlite3.Error, OSError, KeyError, ValueError):
        log.warning("run: the planned level could not be read; the first level", exc_info=True)
        return PlannedLevel(None)


@dataclass(frozen=True, slots=True)
class SafetyNote:
    """Why the safety guidance follows a check-in, in the words of the rule that fired."""

    urgency: str
    """The rule's: none, routine, soon or urgent ("none" when no rule speaks of it)."""
    heading: str
    """ "Stop for today · mention at your next visit"; empty without a rule."""
    advice: str
    """The rule's advice (Markdown); empty without a rule."""

    @classmethod
    def of(cls, call: SafetyCall) -> SafetyNote:
        rule = call.rule
        if rule is None:
            return cls("none", "", "")
        return cls(rule.urgency, advice_heading(rule.label, rule.urgency), rule.advice.strip())

    @property
    def markdown(self) -> str:
        """The note over the guidance: the heading in bold, then the advice."""
        if not self.heading:
            return ""
        return f"**{self.heading}.**\n\n{self.advice}".strip()


# --- cues ----------------------------------------------------------------------------------


def cue_listeners(
    settings: Settings,
    view: Callable[[], SessionView],
    *,
    speak: bool = False,
    bell: Callable[[], None] | None = None,
    notify: Callable[[str], None] | None = None,
    safety: Safety | None = None,
    noun: Noun = SESSION,
) -> tuple[list[Listener], str | None]:
    """The listeners that carry cues beyond the screen (tones or the bell, speech, the
    countdown, the cue hook), from the settings; and a notice to show once when speech was
    asked for on the command line (``--speak``) but no engine exists. A speech engine missing
    while the setting is on is said on the settings screen and by ``coach cues``, not at every
    session."""
    found = find()
    notice: str | None = None
    if speak and found.speaker is None:
        notice = f"{found.speech_line} Continuing without speech."
    out = listeners(
        settings,
        view,
        notify=notify,
        bell=bell,
        speak=True if speak else None,
        found=found,
        safety=safety,
        noun=noun,
    )
    return out, notice


# --- journal notices -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class JournalNotice:
    """Something to tell the person once about their journal."""

    text: str
    ok: bool
    """``True``: good news (written again); ``False``: writes are waiting."""


def _failure_text(exc: BaseException, pending: int) -> str:
    changes = f"{pending} change{'s' if pending != 1 else ''}"
    message = str(exc) or type(exc).__name__
    if isinstance(exc, sqlite3.OperationalError) and "locked" in message.lower():
        return (
            f"Your journal is busy (another program is writing to it): {changes} wait in "
            "memory and coach keeps trying."
        )
    return (
        f"Your journal cannot be written ({message}): {changes} are kept in memory and coach "
        "keeps trying."
    )


def pending_text(pending: int, *, exiting: bool = False) -> str | None:
    """What to say when a run ends with writes still queued; ``None`` when none are."""
    if not pending:
        return None
    changes = f"{pending} change{'s' if pending != 1 else ''}"
    if exiting:
        return f"{changes} to your journal could not be written before coach closed."
    return (
        f"{changes} to your journal could not be written yet. coach keeps trying while it "
        "is open; what is not written when it closes is lost."
    )


# --- the run -------------------------------------------------------------------------------


class SessionRun:
    """One session of ``protocol``: the engine, its journal record and the shared rules.

    Build it, :meth:`start` it, drive it with the commands, and end it with :meth:`finish`
    (idempotent: call it in a ``finally``). :meth:`save_checkin` after the end, then
    :meth:`close` to flush the journal with a bounded wait.
    """

    def __init__(
        self,
        pack: Pack,
        protocol: Protocol,
        *,
        clock: Clock,
        journal: Journal | None = None,
        writer: JournalWriter | None = None,
        settings: Settings | None = None,
        speak: bool = False,
        bell: Callable[[], None] | None = None,
        notify: Callable[[str], None] | None = None,
        listeners: Sequence[Listener] = (),
        resume: Offer | None = None,
        discreet: bool = False,
    ) -> None:
        self.pack = pack
        self.noun = session_noun(pack.program)
        """What the content calls a session ("set"), for every word the front ends say."""
        self._resume = resume
        self.source = protocol
        """The protocol as the content writes it (its id and title go to the journal)."""
        self.clock = clock
        planned = _plan_level(journal, pack, protocol, clock, resume)
        self.level_id = planned.level_id
        """The level this session runs at (the plan's advice), or None without levels."""
        # The protocol as it runs: the level's parameters (hold time, repetitions) filled in,
        # and the previous level's and the steps only for the first sessions after a change,
        # so the engine and the screens never meet a "{name}".
        self.protocol = resolved_protocol(
            pack,
            protocol,
            self.level_id,
            previous_id=planned.previous_id,
            after_change=planned.after_change,
        )
        self.discreet = discreet
        if discreet:  # every front end, the remote, speech and cues say only neutral words
            self.protocol = neutral_protocol(pack, self.protocol)
        self.session = Session(self.protocol, clock)
        self.safety = for_protocol(pack.safety, protocol)
        """The safety guidance for this protocol: its own steps for right now, if it has any."""
        if writer is None and journal is not None:
            writer = JournalWriter(journal)
        self.writer = writer
        self._begun: Future[tuple[int, str | None]] | None = None
        self._checkpoint_due = clock.monotonic() + CHECKPOINT_SECONDS
        self._checkpointed = 0.0
        self._told_failing = False
        self._told_dropped = False
        # The journal hears each event first; then the cue listeners; then the front end's.
        if writer is not None:
            self.session.subscribe(self._record)
            _OPEN_RUNS.add(self)
        # Without settings (tests, tools), no tones: only what was asked for explicitly.
        cue, self.cue_notice = cue_listeners(
            settings or Settings(sound=False, countdown=0),
            self.session.view,
            speak=speak,
            bell=bell,
            notify=notify,
            safety=self.safety,
            noun=self.noun,
        )
        for listener in (*cue, *listeners):
            self.session.subscribe(listener)

    # --- what the front ends read ------------------------------------------------------------

    def view(self) -> SessionView:
        return self.session.view()

    @property
    def finished(self) -> bool:
        return self.session.finished

    @property
    def pain_stopped(self) -> bool:
        return self.session.view().pains > 0

    @property
    def writer_ok(self) -> bool:
        """No journal write is failing right now (also when there is no journal)."""
        return self.writer is None or self.writer.health().ok

    @property
    def recording(self) -> bool:
        """The run has a journal to write to."""
        return self.writer is not None

    @property
    def planned_level_id(self) -> str | None:
        """The level the session was begun at (the check-in's default answer)."""
        return self.level_id

    def checkin_levels(self) -> tuple[Sequence[Level] | None, str]:
        """The levels the check-in asks about (``None`` when they don't apply), and their noun."""
        program = self.pack.program
        levels = program.levels if program and self.protocol.uses_levels else None
        return levels, program.level_noun if program else "level"

    def checkin_questions(self) -> list[Question]:
        """The check-in's questions: the pack's, as this protocol narrows or extends them."""
        return list(questions_for(self.pack.program, self.source))

    # --- the start -----------------------------------------------------------------------

    def start(self) -> None:
        """Begin the journal record (queued: it never waits for the disk), then the session.

        Resuming an interrupted session goes on writing to its own record (the journal keeps
        one session, not two), from the step, time and tries its events had reached."""
        offer = self._resume
        if offer is not None:
            if self.writer is not None and self._begun is None:
                sid, level_id = offer.session_id, self.level_id

                def resume(db: Journal) -> tuple[int, str | None]:
                    db.claim_session(sid)  # in progress while this process runs it
                    return sid, level_id

                self._begun = self.writer.submit("resume session", resume, alone=True)
            self.session.start_from(offer.point)
            return
        if self.writer is not None and self._begun is None:
            pack, protocol, level_id = self.pack, self.source, self.level_id
            started = self.clock.now()

            def begin(db: Journal) -> tuple[int, str | None]:
                sid = begin_at(db, pack, protocol, level_id, started)
                db.claim_session(sid)  # in progress while this process runs it
                return sid, level_id

            self._begun = self.writer.submit("begin session", begin, alone=True)
        self.session.start()

    def _record(self, event: Event) -> None:
        assert self.writer is not None
        self.writer.submit(
            f"event {event.kind}",
            lambda db: db.record(self._session_id(), event),
            urgent=event.kind in URGENT_EVENTS,
        )

    def _session_id(self) -> int:
        """In the writer's thread, after the begin job (jobs run in order)."""
        begun = self._begun
        if begun is None or not begun.done() or begun.exception() is not None:
            raise Unrecoverable("the session's start could not be recorded")
        return begun.result()[0]

    # --- commands --------------------------------------------------------------------------

    def tick(self) -> None:
        self.session.tick()
        self._checkpoint()

    def _checkpoint(self) -> None:
        """Every :data:`CHECKPOINT_SECONDS` of the clock, where the session stands, so a
        resume after a crash or a kill is exact to within that (see ``Journal.checkpoint``)."""
        if self.writer is None or self._begun is None:
            return
        now = self.clock.monotonic()
        if now < self._checkpoint_due:
            return
        self._checkpoint_due = now + CHECKPOINT_SECONDS
        view = self.session.view()
        if view.finished or view.active_total == self._checkpointed:
            return  # nothing moved on (paused): nothing to write
        self._checkpointed = view.active_total
        wall, active, index, step_id = (
            self.clock.now(),
            view.active_total,
            view.step_index,
            view.step.id,
        )
        self.writer.submit(
            "checkpoint",
            lambda db: db.checkpoint(
                self._session_id(),
                at=now,
                wall=wall,
                active=active,
                step_index=index,
                step_id=step_id,
            ),
        )

    def done(self) -> WaitToMoveOn | None:
        """Enter: one more try on an attempts step (in a branch too), else move on."""
        if self.session.view().step.kind == "attempts":
            self.session.attempt()
            return None
        return self.next()

    def next(self) -> WaitToMoveOn | None:
        """Move on, if the step's minimum allows; else say how long to wait."""
        wait = wait_to_move_on(self.session.view(), self.noun)
        if wait is None:
            self.session.next()
        return wait

    def back(self) -> None:
        self.session.back()

    def skip(self) -> None:
        self.session.skip()

    def resistance(self) -> None:
        self.session.resistance()

    def pause(self) -> None:
        self.session.pause()

    def resume(self) -> None:
        self.session.resume()

    def toggle_pause(self) -> None:
        self.session.toggle_pause()

    def pain_stop(self) -> None:
        self.session.pain_stop()

    def end(self) -> None:
        """The person ended the session early (q and yes)."""
        self.finish()

    # --- the one ending --------------------------------------------------------------------

    def finish(self) -> None:
        """End the session if it is still going: the same end, whatever stopped it.

        Idempotent; a session already finished (done, ended, pain) keeps how it ended.
        """
        self.session.finish(completed=False)

    # --- after the session -----------------------------------------------------------------

    def safety_after(self, checkin: CheckIn) -> SafetyNote | None:
        """The one rule for safety guidance after a check-in: the content's (pain, a graded
        answer at its ``safety_from``, a rule with safety), not twice in a row after a pain
        stop (see :func:`coach.journal.figures.safety_call`); ``None`` when none follows.
        Its words are as urgent as the rule the answers meet, and no more."""
        call = safety_call(self.pack, self.source, checkin, pain_shown=self.pain_stopped)
        return None if call is None else SafetyNote.of(call)

    def save_checkin(self, checkin: CheckIn) -> Future[None] | None:
        """Queue the check-in after the session's events; ``None`` when nothing is recorded.

        The future is done once it is written: say "Saved" then, and only then.
        """
        if self.writer is None:
            return None
        return self.writer.submit(
            "check-in", lambda db: db.save_checkin(self._session_id(), checkin), urgent=True
        )

    def poll_journal(self) -> JournalNotice | None:
        """A notice to show, once per change: writes started failing, or work again."""
        if self.writer is None:
            return None
        health = self.writer.health()
        if health.dropped and not self._told_dropped:  # once: it cannot mend by itself
            self._told_dropped = True
            return JournalNotice(
                f"Part of this session could not be written to your journal "
                f"({health.last_dropped}); the rest is kept.",
                ok=False,
            )
        if health.failure is not None and not self._told_failing:
            self._told_failing = True
            return JournalNotice(_failure_text(health.failure, health.pending), ok=False)
        if health.failure is None and self._told_failing:
            self._told_failing = False
            return JournalNotice("Your journal is written again: nothing was lost.", ok=True)
        return None

    def retry_saving(self) -> None:
        if self.writer is not None:
            self.writer.retry_now()

    @property
    def pending(self) -> int:
        return 0 if self.writer is None else self.writer.health().pending

    def flush(self, timeout: float) -> int:
        """Wait up to ``timeout`` seconds for queued writes; returns how many are left."""
        if self.writer is None:
            return 0
        self.writer.flush(timeout)
        return self.writer.health().pending

    def close(self, timeout: float = 0.0) -> int:
        """End the session (if still going), then flush the journal for up to ``timeout``
        seconds; returns the writes still pending (see :func:`pending_text`)."""
        self.finish()
        if self.writer is None:
            return 0
        return self.writer.close(timeout)


# --- stopping from outside: signals, and the process exiting --------------------------------


class Stopped(BaseException):
    """Raised in the main thread by SIGTERM or SIGHUP, so every ``finally`` runs.

    A BaseException, like KeyboardInterrupt: ``except Exception`` never swallows it.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP raise :class:`Stopped` while inside (main thread only; elsewhere,
    as in tests that run plain mode on a thread, nothing changes)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, _frame: object) -> None:
        raise Stopped(signum)

    previous = {sig: signal.signal(sig, stop) for sig in STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


_OPEN_RUNS: weakref.WeakSet[SessionRun] = weakref.WeakSet()


def close_open_runs(timeout: float = EXIT_FLUSH_SECONDS) -> int:
    """End every session still going and wait up to ``timeout`` seconds (in all) for queued
    journal writes; returns how many are still not written. For a front end that is closing."""
    deadline = time.monotonic() + timeout
    pending = 0
    for run in list(_OPEN_RUNS):
        try:
            pending += run.close(max(0.0, deadline - time.monotonic()))
        except Exception:  # closing: log, never a traceback
            log.exception("finishing a session on close")
    return pending


def _flush_at_exit() -> None:
    """The process is exiting (the app closed, a command returned, an unhandled Ctrl-C): the
    same ending for any session still going, a bounded wait, and an honest word."""
    text = pending_text(close_open_runs(), exiting=True)
    if text:
        with contextlib.suppress(OSError, ValueError):  # the terminal is gone
            print(f"coach: {text}", file=sys.stderr)


atexit.register(_flush_at_exit)
hangup.on_session_end(close_open_runs)  # the terminal gone, or the app closing


__all__ = [
    "CHECKPOINT_SECONDS",
    "EXIT_FLUSH_SECONDS",
    "STOP_SIGNALS",
    "JournalNotice",
    "SafetyNote",
    "SessionRun",
    "Stopped",
    "WaitToMoveOn",
    "close_open_runs",
    "cue_listeners",
    "pending_text",
    "stop_on_signals",
    "wait_to_move_on",
]
