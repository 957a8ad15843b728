"""Resuming an interrupted session: where it stood, rebuilt from the journal's events.

A session cut short by a closed lid, a crash or a killed terminal never stored its ``finished``
event. Its stored events say where it was: :func:`rebuild` replays them (a pure function, the
engine's own rules for steps, branches and tries), :func:`find_resumable` offers the latest such
session of a pack when it is recent enough, and the caller either resumes it
(:meth:`Session.start_from`, recording under the same session id) or :func:`decline`\\ s it, which
closes it as ended. The journal keeps one session record either way.

Elapsed time is exact to within a few seconds: while a session runs, the run writes a
checkpoint row (``Journal.checkpoint``) every few seconds between its events, and any row, of
whatever kind, moves the time on. Only what passed after the last one is lost.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol

from coach.engine.events import Event, EventKind
from coach.engine.resume import ResumePoint, Visit
from coach.journal.records import StoredEvent
from coach.pack.durations import format_clock

if TYPE_CHECKING:
    from coach.journal.store import Journal
    from coach.pack.model import Protocol as ContentProtocol

log = logging.getLogger(__name__)

# Below this, nothing worth resuming happened: a session opened and closed at once.
MIN_ACTIVE_SECONDS = 5.0


class _Info(Protocol):
    @property
    def id(self) -> str: ...


class _Pack(Protocol):
    @property
    def info(self) -> _Info: ...

    def protocol(self, protocol_id: str) -> ContentProtocol: ...


@dataclass
class _Open:
    index: int
    step_id: str
    since: float  # the session's active seconds when this stretch on the step began
    carried: float = 0.0
    attempts: int = 0
    resistances: int = 0

    def visit(self, active: float) -> Visit:
        return Visit(
            index=self.index,
            step_id=self.step_id,
            elapsed=max(0.0, self.carried + active - self.since),
            attempts=self.attempts,
            resistances=self.resistances,
        )


def rebuild(events: Sequence[StoredEvent]) -> ResumePoint | None:
    """Where the session of ``events`` stood at its last event; None when it finished, or never
    reached a step."""
    protocol_id: str | None = None
    current: _Open | None = None
    stack: list[_Open] = []
    outcomes: dict[str, str] = {}
    attempts_total = resistances = 0
    step_attempts: dict[str, int] = {}  # a step's tries go on across visits (the engine's rule)
    active = 0.0
    paused = False
    started_wall: dt.datetime | None = None
    last_wall: dt.datetime | None = None
    for event in events:
        kind, data = event.kind, event.data
        active = max(active, event.active)
        last_wall = event.wall
        if kind is EventKind.FINISHED or kind is EventKind.PAIN_STOP:
            return None
        if kind is EventKind.STARTED:
            protocol_id = str(data.get("protocol_id", "")) or None
            started_wall = started_wall or event.wall
        elif kind is EventKind.STEP:
            via = data.get("via")
            left = data.get("left")
            if via == "return" and stack:
                current = stack.pop()
                current.since = event.active
            elif via == "resume" and current is not None and current.step_id == event.step_id:
                # A session resumed before: the step goes on from the time carried over.
                current.since = event.active
                current.carried = float(data.get("elapsed", current.carried) or 0.0)
            else:
                if via in ("next", "skip") and isinstance(left, str):
                    # The engine's word for how the step was left; before it said: by the key.
                    outcome = data.get("outcome")
                    if not isinstance(outcome, str):
                        outcome = "done" if via == "next" else "skipped"
                    outcomes[left] = outcome
                if via == "branch" and current is not None:
                    current.carried += event.active - current.since
                    stack.append(current)
                elif via == "resume":
                    current = None
                    stack = []
                elapsed = float(data.get("elapsed", 0.0) or 0.0) if via == "resume" else 0.0
                current = _Open(
                    event.step_index,
                    event.step_id,
                    event.active,
                    carried=elapsed,
                    attempts=step_attempts.get(event.step_id, 0),
                )
        elif current is None:
            continue
        elif kind is EventKind.ATTEMPT:
            current.attempts = int(data.get("attempts", current.attempts + 1))
            step_attempts[current.step_id] = current.attempts
            attempts_total += 1
        elif kind is EventKind.RESISTANCE:
            current.resistances += 1
            resistances += 1
        elif kind is EventKind.PAUSED:
            paused = True
        elif kind is EventKind.RESUMED:
            paused = False
    if current is None or protocol_id is None:
        return None
    return ResumePoint(
        protocol_id=protocol_id,
        visit=current.visit(active),
        origins=tuple(origin.visit(origin.since) for origin in stack),
        active_total=active,
        attempts_total=attempts_total,
        step_attempts=tuple(step_attempts.items()),
        resistances=resistances,
        outcomes=tuple(outcomes.items()),
        started_wall=started_wall,
        last_wall=last_wall,
        paused=paused,
        session_id=events[0].session_id if events else None,
    )


@dataclass(frozen=True, slots=True)
class Offer:
    """An interrupted session that can be resumed, and the words to offer it with."""

    point: ResumePoint
    protocol_id: str
    protocol_title: str
    step_title: str
    position: int
    total: int

    @property
    def session_id(self) -> int:
        assert self.point.session_id is not None
        return self.point.session_id

    @property
    def text(self) -> str:
        """E.g. "Resume: step 3 of 6, 02:10 into Go in slowly"."""
        return self.said(discreet=False)

    def said(self, *, discreet: bool) -> str:
        """:attr:`text`, or in discreet mode without the step's title: "…, 02:10 in"."""
        where = "in" if discreet else f"into {self.step_title}"
        return (
            f"Resume: step {self.position} of {self.total}, "
            f"{format_clock(self.point.visit.elapsed)} {where}"
        )


