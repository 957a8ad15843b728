"""Discreet mode's words: neutral names and titles that say nothing of what the routine is.

Someone glancing at the screen, the window title or a printed page sees a timer and a
"routine", never the body part or the kit. Protocols keep names a person can tell apart:
a letter, the typical length and the number of steps ("Routine A · 12 min · 6 steps").
Textual-free; the screens and commands call these when ``settings.discreet`` is on.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # home imports this before the content is loaded: keep pydantic off that path
    from coach.pack.model import AnyStep, Cue, Pack, Protocol, Step

APP_TITLE = "Timer"
HOME_TITLE = "Your routine"
HISTORY_TITLE = "Log"
REPORT_TITLE = "Home exercise log"
ABOUT_TITLE = "About this routine"
# Neutral, and still what matters: it is general guidance, and pain means stop.
DISCLAIMER = (
    "General guidance, not a plan made for you: where your clinician says otherwise, follow "
    "them. Stop if anything hurts; if something worries you, get medical help."
)


def letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: a distinct name for any number of protocols."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def _typical_seconds(step: Step) -> float:
    if step.params():  # its length is the level's ("{hold}"): not known without one
        return 0.0
    if step.kind == "intervals":
        return step.step_seconds() or 0.0
    duration = getattr(step, "duration", None)  # timed, and attempts within a window
    if duration is not None:
        return (duration.low + duration.high) / 2
    return 0.0  # read-and-go steps: their time is the person's


def typical_minutes(protocol: Protocol) -> int:
    """The clocked part of a run through the normal order, to the nearest minute."""
    seconds = sum(_typical_seconds(s) for s in protocol.steps if not s.branch_only)
    return round(seconds / 60)


def routine_name(index: int, protocol: Protocol) -> str:
    steps = sum(1 for s in protocol.steps if not s.branch_only)
    parts = [f"Routine {letter(index)}"]
    minutes = typical_minutes(protocol)
    if minutes:
        parts.append(f"{minutes} min")
    parts.append(f"{steps} step" if steps == 1 else f"{steps} steps")
    return " · ".join(parts)


def routine_names(protocols: Iterable[Protocol]) -> dict[str, str]:
    """Protocol id -> neutral name, lettered in the order given (home's order)."""
    return {p.id: routine_name(i, p) for i, p in enumerate(protocols)}


def home_order(pack: Pack) -> list[Protocol]:
    """The protocols as home lists them: the default first, then the rest in pack order."""
    default = pack.default_protocol
    return [default, *(p for p in pack.protocols if p is not default)]


def pack_routine_names(pack: Pack) -> dict[str, str]:
    """Neutral names lettered as home shows them, so "Routine B" is the same routine on
    home, in history and in the session."""
    return routine_names(home_order(pack))


def routine_label(protocol_id: str, names: dict[str, str]) -> str:
    """A journal row's neutral name; a protocol no longer in the pack is just "Routine"."""
    return names.get(protocol_id, "Routine")


# A step's neutral heading when the content gives none: what kind of thing it is, never what
# it is about.
STEP_TITLES = {
    "info": "Read this",
    "checklist": "Get ready",
    "timed": "Timer",
    "attempts": "Count your tries",
    "intervals": "Intervals",
}
CHECKLIST_ITEM = "Everything you need, within reach"
PHASE_NAMES = {"hold": "Hold", "relax": "Relax", "neutral": "Go on"}
"""An intervals phase's neutral name, from its tone (its own name may say what is held)."""
CUE_WORDS = "Time check"


def neutral_cue(cue: Cue) -> str:
    """A cue's discreet words: the content's own, else how long is left, else "Time check"."""
    if cue.discreet_say:
        return cue.discreet_say
    if cue.before_end is not None:
        from coach.pack.durations import format_seconds  # a session's: not on home's path

        return f"{format_seconds(cue.before_end.low)} left"
    return CUE_WORDS


def neutral_step(step: AnyStep) -> AnyStep:
    """The step as discreet mode shows and says it: its discreet title and text (or neutral
    defaults), neutral cues, checklist items and phase names. Ids, kinds and times are kept,
    so the session runs, counts and is journalled exactly as it would be."""
    update: dict[str, object] = {
        "title": step.discreet_title or STEP_TITLES[step.kind],
        "text": step.discreet_text or "",
        "cues": [dataclasses.replace(c, say=neutral_cue(c)) for c in step.cues],
    }
    if step.kind == "checklist":
        update["items"] = [CHECKLIST_ITEM]
    elif step.kind == "intervals":
        update["phases"] = [dataclasses.replace(p, name=PHASE_NAMES[p.tone]) for p in step.phases]
    return dataclasses.replace(step, **update)


def short_name(pack: Pack, protocol_id: str) -> str:
    """ "Routine B": the letter home gives the protocol, without its length and steps."""
    for i, protocol in enumerate(home_order(pack)):
        if protocol.id == protocol_id:
            return f"Routine {letter(i)}"
    return "Routine"


def neutral_protocol(pack: Pack, protocol: Protocol) -> Protocol:
    """``protocol`` with every word from the content made neutral (:func:`neutral_step`), named
    as home names it in discreet mode: what a session in discreet mode runs and shows."""
    return dataclasses.replace(
        protocol,
        title=short_name(pack, protocol.id),
        summary="",
        basis_note="",  # names what the routine trains; the basis itself names nothing
        steps=[neutral_step(s) for s in protocol.steps],
    )


def report_title(pack_title: str, discreet: bool) -> str:
    """The report's heading: the pack's title, or nothing that names it. The body stays
    clinical either way: it is written for a clinician."""
    return REPORT_TITLE if discreet else f"{REPORT_TITLE}: {pack_title}"
