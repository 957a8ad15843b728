"""Plain mode: a session line by line on stdin/stdout, for a screen reader, a dumb terminal, ssh.

The same engine and the same journal as the full-screen app. A countdown redrawn every second
floods a screen reader, so plain mode prints only changes (a step, a phase, a cue, time up) and
the clock on request; commands are words or letters followed by Enter.
"""

from __future__ import annotations

import argparse
import contextlib
import queue
import sqlite3
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from coach.pack.durations import format_clock, format_seconds
from coach.session.announce import describe
from coach.session.clock import Clock, SystemClock
from coach.session.engine import Session
from coach.session.events import Event, EventKind

if TYPE_CHECKING:
    from coach.journal.records import CheckIn
    from coach.journal.store import Journal
    from coach.pack.model import Pack, Protocol, Safety
    from coach.speech import Speaker

HELP = """\
Commands (type, then Enter):
  Enter or d   done: next step, or one more successful attempt
  n            next step        b  back        s  skip this step
  r            resistance (follow the reset step, then come back)
  p            STOP BECAUSE OF PAIN (at any time)
  space or w   pause / resume   t  time now
  h or ?       this help        q  end the session"""

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
}


class PlainSession:
    """Drives a :class:`Session` from typed lines; prints events as they happen."""

    def __init__(
        self,
        pack: Pack,
        protocol: Protocol,
        *,
        clock: Clock,
        out: TextIO,
        width: int = 80,
    ) -> None:
        self.pack = pack
        self.protocol = protocol
        self.out = out
        self.width = max(30, min(width, 100))
        self.session = Session(protocol, clock)
        self.session.subscribe(self._on_event)
        self.confirming_quit = False

    # --- output ----------------------------------------------------------------------------

    def say(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    def _wrap(self, text: str, indent: str = "  ") -> None:
        from coach.faq.plain import markdown_to_plain

        for line in markdown_to_plain(text, width=self.width - len(indent)).split("\n"):
            if line.strip():
                self.say(indent + line)

    def _stamp(self, event: Event) -> str:
        return f"[{format_clock(event.active)}]"

    def _on_event(self, event: Event) -> None:
        view = self.session.view()
        text = describe(event, view)
        if event.kind is EventKind.STEP:
            self.say()
            self.say(f"{self._stamp(event)} {text}")
            self._describe_step()
            return
        if text:
            self.say(f"{self._stamp(event)} {text}")
        if event.kind is EventKind.PAIN_STOP:
            show_safety(self.pack.safety, self.say, self._wrap)

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
                f"  Expected tries: {view.attempts_expected}. Press Enter after each one; "
                "r if you meet resistance."
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

    # --- input -----------------------------------------------------------------------------

    def handle(self, line: str) -> None:
        """Act on one typed line."""
        raw = line.rstrip("\r\n")
        key = raw if raw == " " else raw.strip().lower()
        if self.confirming_quit:
            self.confirming_quit = False
            if key in ("y", "yes"):
                self.session.finish(completed=False)
            else:
                self.say("Carrying on.")
            return
        command = COMMANDS.get(key)
        session = self.session
        view = session.view()
        if command is None:
            self.say(f"Not a command: {raw.strip()!r}. Type h for help.")
        elif command == "pain":
            session.pain_stop()
        elif command == "help":
            self.say(HELP)
        elif command == "time":
            self.print_time()
        elif command == "quit":
            self.confirming_quit = True
            self.say("End the session now? Type y and Enter to end, anything else to go on.")
        elif command == "pause":
            session.toggle_pause()
        else:  # moving while paused keeps the pause, as on the full screen
            self._step_command(command, view)

    def _step_command(self, command: str, view) -> None:
        session = self.session
        moving_on = command == "next" or (command == "done" and view.attempts_expected is None)
        if moving_on and view.window and not view.min_reached and not view.in_branch:
            low = view.window[0]
            self.say(
                f"You can move on after {format_clock(low)} "
                f"({format_clock(low - view.step_elapsed)} to go). Type s to skip anyway."
            )
            return
        if command == "done":
            if view.attempts_expected is not None and not view.in_branch:
                session.attempt()
            else:
                session.next()
        elif command == "next":
            session.next()
        elif command == "back":
            session.back()
        elif command == "skip":
            session.skip()
        elif command == "resistance":
            session.resistance()

    def start(self) -> None:
        source = self.pack.info.source
        self.say(f"{self.protocol.title}")
        if source and source.clinician:
            self.say(f"  from {source.title}, {source.clinician}")
        self.say("  p then Enter stops at once if there is pain. h for help.")
        self.session.start()

    def summary(self) -> None:
        view = self.session.view()
        self.say()
        self.say(
            f"Active time {format_clock(view.active_total)} · steps done {view.steps_done}"
            f" · skipped {view.steps_skipped} · attempts {view.attempts_total}"
            f" · resistance {view.resistances}"
        )


def show_safety(safety: Safety, say: Callable[[str], None], wrap: Callable[[str], None]) -> None:
    say("")
    say(safety.title.upper())
    wrap(safety.stop_now)
    for heading, items in (
        ("Can be normal:", safety.normal),
        ("Stop and rest if:", safety.warning_signs),
        ("Get medical help if:", safety.red_flags),
    ):
        say(heading)
        for item in items:
            wrap(f"- {item}")
    say("When to see a clinician:")
    wrap(safety.see_clinician)


def ask_checkin(
    plain: PlainSession,
    read: Callable[[], str | None],
    levels: list[tuple[str, str]] | None,
    level_noun: str = "level",
    pain_stopped: bool = False,
) -> CheckIn | None:
    """The end-of-session check-in as questions; an empty answer skips a question, EOF all."""
    from coach.journal.records import CheckIn

    say = plain.say
    say("")
    say("Check-in (Enter skips a question; type 'skip' to skip them all).")

    def ask(question: str) -> str | None:
        say(question)
        answer = read()
        if answer is None or answer.strip().lower() == "skip":
            raise _Skip
        return answer.strip()

    def yes_no(question: str) -> bool:
        """Only a clear yes is yes; anything unclear is asked again, never saved as "no"."""
        while True:
            answer = (ask(question) or "").lower()
            if answer in ("", "n", "no"):
                return False
            if answer in ("y", "yes"):
                return True
            say("Please type y or n, or Enter to skip.")

    try:
        comfort: int | None = None
        while True:
            answer = ask("How comfortable was it, from 0 (not at all) to 10 (fully)?")
            if not answer:
                break
            if answer.isdigit() and 0 <= int(answer) <= 10:
                comfort = int(answer)
                break
            say("Please type a whole number from 0 to 10, or Enter to skip.")
        # After a pain stop the answer is known; don't make the person say it again.
        # After a pain stop the answer is known; don't make the person say it again.
        pain = pain_stopped or yes_no("Any pain? (y/n, Enter to skip)")
        bleeding = yes_no("Any bleeding? (y/n, Enter to skip)")
        level_id = None
        if levels:
            choices = ", ".join(f"{i + 1} {name}" for i, (_, name) in enumerate(levels))
            while True:
                answer = ask(f"Which {level_noun} did you use? {choices} (Enter to skip)")
                if not answer:
                    break
                if answer.isdigit() and 1 <= int(answer) <= len(levels):
                    level_id = levels[int(answer) - 1][0]
                    break
                say(f"Please type a number from 1 to {len(levels)}, or Enter to skip.")
        notes = ask("Notes for yourself or your clinician (one line, Enter for none):") or ""
    except _Skip:
        say("Check-in skipped.")
        return None
    return CheckIn(comfort=comfort, pain=pain, bleeding=bleeding, level_id=level_id, notes=notes)


class _Skip(Exception):
    pass


def _reader(stream: TextIO) -> queue.Queue[str | None]:
    """Lines from ``stream`` on a queue, read by a thread so the clock keeps ticking meanwhile."""
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        for line in stream:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True, name="plain-input").start()
    return lines


