"""What the journal stores and gives back: plain, frozen records (no SQLite, no Textual)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NamedTuple

from coach.engine.events import EventKind

COMFORT_MIN = 0
COMFORT_MAX = 10


Answer = bool | int | str
"""An answer to a check-in question: yes/no, a number on a scale, an option's id, or text."""

Answers = Mapping[str, Answer | None]
"""A check-in's answers by question id. ``None``: the question was asked and not answered, a
value of its own (never "no"); a question not in the mapping was not asked (or the check-in
was saved by a coach that kept only what was answered)."""


@dataclass(frozen=True, slots=True, init=False)
class CheckIn:
    """What the person says after a session: the answers to the content's questions by id
    (``None`` for a question asked and left unanswered), whether that includes pain, the level
    used, and a note.

    ``comfort``, ``pain`` and ``bleeding`` keywords are release 1's fixed questions: they fill
    in the answers of that name (the default pack still asks them under those ids).
    """

    answers: Answers
    pain: bool  # pain reported: a yes to the content's pain question
    level_id: str | None  # the level (size) actually used, when the protocol uses levels
    notes: str

    def __init__(
        self,
        answers: Answers | None = None,
        *,
        pain: bool | None = None,
        level_id: str | None = None,
        notes: str = "",
        comfort: int | None = None,
        bleeding: bool | str | None = None,
    ) -> None:
        given = dict(answers or {})
        if comfort is not None:
            if (
                isinstance(comfort, bool)
                or not isinstance(comfort, int)
                or not COMFORT_MIN <= comfort <= COMFORT_MAX
            ):
                raise ValueError(f"comfort is a whole number from {COMFORT_MIN} to {COMFORT_MAX}")
            given["comfort"] = comfort
        if bleeding is not None:
            given["bleeding"] = bleeding
        if pain is not None and answers is None:
            given["pain"] = bool(pain)
        for key, value in given.items():
            if value is not None and not isinstance(value, bool | int | str):
                raise ValueError(f"the answer to {key!r} is not yes/no, a number or a text")
        object.__setattr__(self, "answers", MappingProxyType(given))
        object.__setattr__(self, "pain", bool(pain))
        object.__setattr__(self, "level_id", level_id)
        object.__setattr__(self, "notes", notes)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CheckIn):
            return NotImplemented
        return (dict(self.answers), self.pain, self.level_id, self.notes) == (
            dict(other.answers),
            other.pain,
            other.level_id,
            other.notes,
        )

    def __hash__(self) -> int:
        return hash(
            (
                tuple(sorted(self.answers.items(), key=lambda kv: kv[0])),
                self.pain,
                self.level_id,
                self.notes,
            )
        )

    def __repr__(self) -> str:
        return (
            f"CheckIn(answers={dict(self.answers)!r}, pain={self.pain!r}, "
            f"level_id={self.level_id!r}, notes={self.notes!r})"
        )

    @property
    def comfort(self) -> int | None:
        """Release 1's comfort answer (the default pack's 'comfort' question)."""
        value = self.answers.get("comfort")
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    @property
    def bleeding(self) -> bool:
        """Whether release 1's bleeding question (the default pack's 'bleeding') had any."""
        value = self.answers.get("bleeding")
        return value not in (None, False, "none", "")

    @property
    def unanswered(self) -> list[str]:
        """The ids of the questions asked and left unanswered, in the order asked."""
        return [key for key, value in self.answers.items() if value is None]


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
    pain: bool | None  # None: no check-in; else whether it reported pain (a yes)
    answers: Answers  # the check-in's answers by question id ({} without one; None: unanswered)
    notes: str
    running: bool = False
    """Not finished, and a live process runs it now (see :mod:`coach.journal.running`): in progress,
    not cut short. Set by ``Journal.sessions()`` when it lists."""
    counted: bool | None = None
    """Whether it counts toward the plan, as the engine judged it when it ended (the content's
    rule, :mod:`coach.engine.counting`); ``None`` for a session from before coach kept the
    verdict, or one that never finished: :func:`coach.journal.figures.counts` judges those."""

    @property
    def day(self) -> dt.date:
        """The calendar day it started, as the person lived it (their offset then)."""
        return self.started.date()

    def answer(self, question_id: str) -> Answer | None:
        return self.answers.get(question_id)

    @property
    def had_pain(self) -> bool:
        return self.pain_stop or self.pain is True

    @property
    def comfort(self) -> int | None:
        """The answer to a question with id 'comfort', if a number (release 1's question)."""
        value = self.answers.get("comfort")
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    @property
    def bleeding(self) -> bool | None:
        """Whether a question with id 'bleeding' reported any (release 1's question)."""
        if not self.checked_in:
            return None
        value = self.answers.get("bleeding")
        return None if value is None else value not in (False, "none", "")

    @property
    def status(self) -> str:
        """One word for how it ended: done, early, pain, unfinished (cut short: its process is
        gone), or running (in progress now)."""
        if self.pain_stop or self.finish_reason == "pain":
            return "pain"
        if not self.finished:
            return "running" if self.running else "unfinished"
        return "done" if self.completed else "early"


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
"""Short month names, the same in every locale (no day/month confusion): the one list."""

STATUS_WORDS = {
    "done": "completed",
    "early": "ended early",
    "pain": "stopped for pain",
    "unfinished": "never finished",
    "running": "in progress",
}
"""How each :attr:`SessionRecord.status` is said to a person: the one wording."""

NOT_CARRIED_THROUGH = {
    "unfinished": "never finished (closed or interrupted)",
    "early": "ended early",
    "running": "in progress (still running when this was made)",
}
"""How the reports say why a session is not complete, by :attr:`SessionRecord.status`."""


def unreadable_text(sessions: int, other: int = 0) -> str:
    """The one wording for rows the journal could not read (their checksum did not match, or
    a value in them is not what coach writes): "2 sessions could not be read." ``other``:
    logged activities and the plan's start date."""
    parts = []
    if sessions:
        parts.append(f"{sessions} session{'' if sessions == 1 else 's'}")
    if other:
        parts.append(
            f"{other} other record{'' if other == 1 else 's'} (logged activities, the plan's start)"
        )
    return " and ".join(parts) + " could not be read."


def for_pack(sessions: Sequence[SessionRecord], pack_id: str) -> list[SessionRecord]:
    """The sessions of one content pack: progress and reports never mix two programmes."""
    return [s for s in sessions if s.pack_id == pack_id]


@dataclass(frozen=True, slots=True)
class ActivityRecord:
    """A log-only activity the content defines (no timer), with the answers to the check-in
    questions the content asks when it is logged (``None``: asked, not answered)."""

    id: int
    pack_id: str
    activity_id: str
    title: str
    counts: bool  # counts toward the plan like a session (decided when it was logged)
    day: dt.date
    logged: dt.datetime
    note: str = ""
    answers: Answers = field(default_factory=lambda: MappingProxyType({}))


LEVEL_SETTERS = ("person", "clinician")
"""Who can set a level by hand (``coach plan --level``, home's key): said in the journal."""


@dataclass(frozen=True, slots=True)
class LevelChange:
    """A level set by hand for the next sessions, and who set it."""

    id: int
    pack_id: str
    level_id: str
    set_by: str  # one of LEVEL_SETTERS
    saved: dt.datetime  # aware: sessions started after it are planned at this level

    @property
    def day(self) -> dt.date:
        return self.saved.date()


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