def offer_for(point: ResumePoint, protocol: ContentProtocol) -> Offer | None:
    """The offer for ``point`` in ``protocol``, or None when the content no longer fits it
    (a step gone, renamed, or now only a branch)."""
    if point.protocol_id != protocol.id:
        return None
    steps = list(protocol.steps)
    by_id = {step.id: index for index, step in reversed(list(enumerate(steps)))}
    main = [index for index, step in enumerate(steps) if not step.branch_only]

    def located(visit: Visit) -> Visit | None:
        if 0 <= visit.index < len(steps) and steps[visit.index].id == visit.step_id:
            return visit
        index = by_id.get(visit.step_id)
        return None if index is None else replace(visit, index=index)

    visits = [located(v) for v in (*point.origins, point.visit)]
    if any(v is None for v in visits):
        return None
    placed = [v for v in visits if v is not None]
    outermost = placed[0]
    if outermost.index not in main:
        return None
    point = replace(point, origins=tuple(placed[:-1]), visit=placed[-1])
    return Offer(
        point=point,
        protocol_id=protocol.id,
        protocol_title=protocol.title,
        step_title=steps[point.visit.index].title,
        position=main.index(outermost.index) + 1,
        total=len(main),
    )


def find_resumable(journal: Journal, pack: _Pack, now: dt.datetime, hours: float) -> Offer | None:
    """The pack's latest session, when it is unfinished, its last event less than ``hours``
    ago, something worth resuming happened, and its protocol still fits; else None."""
    if hours <= 0:
        return None
    sessions = [s for s in journal.sessions() if s.pack_id == pack.info.id]
    if not sessions or sessions[-1].finished:
        return None  # only the latest: an older unfinished one was left for a newer session
    record = sessions[-1]
    if record.running:
        return None  # another coach (another window) is running it now
    events = journal.session_events(record.id)
    if journal.damaged_events:
        # Part of its record is damaged: where it stood cannot be told for sure.
        log.warning("session %s is not offered for resuming: its events are damaged", record.id)
        return None
    point = rebuild(events)
    if point is None or point.last_wall is None:
        return None
    age = now - point.last_wall
    if not dt.timedelta(0) <= age < dt.timedelta(hours=hours):
        return None
    moved_on = point.visit.index != 0 or point.origins or point.outcomes or point.attempts_total
    if point.active_total < MIN_ACTIVE_SECONDS and not moved_on:
        return None
    try:
        protocol = pack.protocol(point.protocol_id)
    except KeyError:
        return None
    return offer_for(point, protocol)


def decline(journal: Journal, offer: Offer, now: dt.datetime) -> None:
    """Close the offered session as ended (not completed), so it is not offered again."""
    point = offer.point
    visit = point.visit
    journal.record(
        offer.session_id,
        Event(
            kind=EventKind.FINISHED,
            at=0.0,
            wall=now,
            active=point.active_total,
            step_index=visit.index,
            step_id=visit.step_id,
            data={
                "completed": False,
                "reason": "ended",
                "declined_resume": True,
                "active_total": point.active_total,
                "steps_done": sum(1 for _, outcome in point.outcomes if outcome == "done"),
                "steps_skipped": sum(1 for _, outcome in point.outcomes if outcome == "skipped"),
                "attempts": point.attempts_total,
                "resistances": point.resistances,
            },
        ),
    )


def resume_question(offer: Offer, *, discreet: bool = False) -> str:
    """The question plain mode and ``coach start`` ask."""
    said = offer.said(discreet=discreet)
    return f"{said}? [Enter: resume · n: start afresh, closing it as ended]"


def wants_resume(answer: str | None) -> bool:
    """The person's answer to :func:`resume_question`: Enter or yes resumes; anything else
    (n, no, end of input) starts afresh."""
    if answer is None:
        return False
    return answer.strip().lower() in ("", "y", "yes", "r", "resume")


def resume_offer(
    journal: Journal,
    pack: _Pack,
    now: dt.datetime,
    hours: float,
    protocol_id: str | None = None,
) -> Offer | None:
    """The one decision every front end asks before a session starts (the app, plain mode,
    ``coach start``): the unfinished session to offer, or None. ``protocol_id``: a protocol
    asked for by name; another protocol's unfinished session is then left alone. Never raises:
    a journal that cannot be read offers nothing (and the log says why)."""
    if hours <= 0:
        return None
    try:
        offer = find_resumable(journal, pack, now, hours)
    except Exception:
        log.warning("the unfinished session could not be offered", exc_info=True)
        return None
    if offer is None or (protocol_id is not None and offer.protocol_id != protocol_id):
        return None
    return offer


def answer_offer(journal: Journal, offer: Offer, now: dt.datetime, resume: bool) -> Offer | None:
    """The person's answer: the offer to resume, or None having closed it as ended (a failure
    to write that is logged; the session is then simply offered again next time)."""
    if resume:
        return offer
    try:
        decline(journal, offer, now)
    except Exception:
        log.warning("the unfinished session could not be closed", exc_info=True)
    return None


def ask_to_resume(
    journal: Journal,
    pack: _Pack,
    now: dt.datetime,
    hours: float,
    ask: Callable[[str], str | None],
    protocol_id: str | None = None,
    *,
    discreet: bool = False,
) -> Offer | None:
    """The whole decision for a line-mode start (``coach start --plain``): find an offer
    (:func:`resume_offer`), ask with :func:`resume_question`, and return the offer to resume,
    or None to start afresh (having closed the declined session as ended). ``ask`` prints the
    question and returns the answer (None at end of input: starting afresh, never resuming
    unasked)."""
    offer = resume_offer(journal, pack, now, hours, protocol_id)
    if offer is None:
        return None
    return answer_offer(
        journal, offer, now, wants_resume(ask(resume_question(offer, discreet=discreet)))
    )
