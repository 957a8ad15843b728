"""What the phone page shows: the state of a running session and the words around it.

Built from the engine's :class:`~coach.engine.view.SessionView` (every figure is the engine's)
on the front end's thread, as plain JSON values. The safety guidance is the same sections, in
the same order, as the screen, plain mode and speech (:mod:`coach.pack.safety`), as plain
text: the page shows it with ``textContent``, never as HTML.

Discreet mode: neutral words for the routine, the step and the phase, and a page title that
says "Timer". The safety guidance is still shown once the person has stopped: someone who
stopped because it hurts needs it more than discretion.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from coach.pack import discreet as neutral
from coach.pack.durations import format_clock
from coach.pack.safety import for_protocol, plain_text, sections
from coach.system.safe_text import strip

if TYPE_CHECKING:
    from coach.engine.view import SessionView
    from coach.pack.model import Pack, Protocol

TONE_WORDS = {"hold": "Hold", "relax": "Relax"}
"""Discreet mode's phase words: the tone, never the content's own name for it."""


def text(value: str) -> str:
    """Content text for the page: one line, no control characters (it is set as text)."""
    return " ".join(strip(value).split())


def words(pack: Pack, protocol: Protocol, *, discreet: bool) -> dict[str, Any]:
    """What the page says that does not change during the session, safety included."""
    if discreet:
        routine = neutral.pack_routine_names(pack).get(protocol.id, "Routine")
    else:
        routine = protocol.title
    safety = for_protocol(pack.safety, protocol)
    return {
        "page_title": neutral.APP_TITLE if discreet else "coach",
        "routine": text(routine),
        "pause": "Pause",
        "resume": "Resume",
        "next": "Next",
        "pain": "Stop now" if discreet else "Stop for pain",
        "pain_hint": "if anything hurts" if discreet else "stops at once",
        "finished": "Finished. Finish on your computer.",
        "safety_title": text(safety.title_for("during")),
        "safety": [
            {
                "tone": section.tone,
                "heading": section.heading,
                "items": [text(item) for item in section.items],
                "lines": [text(line) for line in plain_text(section.markdown).splitlines()],
            }
            for section in sections(safety, "during")
        ],
    }


def remote_state(
    view: SessionView,
    entry: int,
    *,
    discreet: bool,
    notice: tuple[int, str] | None = None,
) -> dict[str, Any]:
    """The page's state now. Clocks are whole seconds, so a running session changes it about
    once a second and a paused one not at all (the server pushes only changes)."""
    step = view.step
    if view.step_remaining is not None:
        clock, clock_label = format_clock(view.step_remaining), "left"
    else:
        clock, clock_label = format_clock(view.step_elapsed), "on this step"
    phase = view.phase
    wait = None
    if view.window is not None and not view.min_reached and not view.in_branch:
        wait = format_clock(view.window[0])
    return {
        "entry": entry,
        "title": "" if discreet else text(step.title),  # discreet: "Step 2 of 6" says it
        "position": view.position,
        "total": view.total,
        "in_branch": view.in_branch,
        "clock": clock,
        "clock_label": clock_label,
        "total_clock": format_clock(view.active_total),
        "phase": None
        if phase is None
        else {
            "name": TONE_WORDS.get(phase.tone, f"Part {phase.index + 1}")
            if discreet
            else text(phase.name),
            "tone": phase.tone if phase.tone in ("hold", "relax") else "neutral",
            "repetition": phase.repetition,
            "repetitions": phase.repetitions,
            "left": math.ceil(max(0.0, phase.remaining)),
        },
        "next_after": wait,
        "paused": view.paused,
        "finished": view.finished,
        "pain": view.pains > 0,
        "completed": view.completed,
        "notice": None if notice is None else {"id": notice[0], "text": notice[1]},
    }
