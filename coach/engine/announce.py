"""Events in words: one short sentence per event, for notifications, plain mode and speech.

Kept in one place so a screen, a line-mode terminal and a voice all say the same thing.
Nothing here knows about any particular protocol: the words come from the content.
"""

from __future__ import annotations

from coach.engine.counting import Verdict
from coach.engine.events import Event, EventKind
from coach.engine.view import SessionView
from coach.pack.durations import format_seconds
from coach.pack.words import SESSION, Noun, of_total

MOVE_ON_EVENTS = frozenset({EventKind.MIN_REACHED, EventKind.TIME_UP})
"""Events that tell the person what to do next: moving on."""


def describe(
    event: Event,
    view: SessionView | None = None,
    *,
    key: str | None = None,
    noun: Noun = SESSION,
) -> str | None:
    """A short sentence for ``event``, or ``None`` for events not worth announcing.

    ``key`` ("press", "type") names how the front end takes the next key, so the moments to
    move on say once what to do ("...: press n"); speech leaves it out. ``noun``: what the
    content calls a session ("Set complete").
    """
    data = event.data
    kind = event.kind
    if kind is EventKind.MIN_REACHED and key:
        return f"Minimum time reached. You can move on now: {key} n."
    if kind is EventKind.TIME_UP and key:
        return f"Time is up: {key} n to move on."
    if kind is EventKind.STARTED:
        return f"Starting {data.get('protocol_title', 'the session')}."
    if kind is EventKind.STEP and view is not None:
        prefix = "Back to" if data.get("via") in ("back", "return") else "Step"
        where = "" if view.in_branch or view.total == 1 else f" {view.position} of {view.total}"
        if prefix == "Back to":
            return f"Back to: {view.step.title}."
        return f"{prefix}{where}: {view.step.title}."
    if kind is EventKind.MIN_REACHED:
        return "Minimum time reached. You can move on now."
    if kind is EventKind.TIME_UP:
        return "Time is up for this step."
    if kind is EventKind.PHASE:
        repetition = data.get("repetition")
        total = data.get("of")
        first = data.get("index") == 0 and isinstance(repetition, int) and isinstance(total, int)
        tail = of_total(repetition, total) if first else ""  # never "(1 of 1)"
        return f"{data.get('phase', '')}{tail}"
    if kind is EventKind.CUE:
        return str(data.get("say", ""))
    if kind is EventKind.ATTEMPT:
        count = data.get("attempts")
        low, high = data.get("expected_low"), data.get("expected_high")
        expected = f" (expected {low}-{high})" if low and high and low != high else ""
        return f"Attempt {count}{expected}."
    if kind is EventKind.RESISTANCE:
        return "Resistance noted." + (
            " Follow the reset step, then come back." if data.get("branch_to") else ""
        )
    if kind is EventKind.PAUSED:
        return "Paused."
    if kind is EventKind.RESUMED:
        return f"Resumed after {format_seconds(float(data.get('paused_for', 0)))}."
    if kind is EventKind.PAIN_STOP:
        return "Stopped because of pain."
    if kind is EventKind.FINISHED:
        reason = data.get("reason")
        if reason == "pain":
            return None  # PAIN_STOP said it
        return (
            f"{noun.title} complete. Well done."
            if data.get("completed")
            else f"{noun.title} ended."
        )
    return None


def count_lost(event: Event, *, key: str | None = None, noun: Noun = SESSION) -> str | None:
    """What to say when moving on has just cost the session its count (a required step
    skipped, or left before its time): "This session won't count toward your plan: 'Hold'
    was skipped. Press b to go back to it." ``None`` for any other event."""
    why = event.data.get("count_lost") if event.kind is EventKind.STEP else None
    if not why:
        return None
    back = f" {key.capitalize()} b to go back to it." if key else ""
    return f"This {noun.one} won't count toward your plan: {why}.{back}"


def verdict_text(verdict: Verdict, noun: Noun = SESSION) -> str:
    """The end of a session, in one line: whether it counts, and if not, why."""
    if verdict.counts:
        return f"This {noun.one} counts toward your plan."
    return f"This {noun.one} does not count toward your plan: {verdict.why_not}."
