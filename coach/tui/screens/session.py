"""The session screen: the current step, its clock, and the keys that drive the session.

A thin front end over :class:`coach.session.run.SessionRun`, which holds every rule (moving on, the
journal, the one ending) and the engine with all the state; four times a second the screen
ticks it and draws its view. Nothing here counts time or decides a rule.

When the session ends, the screen shows the summary (or, after a pain stop, the safety
guidance) on top of itself; when that is closed it dismisses with a :class:`SessionOutcome`.
Intents for the app go up as messages: the questions (f) as ``OpenQuestions``, the edit key
as ``EditContent``, and :class:`SessionScreen.PainStopped`. Its keys are listed by the app's
``?`` from its bindings.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from coach.engine.announce import MOVE_ON_EVENTS, count_lost, describe
from coach.engine.events import Event, EventKind
from coach.engine.session import Session
from coach.engine.view import FinishReason, SessionView
from coach.pack.durations import format_clock
from coach.pack.words import SESSION, Noun
from coach.remote.options import RemoteOptions
from coach.session.run import EXIT_FLUSH_SECONDS, STOP_SIGNALS, SessionRun
from coach.system.safe_text import clean
from coach.tui.breakpoints import SizedFromTheStart
from coach.tui.dialogs.end_session import EndSessionDialog
from coach.tui.editor import edit_session_step
from coach.tui.literal import literal, set_content
from coach.tui.messages import OpenQuestions
from coach.tui.screens.blank import BlankScreen
from coach.tui.screens.safety import SafetyScreen
from coach.tui.screens.summary import SummaryScreen
from coach.tui.widgets.bullets import bullet_list
from coach.tui.widgets.cue_banner import Cue, CueBanner
from coach.tui.widgets.key_bar import KeyBar
from coach.tui.widgets.phase_banner import PhaseBanner
from coach.tui.widgets.safe_markdown import SafeMarkdown
from coach.tui.widgets.session_bar import SessionBar
from coach.tui.widgets.step_timer import StepTimer

if TYPE_CHECKING:
    from coach.remote.control import Remote
    from coach.remote.link import Intent
    from coach.tui.screens.remote import PanelChoice
    from coach.tui.terminal import Terminal

log = logging.getLogger(__name__)

CUE_EVENTS = frozenset({EventKind.CUE, EventKind.MIN_REACHED, EventKind.TIME_UP})
"""Events shown in the cue banner (a phase shows in the phase banner)."""
BELL_EVENTS = CUE_EVENTS | {EventKind.PHASE}
MAX_CUE_LINES = 2  # after a stall, many cues fall due at once: show the latest


@dataclass(frozen=True, slots=True)
class SessionOutcome:
    """What a session screen dismisses with: the final view and why it ended."""

    view: SessionView
    reason: FinishReason

    @property
    def completed(self) -> bool:
        return self.view.completed

    @property
    def pain(self) -> bool:
        return self.reason is FinishReason.PAIN


def attempts_line(view: SessionView) -> str | None:
    """``"Attempt 3 · expected 4-6"``; ``None`` on steps that count no tries."""
    expected = view.attempts_expected
    if expected is None:
        return None
    if view.attempts == 0:
        return f"No attempts yet · expected {expected}"
    line = f"Attempt {view.attempts} · expected {expected}"
    if view.attempts >= expected.low:
        line += " · enough"
    return line


def cue_of(events: list[Event], view: SessionView, noun: Noun = SESSION) -> Cue | None:
    """The banner for a redraw's new clock-driven events: the latest few lines, each once
    (a content cue saying "you can move on" and the minimum's own line are not shown twice).
    A cue within intervals stays up to the end of its phase (the engine sets ``show_for``)."""
    lines: list[str] = []
    move_on: str | None = None  # the latest "what to do next": time up supersedes the minimum
    until: float | None = None
    kind = "cue"
    for event in events:
        if event.kind not in CUE_EVENTS:
            continue
        text = describe(event, view, key="press", noun=noun)
        if not text:
            continue
        text = clean(text)
        if event.kind in MOVE_ON_EVENTS:
            if move_on in lines:
                lines.remove(move_on)
            move_on = text
        if text in lines:
            lines.remove(text)
        lines.append(text)
        show_for = event.data.get("show_for")
        until = event.active + float(show_for) if isinstance(show_for, int | float) else None
        kind = str(event.kind)
    if not lines:
        return None
    return Cue(lines=tuple(lines[-MAX_CUE_LINES:]), until=until, kind=kind)


def terminal_title(view: SessionView, *, discreet: bool) -> str:
    """The terminal's title during a session: the step and its time left, cleaned of anything
    content could inject; neutral words only in discreet mode."""
    if view.step_remaining is not None:
        time = f"{format_clock(view.step_remaining)} left"
    else:
        time = format_clock(view.step_elapsed)
    if view.paused:
        time = f"paused · {time}"
    if discreet:
        return f"Timer · {time}"
    return " ".join(clean(f"{view.step.title} · {time}").split())  # one line


class SessionScreen(SizedFromTheStart, Screen[SessionOutcome]):
    """Runs a :class:`SessionRun`. Push it with a callback to receive the outcome."""

    RUNS_A_SESSION: ClassVar[bool] = True
    """How the app tells a session screen in its stack without importing this module."""
    CSS_PATH = Path(__file__).with_suffix(".tcss")
    # Below 72 columns the clock and the tries/phase column stack: beside a ranged step's
    # caption, the column left for "No attempts yet · expected 4-6" was a few letters wide.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (72, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (18, "-tall")]
    REDRAW_SECONDS = 0.25

    # In the order the Footer shows them: at 80 columns it is cut on the right, so the keys a
    # person must always find (pain, pause, next, end, keys) come first, with short labels.
    # Two bindings share a key where the action depends on the step (space, enter):
    # check_action hides the one that does not apply, so the Footer names what the key does now.
    BINDINGS = [
        Binding("p", "pain", "Pain stop", id="session.pain", tooltip="Stop at once (pain)"),
        Binding("space", "pause", "Pause", id="session.pause"),
        Binding("space", "resume", "Resume", id="session.resume"),
        Binding("n,right", "next", "Next", id="session.next"),
        Binding("q,escape", "end", "End", id="session.end"),
        # The app's ? (the keys of the screen on top), named here for its place in the footer.
        Binding("question_mark", "app.keys('?')", "Keys", id="session.help"),
        Binding("enter", "done", "Done", id="session.done"),
        Binding("enter", "attempt", "+1 try", id="session.attempt", tooltip="One more try"),
        Binding("r", "resistance", "Resist", id="session.resistance", tooltip="Resistance"),
        Binding("s", "skip", "Skip", id="session.skip"),
        Binding("b,left", "back", "Back", id="session.back"),
        Binding("f", "faq", "Questions", id="session.faq", tooltip="The clock keeps running"),
        Binding("ctrl+r", "retry_saving", "Retry saving", id="session.retry-saving"),
        Binding("f4", "edit", "Edit", id="session.edit", tooltip="This step's file in your editor"),
        Binding("m", "remote", "Remote", id="session.remote", tooltip="Follow it from a phone"),
        Binding("up", "scroll(-1)", "Scroll up", show=False),
        Binding("down", "scroll(1)", "Scroll down", show=False),
        Binding("pageup", "scroll(-10)", "Page up", show=False),
        Binding("pagedown", "scroll(10)", "Page down", show=False),
    ]
    SESSION_ACTIONS = frozenset(
        {"pause", "resume", "done", "attempt", "next", "back", "skip", "resistance", "end"}
    )

    @dataclass
    class PainStopped(Message):
        """The session stopped because of pain (posted once, as the safety guidance opens)."""

        view: SessionView

    @dataclass
    class RemoteIntent(Message):
        """The phone asked (posted from the remote's thread; acted on here, on the UI's)."""

        intent: Intent

    def __init__(
        self,
        run: SessionRun,
        *,
        sound: bool = True,
        discreet: bool = False,
        remote: RemoteOptions | None = None,
        terminal: Terminal | None = None,
    ) -> None:
        super().__init__()
        self.run = run
        self.terminal = terminal  # the window's title goes there (none in tests)
        self.pack = run.pack
        self.sound = sound
        self.discreet = discreet
        # The front end hears each event after the journal and the cue listeners.
        run.session.subscribe(self._heard)
        self._unheard: list[Event] = []
        self._entries = 0  # STEP events heard: the step's text is redrawn only when it changes
        self._drawn_entry = -1
        self._view = run.view()
        self._timer: Timer | None = None
        self._ending = False
        self._title: str | None = ""  # None once the terminal's own title is given back
        self._signals: list[int] = []
        self.outcome: SessionOutcome | None = None
        self._remote_options = remote  # coach start --remote: served from the start
        self.remote: Remote | None = None

    @property
    def session(self) -> Session:
        """The engine (the app's pain key asks it whether the session still runs)."""
        return self.run.session

    # --- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        bar = SessionBar(id="session-bar")
        bar.noun = self.run.noun
        yield bar
        with Vertical(id="step-pane"):
            yield Static(id="step-title", markup=False)
            yield Static(id="step-branch", markup=False)
            with Horizontal(id="clock-row"):
                yield StepTimer(id="step-timer")
                with Vertical(id="step-side"):
                    yield PhaseBanner(id="phase-banner")
                    yield Static(id="step-attempts", markup=False)
            yield CueBanner(id="cue-banner")
            yield Static(
                Content("PAUSED · press space to resume"), id="paused-banner", markup=False
            )
            with VerticalScroll(id="step-body", can_focus=False):
                yield Static(id="step-checklist", markup=False)
                yield SafeMarkdown(id="step-text")
        # Then ?: at 40 columns it still shows, and lists what the bar leaves out.
        yield KeyBar(first=("space", "n"), show_command_palette=False)

    def on_mount(self) -> None:
        self._catch_signals()
        self._write_title("\x1b[22;2t")  # keep the terminal's own title, to give it back after
        self.run.start()
        self._timer = self.set_interval(self.REDRAW_SECONDS, self.refresh_view)
        self.refresh_view()
        if self._remote_options is not None:
            self.call_after_refresh(self.action_remote)

    def on_unmount(self) -> None:
        if self.remote is not None:
            self.remote.close()  # the server ends with the session's screen
        if self._timer is not None:
            self._timer.stop()
        self._release_signals()
        self._give_title_back()
        # Leaving mid-session (the app quit): the one ending, so the journal hears FINISHED.
        self.run.finish()

    # --- stopping from outside ---------------------------------------------------------------

    def _catch_signals(self) -> None:
        """SIGTERM ends the session as q does, writes the journal with a bounded wait, then
        quits: left alone it would kill coach mid-session. SIGHUP (a closed terminal) is not
        here: the app's run ends on it without waiting on the dead terminal, which a handler
        queued on this event loop would (coach.session.hangup.end_when_terminal_goes)."""
        if threading.current_thread() is not threading.main_thread():
            return
        loop = asyncio.get_running_loop()
        # SIGINT too: in the TUI Ctrl-C is a key, so a SIGINT comes from outside (kill -INT).
        hangup = getattr(signal, "SIGHUP", None)
        for sig in (*(s for s in STOP_SIGNALS if s != hangup), signal.SIGINT):
            try:
                loop.add_signal_handler(sig, self._stopped_by_signal, int(sig))
            except (NotImplementedError, RuntimeError, ValueError):  # not on this platform
                continue
            self._signals.append(int(sig))

    def _release_signals(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in self._signals:
            loop.remove_signal_handler(sig)
        self._signals.clear()

    def _stopped_by_signal(self, signum: int) -> None:
        if self.remote is not None:
            self.remote.close()  # before anything that might wait on a closed terminal
        pending = self.run.close(EXIT_FLUSH_SECONDS)  # the one ending, then a bounded flush
        if pending:
            log.warning("stopped by signal %s with %s journal writes pending", signum, pending)
        self.app.exit(return_code=128 + signum)

    # --- drawing -----------------------------------------------------------------------------

    @property
    def view(self) -> SessionView:
        """The latest snapshot drawn."""
        return self._view

    def refresh_view(self) -> SessionView:
        """Tick the run and draw its view: the timer calls it, and so does every action."""
        if not self.run.finished:
            self.run.tick()
        view = self._view = self.run.view()
        self._announce(view)
        self._draw(view)
        self._tell_journal()
        if self.remote is not None:
            self.remote.update()
        if view.finished:
            self._show_end(view)
        return view

    def _heard(self, event: Event) -> None:
        if event.kind is EventKind.STEP:
            self._entries += 1
        self._unheard.append(event)

    def _announce(self, view: SessionView) -> None:
        events, self._unheard = self._unheard, []
        banner = self.query_one(CueBanner)
        if any(e.kind in (EventKind.STEP, EventKind.FINISHED) for e in events):
            banner.cue = None  # a new step, or the end: the last cue is over
        cue = cue_of(events, view, self.run.noun)
        if cue is not None:
            banner.cue = cue
        banner.expire(view.active_total)  # a cue whose phase ended in this very redraw too
        for event in events:
            lost = count_lost(event, key="press", noun=self.run.noun)
            if lost:  # said the moment it happens, and long enough to read
                self.notify(clean(lost), severity="warning", timeout=10, markup=False)
        if self.sound and any(e.kind in BELL_EVENTS for e in events):
            self.app.bell()  # once for a burst

    def _tell_journal(self) -> None:
        notice = self.run.poll_journal()
        if notice is None:
            return
        if notice.ok:
            self.notify(clean(notice.text), timeout=6, markup=False)
        else:
            self.notify(
                clean(f"{notice.text} Press ctrl+r to try again now."),
                severity="error",
                timeout=20,
                markup=False,
            )
        self.refresh_bindings()

    def _draw(self, view: SessionView) -> None:
        # On the two widgets it changes, not the screen: a class on the screen restyles every
        # widget under it (the step's Markdown too) at each pause and resume.
        timer = self.query_one(StepTimer)
        self.query_one("#paused-banner").set_class(view.paused, "-paused")
        timer.set_class(view.paused, "-paused")
        self.query_one(SessionBar).view = view
        timer.view = view
        self.query_one(PhaseBanner).phase = view.phase
        attempts = self.query_one("#step-attempts", Static)
        line = attempts_line(view)
        attempts.display = line is not None
        set_content(attempts, Content(line or ""))
        if self._drawn_entry != self._entries:
            self._drawn_entry = self._entries
            self._draw_step(view)
        if not view.finished:
            # Under F2's blank screen the window's title names nothing either.
            hidden = self.discreet or isinstance(self.app.screen, BlankScreen)
            self._set_title(terminal_title(view, discreet=hidden))

    def _draw_step(self, view: SessionView) -> None:
        step = view.step
        self.query_one("#step-title", Static).update(literal(step.title))
        branch = self.query_one("#step-branch", Static)
        branch.display = view.in_branch
        if view.in_branch and view.returns_to_title is not None:
            branch.update(
                Content.assemble(
                    "For resistance · next returns to: ", literal(view.returns_to_title)
                )
            )
        checklist = self.query_one("#step-checklist", Static)
        items = step.items if step.kind == "checklist" else []
        checklist.display = bool(items)
        checklist.update(bullet_list(items))
        self.query_one("#step-text", SafeMarkdown).update(step.text)
        self.query_one("#step-body", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()

    def _set_title(self, title: str) -> None:
        if self._title is not None and title != self._title:
            self._title = title
            # One line, no control characters: nothing in it can end the sequence early.
            self._write_title(f"\x1b]2;{' '.join(title.split())}\x07")

    def _give_title_back(self) -> None:
        """The terminal's own title again, once the session is over (kept on mount)."""
        if self._title is not None:
            self._title = None
            self._write_title("\x1b[23;2t")

    def _write_title(self, sequence: str) -> None:
        # Through the terminal's driver, in order with the frames (coach.tui.terminal).
        if self.terminal is not None:
            self.terminal.write(sequence)

    def _show_end(self, view: SessionView) -> None:
        if self._ending:
            return
        self._ending = True
        if self._timer is not None:
            self._timer.stop()
        self._give_title_back()
        reason = view.finish_reason or FinishReason.ENDED  # always set once finished
        self.outcome = outcome = SessionOutcome(view=view, reason=reason)
        self.refresh_bindings()

        def close(_: None) -> None:
            self.dismiss(outcome)

        if outcome.pain:
            self.post_message(self.PainStopped(view))
            self.app.push_screen(SafetyScreen(self.run.safety, "during"), close)
        else:
            self.app.push_screen(SummaryScreen(view, self.run.noun), close)

    # --- keys --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self._view
        if action == "pain":
            return not view.finished  # in every state, even paused
        if action == "retry_saving":
            return not self.run.writer_ok
        if action not in self.SESSION_ACTIONS:
            return True
        if view.finished:
            return False
        if action == "pause":
            return not view.paused
        if action == "resume":
            return view.paused
        if action == "attempt":
            return view.step.kind == "attempts"
        if action == "done":
            return view.step.kind != "attempts"
        if action == "back" and view.position == 1 and not view.in_branch:
            return None  # shown, greyed: there is nothing before the first step
        if action == "resistance":
            # Only where the content speaks of it: a step with tries, or one with a way back
            # for resistance. A breathing routine's footer has no "Resist".
            return view.step.kind == "attempts" or view.step.on_resistance is not None
        return True

    def _command(self, command: str) -> None:
        wait = getattr(self.run, command)()
        if wait is not None:  # the move-on rule said not yet: say how long, and how to skip
            self.notify(wait.text("Press"), timeout=4, markup=False)
        self.refresh_view()

    def action_pain(self) -> None:
        self._command("pain_stop")

    def action_pause(self) -> None:
        self._command("pause")
        self.refresh_bindings()

    def action_resume(self) -> None:
        self._command("resume")
        self.refresh_bindings()

    def action_next(self) -> None:
        self._command("next")

    def action_done(self) -> None:
        self._command("done")

    def action_attempt(self) -> None:
        self._command("done")  # the run's Enter: one more try on an attempts step

    def action_back(self) -> None:
        self._command("back")

    def action_skip(self) -> None:
        self._command("skip")

    def action_faq(self) -> None:
        self.post_message(OpenQuestions())  # over the session: the clock runs on

    def action_retry_saving(self) -> None:
        self.run.retry_saving()
        self.notify("Trying to write the journal again.", timeout=3, markup=False)

    def action_resistance(self) -> None:
        entries = self._entries
        self._command("resistance")
        if self._entries == entries and not self.run.finished:  # no branch to show
            self.notify("Resistance noted.", timeout=3, markup=False)

    def action_end(self) -> None:
        dialog = EndSessionDialog()

        def answered(end: bool | None) -> None:
            if dialog.pain:
                self.action_pain()
            elif end and not self.run.finished:
                self.run.end()
                self.refresh_view()

        self.app.push_screen(dialog, answered)

    def action_edit(self) -> None:  # issue 15: see coach.tui.editor
        edit_session_step(self)

    # --- the phone remote (coach.remote) -----------------------------------------------------

    def action_remote(self, options: RemoteOptions | None = None) -> None:
        """Serve the phone remote for this session (if not yet), and show its link."""
        from coach.remote.control import Remote, RemoteError
        from coach.tui.screens.remote import RemotePanel

        if self.remote is None or options is not None:
            if self.remote is not None:
                self.remote.close()
                self.remote = None
            try:
                self.remote = Remote(
                    self.run,
                    lambda intent: self.post_message(self.RemoteIntent(intent)),
                    discreet=self.discreet,
                    options=options or self._remote_options or RemoteOptions(),
                )
            except RemoteError as exc:
                self.notify(str(exc), severity="error", timeout=10, markup=False)
                return
        self.app.push_screen(RemotePanel(self.remote, discreet=self.discreet), self._panel_closed)

    def _panel_closed(self, choice: PanelChoice) -> None:
        if choice == "lan":
            self.action_remote(RemoteOptions(lan=True))
        elif choice == "new" and self.remote is not None:
            self.remote.new_link()
            self.action_remote()

    def on_session_screen_remote_intent(self, message: RemoteIntent) -> None:
        if self.remote is None:
            return
        self.remote.apply(message.intent)
        if self.run.finished:
            # The end (the safety guidance after a pain stop) opens over the session itself,
            # not over the link's panel or the questions, as the app's own pain key does.
            while self.app.screen is not self and len(self.app.screen_stack) > 1:
                self.app.pop_screen()
        self.refresh_view()
        self.refresh_bindings()

    def action_scroll(self, lines: int) -> None:
        self.query_one("#step-body", VerticalScroll).scroll_relative(y=lines, animate=False)
