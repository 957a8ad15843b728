"""The session screen: the current step, its clock, and the keys that drive the engine.

All state lives in the engine (:class:`coach.session.Session`); four times a second the screen
ticks it and draws its :meth:`~coach.session.Session.view`. Nothing here counts time.

When the session ends, the screen shows the summary (or, after a pain stop, the safety
guidance) on top of itself; when that is closed it dismisses with a :class:`SessionOutcome`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static

from coach.pack.durations import format_clock
from coach.pack.model import Pack, Protocol
from coach.session import (
    Clock,
    Event,
    EventKind,
    FinishReason,
    Listener,
    Session,
    SessionView,
    SystemClock,
)
from coach.session.announce import describe
from coach.ui.dialogs.confirm import ConfirmDialog
from coach.ui.screens.safety import SafetyScreen
from coach.ui.screens.summary import SummaryScreen
from coach.ui.text import clean, literal, set_content
from coach.ui.widgets.bullets import bullet_list
from coach.ui.widgets.phase_banner import PhaseBanner
from coach.ui.widgets.safe_markdown import SafeMarkdown
from coach.ui.widgets.session_bar import SessionBar
from coach.ui.widgets.step_timer import StepTimer

MAX_NOTES_PER_REDRAW = 3  # after a stall, many cues fall due at once: show the latest few

KEY_HELP = """\
space  pause / resume
enter  done (on an attempts step: one more try)
n →    next        b ←   back
s      skip        r     resistance
p      stop for pain (at once)
q esc  end the session"""


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


class EndSessionDialog(ConfirmDialog):
    """The end question, with the pain key still live: a pain stop never waits for an answer."""

    BINDINGS = [Binding("p", "pain", "Pain stop", id="session.end.pain")]

    def __init__(self) -> None:
        super().__init__(
            "End the session now?",
            detail="What you did so far is kept.",
            yes="End",
            no="Keep going",
        )
        self.pain = False

    def action_pain(self) -> None:
        self.pain = True
        self.dismiss(False)


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


# How long each cue's notification stays: a phase changes every few seconds.
NOTE_SECONDS = {
    EventKind.PHASE: 2.0,
    EventKind.CUE: 5.0,
    EventKind.MIN_REACHED: 4.0,
    EventKind.TIME_UP: 4.0,
}


def cue_note(event: Event, view: SessionView) -> tuple[str, float] | None:
    """The notification for a clock-driven event, worded as plain mode and speech word it."""
    timeout = NOTE_SECONDS.get(event.kind)
    text = describe(event, view) if timeout is not None else None
    return None if not text else (clean(text), timeout)


class SessionScreen(Screen[SessionOutcome]):
    """Runs ``protocol`` from ``pack``. Push it with a callback to receive the outcome."""

    CSS_PATH = Path(__file__).with_suffix(".tcss")
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (18, "-tall")]
    REDRAW_SECONDS = 0.25

    # Two bindings share a key where the action depends on the step (space, enter):
    # check_action hides the one that does not apply, so the Footer names what the key does now.
    BINDINGS = [
        Binding("p", "pain", "Pain stop", id="session.pain", tooltip="Stop at once (pain)"),
        Binding("space", "pause", "Pause", id="session.pause"),
        Binding("space", "resume", "Resume", id="session.resume"),
        Binding("enter", "done", "Done", id="session.done"),
        Binding("enter", "attempt", "+1 try", id="session.attempt", tooltip="One more try"),
        Binding("n,right", "next", "Next", id="session.next"),
        Binding("b,left", "back", "Back", id="session.back"),
        Binding("s", "skip", "Skip", id="session.skip"),
        Binding("r", "resistance", "Resistance", id="session.resistance"),
        Binding("q,escape", "end", "End", id="session.end"),
        Binding("f", "faq", "Questions", id="session.faq", tooltip="The clock keeps running"),
        Binding("question_mark", "help", "Keys", id="session.help"),
        Binding("f4", "edit", "Edit", id="session.edit", tooltip="This step's file in your editor"),
        Binding("up", "scroll(-1)", "Scroll up", show=False),
        Binding("down", "scroll(1)", "Scroll down", show=False),
        Binding("pageup", "scroll(-10)", "Page up", show=False),
        Binding("pagedown", "scroll(10)", "Page down", show=False),
    ]
    SESSION_ACTIONS = frozenset(
        {"pause", "resume", "done", "attempt", "next", "back", "skip", "resistance", "end"}
    )

    def __init__(
        self,
        pack: Pack,
        protocol: Protocol,
        *,
        clock: Clock | None = None,
        sound: bool = True,
        listeners: Sequence[Listener] = (),
    ) -> None:
        super().__init__()
        self.pack = pack
        self.sound = sound
        self.session = Session(protocol, clock or SystemClock())
        # Others (the journal) hear each event before the screen reacts to it.
        for listener in listeners:
            self.session.subscribe(listener)
        self.session.subscribe(self._heard)
        self._unheard: list[Event] = []
        self._entries = 0  # STEP events heard: the step's text is redrawn only when it changes
        self._drawn_entry = -1
        self._view = self.session.view()
        self._timer: Timer | None = None
        self._ending = False
        self.outcome: SessionOutcome | None = None

    # --- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield SessionBar(id="session-bar")
        with Vertical(id="step-pane"):
            yield Static(id="step-title", markup=False)
            yield Static(id="step-branch", markup=False)
            with Horizontal(id="clock-row"):
                yield StepTimer(id="step-timer")
                with Vertical(id="step-side"):
                    yield PhaseBanner(id="phase-banner")
                    yield Static(id="step-attempts", markup=False)
            yield Static(
                Content("PAUSED · press space to resume"), id="paused-banner", markup=False
            )
            with VerticalScroll(id="step-body", can_focus=False):
                yield Static(id="step-checklist", markup=False)
                yield SafeMarkdown(id="step-text")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.session.start()
        self._timer = self.set_interval(self.REDRAW_SECONDS, self.refresh_view)
        self.refresh_view()

    def on_unmount(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        # Leaving mid-session (the app quit): end it, so listeners (the journal) hear FINISHED.
        self.session.finish()

    # --- drawing -----------------------------------------------------------------------------

    @property
    def view(self) -> SessionView:
        """The latest snapshot drawn."""
        return self._view

    def refresh_view(self) -> SessionView:
        """Tick the engine and draw its view: the timer calls it, and so does every action."""
        if not self.session.finished:
            self.session.tick()
        view = self._view = self.session.view()
        self._announce(view)
        self._draw(view)
        if view.finished:
            self._show_end(view)
        return view

    def _heard(self, event: Event) -> None:
        if event.kind is EventKind.STEP:
            self._entries += 1
        self._unheard.append(event)

    def _announce(self, view: SessionView) -> None:
        events, self._unheard = self._unheard, []
        notes = [note for event in events if (note := cue_note(event, view)) is not None]
        if not notes:
            return
        if self.sound:
            self.app.bell()
        for text, timeout in notes[-MAX_NOTES_PER_REDRAW:]:
            self.notify(text, timeout=timeout, markup=False)

    def _draw(self, view: SessionView) -> None:
        self.set_class(view.paused, "-paused")
        self.query_one(SessionBar).view = view
        self.query_one(StepTimer).view = view
        self.query_one(PhaseBanner).phase = view.phase
        attempts = self.query_one("#step-attempts", Static)
        line = attempts_line(view)
        attempts.display = line is not None
        set_content(attempts, Content(line or ""))
        if self._drawn_entry != self._entries:
            self._drawn_entry = self._entries
            self._draw_step(view)

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

    def _show_end(self, view: SessionView) -> None:
        if self._ending:
            return
        self._ending = True
        if self._timer is not None:
            self._timer.stop()
        reason = view.finish_reason or FinishReason.ENDED  # always set once finished
        self.outcome = outcome = SessionOutcome(view=view, reason=reason)
        self.refresh_bindings()

        def close(_: None) -> None:
            self.dismiss(outcome)

        if outcome.pain:
            self.app.push_screen(SafetyScreen(self.pack.safety), close)
        else:
            self.app.push_screen(SummaryScreen(view), close)

    # --- keys --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self._view
        if action == "pain":
            return not view.finished  # in every state, even paused
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
        return True

    def _command(self, command: str) -> None:
        getattr(self.session, command)()
        self.refresh_view()

    def action_pain(self) -> None:
        self._command("pain_stop")

    def action_pause(self) -> None:
        self._command("pause")
        self.refresh_bindings()

    def action_resume(self) -> None:
        self._command("resume")
        self.refresh_bindings()

    def _may_move_on(self) -> bool:
        """A range's minimum unlocks moving on; until then say how long, and how to skip."""
        view = self.session.view()
        if view.in_branch or view.window is None or view.min_reached:
            return True
        low = view.window[0]
        self.notify(
            f"You can move on after {format_clock(low)} "
            f"({format_clock(low - view.step_elapsed)} to go). Press s to skip anyway.",
            timeout=4,
            markup=False,
        )
        return False

    def action_next(self) -> None:
        if self._may_move_on():
            self._command("next")

    def action_done(self) -> None:
        if self._may_move_on():
            self._command("next")

    def action_faq(self) -> None:
        open_faq = getattr(self.app, "open_faq", None)
        if open_faq is not None:
            open_faq()

    def action_attempt(self) -> None:
        self._command("attempt")

    def action_back(self) -> None:
        self._command("back")

    def action_skip(self) -> None:
        self._command("skip")

    def action_resistance(self) -> None:
        entries = self._entries
        self._command("resistance")
        if self._entries == entries and not self.session.finished:  # no branch to show
            self.notify("Resistance noted.", timeout=3, markup=False)

    def action_end(self) -> None:
        dialog = EndSessionDialog()

        def answered(end: bool | None) -> None:
            if dialog.pain:
                self.action_pain()
            elif end and not self.session.finished:
                self.session.finish()
                self.refresh_view()

        self.app.push_screen(dialog, answered)

    def action_edit(self) -> None:  # issue 15: see coach.ui.editing
        from coach.ui.editing import edit_session_step

        edit_session_step(self)

    def action_help(self) -> None:
        self.notify(KEY_HELP, title="Keys", timeout=10, markup=False)

    def action_scroll(self, lines: int) -> None:
        self.query_one("#step-body", VerticalScroll).scroll_relative(y=lines, animate=False)
