"""The big clock of the current step: a countdown, or the time spent when the step is untimed.

It draws what the engine's view says and keeps no time of its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Digits, Static

from coach.engine.view import SessionView
from coach.pack.durations import format_clock, format_seconds
from coach.tui.literal import set_content


@dataclass(frozen=True, slots=True)
class TimerFace:
    digits: str  # what the big clock shows, "04:05"
    caption: str  # one line of words under it
    clock: bool = True  # False: no clock at all (a step to read, with no time limit)


def countdown(seconds: float) -> str:
    # A countdown rounds up: "00:01" stays until the last second is over, then "00:00".
    return format_clock(math.ceil(seconds - 1e-9))


def span_label(low: float, high: float) -> str:
    """``(180, 300)`` -> ``"3-5 min"``; otherwise as content writes it, ``"90s-2m"``."""
    if low % 60 == 0 and high % 60 == 0:
        return f"{low / 60:g}-{high / 60:g} min"
    return f"{format_seconds(low)}-{format_seconds(high)}"


def timer_face(view: SessionView) -> TimerFace:
    """What the clock shows for a view: pure, so it is tested without a terminal."""
    elapsed = view.step_elapsed
    remaining = view.step_remaining
    if view.step.kind == "intervals" and remaining is not None:
        if view.phase is None:
            return TimerFace("00:00", "All repetitions done: move on when ready")
        return TimerFace(countdown(view.phase.remaining), f"{countdown(remaining)} left in all")
    if remaining is None:
        # A step only to read ("Well done") has no time worth a big clock: one near 00:00
        # looks like a countdown that ran out. Other untimed steps show the time spent.
        reading = view.step.kind == "info"
        return TimerFace(
            format_clock(elapsed), "No time limit: move on when ready", clock=not reading
        )
    if view.window is not None:
        low, high = view.window
        label = span_label(low, high)
        if view.time_up:
            return TimerFace("00:00", f"{label}: maximum reached, time to move on")
        if view.min_reached:
            return TimerFace(
                countdown(remaining),
                f"{label}: minimum reached, you may move on · at most {countdown(remaining)} left",
            )
        # The big number is the next milestone: first the minimum, then the maximum.
        return TimerFace(
            countdown(low - elapsed),
            f"{label}: you may move on in {countdown(low - elapsed)} · at most "
            f"{countdown(remaining)}",
        )
    if view.time_up:
        return TimerFace("00:00", "Time is up: move on when ready")
    assert view.step_length is not None
    return TimerFace(countdown(remaining), f"of {format_seconds(view.step_length)}")


class StepTimer(Widget):
    """Big digits with a caption; a one-line clock instead when the screen is short."""

    DEFAULT_CSS = """
    StepTimer {
        height: auto;
        width: auto;
        min-width: 20;
    }
    StepTimer #timer-digits {
        width: auto;
    }
    StepTimer #timer-compact {
        display: none;
        text-style: bold;
        width: auto;
    }
    StepTimer #timer-caption {
        color: $text-muted;
        width: auto;
    }
    """

    view: reactive[SessionView | None] = reactive(None, always_update=True, repaint=False)
    """The engine's snapshot to draw; set by the screen on every redraw."""

    def compose(self) -> ComposeResult:
        yield Digits("00:00", id="timer-digits")
        yield Static(id="timer-compact", markup=False)
        yield Static(id="timer-caption", markup=False)

    def on_mount(self) -> None:
        self.watch_view(self.view)

    def watch_view(self, view: SessionView | None) -> None:
        if view is None or not self.is_mounted:
            return
        face = timer_face(view)
        digits = self.query_one("#timer-digits", Digits)
        if digits.value != face.digits:
            digits.update(face.digits)
        set_content(self.query_one("#timer-compact", Static), Content(face.digits))
        self.set_class(not face.clock, "-no-clock")
        caption = f"Paused · {face.caption}" if view.paused else face.caption
        set_content(self.query_one("#timer-caption", Static), Content(caption))
