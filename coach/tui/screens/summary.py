"""The end of a session: how long, how many steps, tries and resistances, and whether it counts
toward the plan (the engine's verdict, and why not). One key closes it."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from coach.engine.announce import verdict_text
from coach.engine.view import FinishReason, SessionView
from coach.pack.durations import format_clock
from coach.pack.words import SESSION, Noun
from coach.tui.literal import literal
from coach.tui.widgets.key_bar import KeyBar


def headline(view: SessionView, noun: Noun = SESSION) -> str:
    if view.finish_reason is FinishReason.PAIN:
        return f"{noun.title} stopped for pain"
    if view.completed:
        return f"{noun.title} complete"
    return f"{noun.title} ended early"


def summary_rows(view: SessionView) -> list[tuple[str, str]]:
    """The figures, as ``(label, value)`` rows: pure, so tested without a terminal."""
    rows = [
        ("Active time", format_clock(view.active_total)),
        ("Steps done", f"{view.steps_done} of {view.total}"),
    ]
    if view.paused_total >= 1:
        rows.insert(1, ("Paused", format_clock(view.paused_total)))
    if view.steps_skipped:
        rows.append(("Steps skipped", str(view.steps_skipped)))
    if view.steps_short:
        rows.append(("Left too soon", str(view.steps_short)))
    if view.steps_left_out:  # optional: not "skipped", it changes nothing
        rows.append(("Optional, left", str(view.steps_left_out)))
    rows.append(("Attempts", str(view.attempts_total)))
    rows.append(("Resistance", str(view.resistances)))
    return rows


class SummaryScreen(Screen[None]):
    """Shows a finished session's view; ``enter``, ``escape`` or ``q`` closes it (``None``)."""

    CSS_PATH = Path(__file__).with_suffix(".tcss")
    BINDINGS = [Binding("enter,escape,q", "close", "Close", id="summary.close")]

    def __init__(self, view: SessionView, noun: Noun = SESSION) -> None:
        super().__init__()
        self.view = view
        self.noun = noun

    def compose(self) -> ComposeResult:
        view = self.view
        with VerticalScroll(id="summary-body", can_focus=False), Vertical(id="summary-box"):
            yield Static(Content(headline(view, self.noun)), id="summary-title")
            yield Static(literal(view.protocol_title), id="summary-protocol")
            for label, value in summary_rows(view):
                yield Static(
                    Content.assemble((f"{label:<15}", "dim"), (value, "bold")),
                    classes="summary-row",
                )
            if view.verdict is not None:  # whether it counts, and why not: step titles are content
                yield Static(literal(verdict_text(view.verdict, self.noun)), id="summary-counts")
        yield KeyBar(first=("enter",), show_command_palette=False)

    def action_close(self) -> None:
        self.dismiss(None)
