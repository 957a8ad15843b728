"""Where an interrupted session stood: enough for the engine to carry on from there.

Built from the journal's stored events (:func:`coach.journal.resumable.rebuild`), handed to
:meth:`coach.engine.session.Session.start_from`. Steps are named by id as well as index, so a
point is checked against the protocol it resumes (content may have changed since).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Visit:
    """One step as it was left: its active seconds so far, its tries and resistances."""

    index: int
    step_id: str
    elapsed: float = 0.0
    attempts: int = 0
    resistances: int = 0


@dataclass(frozen=True, slots=True)
class ResumePoint:
    protocol_id: str
    visit: Visit
    """The step the session was on."""
    origins: tuple[Visit, ...] = ()
    """In a branch: the steps that branched, outermost first (``next`` returns to the last)."""
    active_total: float = 0.0
    """Active session seconds so far: the resumed session's totals go on from here."""
    attempts_total: int = 0
    step_attempts: tuple[tuple[str, int], ...] = ()
    """``(step id, tries)`` of every attempts step tried: a step's tries survive back and
    forward, so going back to one after resuming goes on from its count."""
    resistances: int = 0
    outcomes: tuple[tuple[str, str], ...] = ()
    """``(step id, "done" | "skipped")`` of the steps left forward."""
    started_wall: dt.datetime | None = None
    last_wall: dt.datetime | None = None
    """When the last event was stored: how old the interruption is."""
    paused: bool = False
    """It was paused when it stopped."""
    session_id: int | None = None
    """The journal's session this continues (its events go on under the same id)."""
