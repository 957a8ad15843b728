"""What the journal stores and gives back: plain, frozen records (no SQLite, no Textual)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NamedTuple

from coach.session.events import EventKind

COMFORT_MIN = 0
COMFORT_MAX = 10


@dataclass(frozen=True, slots=True)
class CheckIn:
    """What the person says after a session. ``comfort`` runs from 0 (very uncomfortable) to 10."""

    comfort: int | None = None
    pain: bool = False
    bleeding: bool = False
    level_id: str | None = None  # the level (size) actually used, when the protocol uses levels
    notes: str = ""

    def __post_init__(self) -> None:
        comfort = self.comfort
        if comfort is not None and (
            isinstance(comfort, bool)
            or not isinstance(comfort, int)
            or not COMFORT_MIN <= comfort <= COMFORT_MAX
        ):
            raise ValueError(f"comfort is a whole number from {COMFORT_MIN} to {COMFORT_MAX}")


class SessionRecord(NamedTuple):
    """One session as listed: the summary the journal keeps up to date as events arrive.

    Immutable; a NamedTuple rather than a frozen dataclass because listing builds thousands at
    once and a frozen dataclass's ``__init__`` is five times slower (16 ms against 3 ms for
    10,000). Copy with changes through ``record._replace(...)``.
    """

    id: int
    pack_id: str
    protocol_id: str
    protocol_title: str
    started: dt.datetime  # aware, in the UTC offset of the moment it started
    ended: dt.datetime | None  # None until the session finished
    level_id: str | None  # the level used: the check-in's answer, else the one planned
    planned_level_id: str | None  # the level the session was started with
    counts_as_session: bool  # counts toward the sessions-a-week target
    active_seconds: float  # pauses excluded
    steps_done: int
    steps_total: int | None
    attempts: int
    resistances: int
    pain_stop: bool
    finished: bool  # False: the session never reported its end (quit, killed, crashed)
    completed: bool  # every step done
    finish_reason: str | None  # "done", "ended" (early) or "pain"
    checked_in: bool
    comfort: int | None
    pain: bool | None  # None: no check-in
    bleeding: bool | None
    notes: str

    @property
    def day(self) -> dt.date:
        """The calendar day it started, as the person lived it (their offset then)."""
        return self.started.date()

    @property
    def had_pain(self) -> bool:
        return self.pain_stop or self.pain is True

    @property
    def had_bleeding(self) -> bool:
        return self.bleeding is True

    @property
    def status(self) -> str:
        """One word for how it ended: done, early, pain, or unfinished."""
        if self.pain_stop or self.finish_reason == "pain":
            return "pain"
        if not self.finished:
            return "unfinished"
        return "done" if self.completed else "early"


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
"""Short month names, the same in every locale (no day/month confusion): the one list."""

STATUS_WORDS = {
    "done": "completed",
    "early": "ended early",
    "pain": "stopped for pain",
    "unfinished": "never finished",
}
"""How each :attr:`SessionRecord.status` is said to a person: the one wording."""


def for_pack(sessions: Sequence[SessionRecord], pack_id: str) -> list[SessionRecord]:
    """The sessions of one content pack: progress and reports never mix two programmes."""
    return [s for s in sessions if s.pack_id == pack_id]


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """A session event as it was written: the raw log under the summaries."""

    id: int
    session_id: int
    kind: EventKind | str  # a str only for a kind this version of coach does not know
    at: float
    wall: dt.datetime
    active: float
    step_index: int
    step_id: str
    data: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