def run_plain(
    args: argparse.Namespace,
    *,
    clock: Clock | None = None,
    stdin: TextIO | None = None,
    out: TextIO | None = None,
    journal: Journal | None = None,
) -> int:
    import shutil

    from coach.commands._common import load_pack_or_exit
    from coach.journal.notice import open_or_exit

    out = out or sys.stdout
    pack = load_pack_or_exit(args)
    try:
        protocol = pack.protocol(args.protocol) if args.protocol else pack.default_protocol
    except KeyError:
        known = ", ".join(p.id for p in pack.protocols)
        print(f"coach: no protocol {args.protocol!r}; known: {known}", file=sys.stderr)
        return 2
    clock = clock or SystemClock()
    journal = journal or open_or_exit()
    from coach.pack.levels import resolved_protocol

    plain = PlainSession(
        pack,
        resolved_protocol(pack, protocol, None),  # the first level's, until one is planned
        clock=clock,
        out=out,
        width=shutil.get_terminal_size((80, 24)).columns,
    )
    from coach.journal.plan import begin_planned_session

    level_id: str | None = None
    try:
        session_id: int | None
        planned = begin_planned_session(journal, pack, protocol, clock.now())
        session_id, level_id = planned.session_id, planned.level_id
        plain = PlainSession(pack, planned.protocol, clock=clock, out=out, width=plain.width)
    except (sqlite3.Error, OSError) as exc:
        print(
            f"coach: the journal cannot be written ({exc}); this session will not be saved.",
            file=sys.stderr,
        )
        session_id = None
    if session_id is not None:
        warned: list[Exception] = []

        def save_failed(exc: Exception) -> None:
            if not warned:  # once, in plain words; the session goes on
                warned.append(exc)
                plain.say(f"Warning: the journal cannot be written ({exc}).")

        plain.session.subscribe(journal.recorder(session_id, on_error=save_failed))
    if getattr(args, "speak", None):
        _attach_speech(plain, out)
    lines = _reader(stdin or sys.stdin)
    closed = False  # the reader sends None once, at end of input
    plain.start()
    while not plain.session.finished:
        try:
            line = lines.get(timeout=0.25)
        except queue.Empty:
            plain.session.tick()
            continue
        if line is None:  # input closed: end the session, keeping what was done
            closed = True
            plain.say("Input closed: ending the session.")
            plain.session.finish(completed=False)
            break
        plain.handle(line)
    plain.summary()

    def read() -> str | None:
        nonlocal closed
        if closed:  # nothing more will come: waiting would hang (Ctrl-D, a closed pipe)
            return None
        line = lines.get()
        closed = line is None
        return line

    from coach.pack.levels import questions_for
    from coach.plain_checkin import ask_checkin as ask_questions

    levels = pack.program.levels if pack.program and protocol.uses_levels else None
    noun = pack.program.level_noun if pack.program else "level"
    pain_stopped = plain.session.view().pains > 0
    checkin = ask_questions(
        questions_for(pack.program, protocol),
        read,
        plain.say,
        levels=levels,
        level_noun=noun,
        default_level_id=level_id if session_id is not None else None,
        pain_stopped=pain_stopped,
    )
    if checkin is not None:
        try:
            if session_id is None:
                raise sqlite3.OperationalError("the session was not recorded")
            journal.save_checkin(session_id, checkin)
        except (sqlite3.Error, OSError) as exc:
            plain.say(f"The check-in could not be saved ({exc}).")
        else:
            plain.say("Saved.")
            from coach.plain_checkin import progress_line

            with contextlib.suppress(sqlite3.Error):  # a figure is never worth a traceback
                line = progress_line(journal, pack, clock.now().date())
                if line:
                    plain.say(line)
        from coach.journal.figures import needs_safety

        if needs_safety(pack, protocol, checkin, pain_shown=pain_stopped):  # not twice in a row
            show_safety(pack.safety, plain.say, plain._wrap)
    journal.close()
    return 0


def _attach_speech(plain: PlainSession, out: TextIO) -> Speaker | None:
    from coach.speech import find_speaker, speech_listener

    speaker = find_speaker()
    if speaker is None:
        print(
            "No text-to-speech command found (espeak-ng, spd-say or say); continuing without "
            "speech.",
            file=out,
        )
        return None
    plain.session.subscribe(speech_listener(speaker, plain.session.view))
    return speaker
