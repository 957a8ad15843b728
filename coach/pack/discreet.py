"""Discreet mode's words: neutral names and titles that say nothing of what the routine is.

Someone glancing at the screen, the window title or a printed page sees a timer and a
"routine", never the body part or the kit. Protocols keep names a person can tell apart:
a letter, the typical length and the number of steps ("Routine A · 12 min · 6 steps").
Textual-free; the screens and commands call these when ``settings.discreet`` is on.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # home imports this before the content is loaded: keep pydantic off that path
    from coach.pack.model import Pack, Protocol, Step

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


def report_title(pack_title: str, discreet: bool) -> str:
    """The report's heading: the pack's title, or nothing that names it. The body stays
    clinical either way: it is written for a clinician."""
    return REPORT_TITLE if discreet else f"{REPORT_TITLE}: {pack_title}"
