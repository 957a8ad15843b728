"""Plain mode: a session line by line on stdin/stdout, for a screen reader, a dumb terminal, ssh.

The same engine and the same journal as the full-screen app. A countdown redrawn every second
floods a screen reader, so plain mode prints only changes (a step, a phase, a cue, time up) and
the clock on request; commands are words or letters followed by Enter.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import queue
import shutil
import signal
import sqlite3
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from coach.engine.announce import describe
from coach.engine.clock import Clock, SystemClock
from coach.engine.events import Event, EventKind
from coach.faq.answers import markdown_to_plain
from coach.journal.notice import open_or_exit
from coach.journal.resumable import decline, find_resumable, resume_question, wants_resume
from coach.journal.status_refresh import refresh
from coach.pack.durations import format_clock, format_seconds
from coach.pack.safety import show_safety
from coach.pack.source import pack_or_exit
from coach.plain.checkin import ask_checkin, progress_line
from coach.remote.options import RemoteOptions, remote_options
from coach.session.hangup import HANGUP_FLUSH_SECONDS
from coach.session.run import SessionRun, Stopped, pending_text, stop_on_signals
from coach.system.safe_text import clean
from coach.system.settings import load_settings

if TYPE_CHECKING:
    from coach.journal.resumable import Offer
    from coach.journal.store import Journal
    from coach.pack.model import Pack, Protocol
    from coach.remote.control import Remote
    from coach.remote.link import Intent
    from coach.system.settings import Settings

log = logging.getLogger(__name__)

HELP = """\
Commands (type, then Enter):
  Enter or d   done: next step, or one more successful attempt
  n            next step        b  back        s  skip this step
  r            resistance (follow the reset step, then come back)
  p            STOP BECAUSE OF PAIN (at any time)
  space or w   pause / resume   t  time now
  h or ?       this help        q  end the session
  save         try writing the journal again (after a full disk)
  link         a new link for the phone remote (the device let in before is shut out)"""

COMMANDS: dict[str, str] = {
    "": "done",
    "d": "done",
    "done": "done",
    "a": "done",
    "n": "next",
    "next": "next",
    "b": "back",
    "back": "back",
    "s": "skip",
    "skip": "skip",
    "r": "resistance",
    "resist": "resistance",
    "resistance": "resistance",
    "p": "pain",
    "pain": "pain",
    "stop": "pain",
    " ": "pause",
    "w": "pause",
    "pause": "pause",
    "resume": "pause",
    "t": "time",
    "time": "time",
    "h": "help",
    "?": "help",
    "help": "help",
    "q": "quit",
    "quit": "quit",
    "end": "quit",
    "save": "save",
    "link": "link",
}


class PlainSession:
    """Drives a :class:`~coach.session.run.SessionRun` from typed lines; prints events as they happen.

    Everything printed passes :func:`coach.system.safe_text.clean` (in :meth:`say`): a title or a note
    from a file never sends an escape code to the terminal.
    """

    def __init__(
        self,
        pack: Pack,
        protocol: Protocol,
        *,
        clock: Clock,
        out: TextIO,
        width: int = 80,
        journal: Journal | None = None,
        settings: Settings | None = None,
        speak: bool = False,
        resume: Offer | None = None,
    ) -> None:
        self.pack = pack
        self.protocol = protocol
        self.out = out
        self.width = max(30, min(width, 100))
        self.run = SessionRun(
            pack,
            protocol,
            clock=clock,
            journal=journal,
            settings=settings,
            speak=speak,
            bell=self._bell,
            notify=self.say,
            listeners=[self._on_event],
            resume=resume,
        )
        self.session = self.run.session
        self.journal = journal
        self.clock = clock
        self.confirming_quit = False
        self.remote: Remote | None = None

    # --- output ----------------------------------------------------------------------------

    def _bell(self) -> None:
        """The last resort for a cue: the terminal's bell, only where a terminal will ring."""
        with contextlib.suppress(OSError, ValueError, AttributeError):
            if self.out.isatty():
                self.out.write("\a")
                self.out.flush()

    def say(self, text: str = "") -> None:
        with contextlib.suppress(OSError, ValueError):  # the terminal went away (SIGHUP)
            print(clean(text), file=self.out, flush=True)

    def _wrap(self, text: str, indent: str = "  ") -> None:
        for line in markdown_to_plain(text, width=self.width - len(indent)).split("\n"):
            if line.strip():
                self.say(indent + line)

    def _stamp(self, event: Event) -> str:
        return f"[{format_clock(event.active)}]"

    def _on_event(self, event: Event) -> None:
        view = self.session.view()
        text = describe(event, view, key="type")
        if event.kind is EventKind.STEP:
            self.say()
            self.say(f"{self._stamp(event)} {text}")
            self._describe_step()
            return
        if text:
            self.say(f"{self._stamp(event)} {text}")
        if event.kind is EventKind.PAIN_STOP:
            show_safety(self.pack.safety, self.say, self._wrap, "during")

    def _describe_step(self) -> None:
        view = self.session.view()
        step = view.step
        if step.text:
            self._wrap(step.text)
        for item in getattr(step, "items", ()):
            self.say(f"  [ ] {item}")
        if view.window:
            low, high = view.window
            self.say(
                f"  Time: {format_seconds(low)} to {format_seconds(high)}. "
                f"You may move on after {format_seconds(low)}."
            )
        elif view.step_length:
            self.say(f"  Time: {format_seconds(view.step_length)}.")
        if view.attempts_expected:
            self.say(
                f"  Expected tries: {view.attempts_expected}. Press Enter after each one, "
                "n when done; r if you meet resistance."
            )
        if step.kind == "intervals":
            phases = ", ".join(f"{p.name} {format_seconds(p.duration.low)}" for p in step.phases)
            self.say(f"  {phases}; {step.repetitions} times. coach calls each change.")
        self.say("  Enter when done · p pain · h help")

    def print_time(self) -> None:
        view = self.session.view()
        parts = [f"Session {format_clock(view.active_total)}"]
        parts.append(f"step {view.position} of {view.total}: {view.step.title}")
        if view.step_remaining is not None:
            parts.append(f"{format_clock(view.step_remaining)} left")
        else:
            parts.append(f"{format_clock(view.step_elapsed)} on this step")
        if view.attempts_expected:
            parts.append(f"{view.attempts} tries of {view.attempts_expected}")
        if view.phase:
            parts.append(f"{view.phase.name}, {round(view.phase.remaining)}s left")
        if view.paused:
            parts.append("PAUSED")
        self.say(" · ".join(parts))

    def tell_progress(self) -> None:
        """Where the person stands in the plan now, in its own unit ("2 of 3 today")."""
        if self.journal is None:
            return

        try:
            line = progress_line(self.journal, self.pack, self.clock.now().date())
        except (sqlite3.Error, OSError):  # a figure is never worth a traceback
            log.warning("plain: the progress line could not be read", exc_info=True)
            return
        if line:
            self.say(line)

    def tell_journal(self) -> None:
        """Say once when journal writes start failing, or work again."""
        notice = self.run.poll_journal()
        if notice is not None:
            tail = "" if notice.ok else " Type save and Enter to try again now."
            self.say(f"{'' if notice.ok else 'Warning: '}{notice.text}{tail}")

    def tick(self) -> None:
        self.run.tick()
        self.tell_journal()
        if self.remote is not None:
            self.remote.update()

    # --- the phone remote (coach.remote): intents come on the input queue, applied here ---------

    def start_remote(
        self, deliver: Callable[[Intent], None], options: RemoteOptions, *, discreet: bool
    ) -> None:
        from coach.remote.control import Remote, RemoteError

        try:
            self.remote = Remote(self.run, deliver, discreet=discreet, options=options)
        except RemoteError as exc:
            self.say(str(exc))
            return
        self.tell_link()

    def tell_link(self, *, new: bool = False) -> None:
        """The remote's link (``new``: a fresh one), what it exposes, and on a terminal with
        --lan a QR code."""
        remote = self.remote
        if remote is None:
            self.say("The phone remote is off: start with coach start --plain --remote --lan.")
            return
        url = remote.new_link() if new else remote.url
        self.say()
        self.say(f"{'Remote' if remote.discreet else 'Phone remote'}: {url}")
        for line in remote.explain():
            self._wrap(line)
        # A code to scan only where a phone can reach the address, and on a terminal.
        if remote.lan and getattr(self.out, "isatty", lambda: False)():
            from coach.remote.qr import qr_lines

            with contextlib.suppress(OSError, ValueError):
                for line in qr_lines(url):  # dark on light, as scanners want
                    self.out.write(f"\x1b[30;107m{line}\x1b[0m\n")
                self.out.flush()
        self.say()

    def remote_intent(self, intent: Intent) -> None:
        if self.remote is not None:
            self.remote.apply(intent)
            self.tell_journal()

    def close_remote(self) -> None:
        if self.remote is not None:
            self.remote.close()

    # --- input -----------------------------------------------------------------------------

    def handle(self, line: str) -> None:
        """Act on one typed line."""
        raw = line.rstrip("\r\n")
        key = raw if raw == " " else raw.strip().lower()
        run = self.run
        if self.confirming_quit:
            self.confirming_quit = False
            if key in ("y", "yes"):
                run.end()
            else:
                self.say("Carrying on.")
            return
        command = COMMANDS.get(key)
        if command is None:
            self.say(f"Not a command: {raw.strip()!r}. Type h for help.")
        elif command == "pain":
            run.pain_stop()
        elif command == "help":
            self.say(HELP)
        elif command == "time":
            self.print_time()
        elif command == "quit":
            self.confirming_quit = True
            self.say("End the session now? Type y and Enter to end, anything else to go on.")
        elif command == "pause":
            run.toggle_pause()
        elif command == "save":
            run.retry_saving()
            self.say("Trying to write the journal again.")
        elif command == "link":
            self.tell_link(new=True)
        else:  # moving while paused keeps the pause, as on the full screen
            wait = getattr(run, command)()
            if wait is not None:
                self.say(wait.text("Type"))
        self.tell_journal()
        if self.remote is not None:
            self.remote.update()

    def start(self) -> None:
        source = self.pack.info.source
        self.say(f"{self.protocol.title}")
        if source and source.clinician:
            self.say(f"  from {source.title}, {source.clinician}")
        self.say("  p then Enter stops at once if there is pain. h for help.")
        self.run.start()

    def summary(self) -> None:
        view = self.session.view()
        self.say()
        self.say(
            f"Active time {format_clock(view.active_total)} · steps done {view.steps_done}"
            f" · skipped {view.steps_skipped} · attempts {view.attempts_total}"
            f" · resistance {view.resistances}"
        )


Input = queue.Queue["str | Intent | None"]
"""Typed lines (``None`` once input closes), and the phone remote's intents, in arrival order."""


def _tolerant(stream: TextIO) -> None:
    """Bytes on stdin that are not in its encoding (a Latin-1 terminal, a pasted file) reach
    coach as surrogate escapes, not as an error that would end the reader thread (and leave
    the session waiting for input for good); the check-in keeps them as U+FFFD and says so."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None and getattr(stream, "errors", None) == "strict":
        with contextlib.suppress(ValueError, OSError, io.UnsupportedOperation):
            reconfigure(errors="surrogateescape")


def _reader(stream: TextIO) -> Input:
    """Lines from ``stream`` on a queue, read by a thread so the clock keeps ticking meanwhile."""
    lines: Input = queue.Queue()

    def pump() -> None:
        for line in stream:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True, name="plain-input").start()
    return lines


def run_plain(
    args: argparse.Namespace,
    *,
    pack: Pack | None = None,
    journal: Journal | None = None,
    clock: Clock | None = None,
    stdin: TextIO | None = None,
    out: TextIO | None = None,
) -> int:
    """A whole session, check-in included, line by line; closes ``journal`` at the end.

    Without ``pack`` or ``journal``, the active pack is loaded and the journal opened, each
    with a clear message and exit 1 on a problem. Returns 0; 2 for an unknown protocol; 130
    after Ctrl-C; 128 + N after signal N; 1 when journal writes were still not done at the end.
    """

    out = out or sys.stdout
    if pack is None:
        content = getattr(args, "content", None)
        pack = pack_or_exit(Path(content) if content else None)
    journal = journal or open_or_exit()
    try:
        protocol = pack.protocol(args.protocol) if args.protocol else pack.default_protocol
    except KeyError:
        known = ", ".join(p.id for p in pack.protocols)
        print(clean(f"coach: no protocol {args.protocol!r}; known: {known}"), file=sys.stderr)
        journal.close()
        return 2
    clock = clock or SystemClock()
    settings = _settings(args)
    stdin = stdin or sys.stdin
    _tolerant(stdin)
    offer = _offer_resume(journal, pack, clock, settings, stdin, out, args.protocol)
    if offer is not None:
        protocol = pack.protocol(offer.protocol_id)
    plain = PlainSession(
        pack,
        protocol,
        clock=clock,
        out=out,
        width=shutil.get_terminal_size((80, 24)).columns,
        journal=journal,
        settings=settings,
        resume=offer,
        speak=bool(getattr(args, "speak", None)),
    )
    run = plain.run
    code = 0
    try:
        with stop_on_signals():
            try:
                _session_and_checkin(plain, _reader(stdin), _remote(args, settings))
            except KeyboardInterrupt:  # Ctrl-C: the same end as q, without the question
                code = 130
                run.finish()
                plain.say("")
                plain.say("Interrupted: the session is ended and kept.")
            except Stopped as stop:  # SIGTERM, or SIGHUP from a closed terminal
                code = stop.exit_code
                run.finish()
    finally:
        # The one ending, whatever stopped the session: finished, then written with a bounded
        # wait (shorter when the terminal is gone: coach exits within 2 s then), and an
        # honest word about anything still not written. The remote ends first.
        plain.close_remote()
        hung_up = code == 128 + getattr(signal, "SIGHUP", -128)
        pending = run.close(HANGUP_FLUSH_SECONDS if hung_up else CLOSE_WAIT_SECONDS)
        text = pending_text(pending, exiting=True)
        if text:
            plain.say(f"Warning: {text}")
            code = code or 1

        refresh(pack, journal)  # `coach status` speaks from this session's figures (never raises)
        journal.close()
    return code


CLOSE_WAIT_SECONDS = 5.0
"""At the end, how long plain mode waits for journal writes still queued."""

CHECKIN_WAIT_SECONDS = 3.0
"""How long to wait for the check-in to be written before saying it is not, yet."""


def _session_and_checkin(
    plain: PlainSession, lines: Input, remote: tuple[RemoteOptions, bool] | None = None
) -> None:
    run = plain.run
    closed = False  # the reader sends None once, at end of input
    if run.cue_notice:
        plain.say(run.cue_notice)
    if remote is not None:  # the link first: the person sets the phone up before the clock runs
        plain.start_remote(lines.put, remote[0], discreet=remote[1])
    plain.start()
    while not run.finished:
        try:
            line = lines.get(timeout=0.25)
        except queue.Empty:
            plain.tick()
            continue
        if not isinstance(line, str | None):  # from the phone
            plain.remote_intent(line)
            continue
        if line is None:  # input closed: end the session, keeping what was done
            closed = True
            plain.say("Input closed: ending the session.")
            run.finish()
            break
        plain.handle(line)
    plain.summary()

    def read() -> str | None:
        nonlocal closed
        if closed:  # nothing more will come: waiting would hang (Ctrl-D, a closed pipe)
            return None
        line = lines.get()
        while not isinstance(line, str | None):  # the phone, after the end: the check-in is here
            line = lines.get()
        closed = line is None
        return line

    levels, noun = run.checkin_levels()
    checkin = ask_checkin(
        run.checkin_questions(),
        read,
        plain.say,
        levels=levels,
        level_noun=noun,
        default_level_id=run.planned_level_id if run.recording else None,
        pain_stopped=run.pain_stopped,
    )
    if checkin is None:
        return
    saving = run.save_checkin(checkin)
    if saving is None:
        plain.say("The check-in could not be saved: the journal is not available.")
    else:
        run.flush(CHECKIN_WAIT_SECONDS)
        if not saving.done():
            plain.say(
                "The check-in is not written yet (the journal is busy or full): it is kept "
                "and coach keeps trying."
            )
            plain.tell_journal()
        elif saving.exception() is not None:
            plain.say(f"The check-in could not be saved ({saving.exception()}).")
        else:
            plain.say("Saved.")
            plain.tell_progress()
    if run.safety_follows(checkin):
        show_safety(plain.pack.safety, plain.say, plain._wrap, "after")


def _remote(args: argparse.Namespace, settings: Settings) -> tuple[RemoteOptions, bool] | None:
    """The remote ``--remote``/``--lan`` asked for, and whether to use discreet words."""

    options = remote_options(args)
    if options is None:
        return None
    return options, bool(settings.discreet or getattr(args, "discreet", False))


def _settings(args: argparse.Namespace) -> Settings:
    """The person's settings, with ``--no-sound`` applied."""
    settings = load_settings(warn=sys.stderr)
    if getattr(args, "no_sound", False):
        settings = settings.with_changes(sound=False)
    return settings


def _offer_resume(
    journal: Journal,
    pack: Pack,
    clock: Clock,
    settings: Settings,
    stdin: TextIO,
    out: TextIO,
    wanted: str | None,
) -> Offer | None:
    """An unfinished session from the last few hours, offered before a new one starts (unless
    another protocol was asked for by name: that one is left alone). Declining closes it as
    ended; end of input starts afresh, never resuming unasked."""
    if settings.resume_hours <= 0:
        return None

    try:
        now = clock.now()
        offer = find_resumable(journal, pack, now, settings.resume_hours)
        if offer is None or (wanted is not None and offer.protocol_id != wanted):
            return None
        print(clean(resume_question(offer)), file=out, flush=True)
        line = stdin.readline()
        if wants_resume(line if line else None):
            return offer
        decline(journal, offer, now)
    except (sqlite3.Error, OSError, ValueError):
        log.warning("plain: the unfinished session could not be offered", exc_info=True)
    return None
