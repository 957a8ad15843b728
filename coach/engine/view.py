"""What a screen needs to draw a session: an immutable snapshot taken from the engine.

Every figure comes from the engine's injected clock at the moment of the snapshot, so a screen
that redraws four times a second and one that redraws once a minute show the same truth.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from coach.pack.ranges import CountRange

if TYPE_CHECKING:
    from coach.engine.counting import Verdict
    from coach.pack.model import AnyStep


class Status(StrEnum):
    NOT_STARTED = "not_started"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"


class FinishReason(StrEnum):
    DONE = "done"  # went past the last step, or finish(completed=True)
    ENDED = "ended"  # the person ended early
    PAIN = "pain"  # stopped because of pain


@dataclass(frozen=True, slots=True)
class PhaseView:
    """Where an intervals step is: which phase of which repetition, and how long it has left."""

    name: str
    tone: str  # "hold", "relax" or "neutral"
    index: int  # the phase within one repetition, 0-based
    repetition: int  # 1-based
    repetitions: int
    remaining: float


@dataclass(frozen=True, slots=True)
class NextCue:
    say: str
    due_in: float  # seconds of active step time until it fires


@dataclass(frozen=True, slots=True)
class SessionView:
    status: Status
    finish_reason: FinishReason | None
    completed: bool
    protocol_id: str
    protocol_title: str

    step: AnyStep
    step_index: int
    """Index into ``protocol.steps``."""
    position: int
    """1-based place among the main steps (branch-only excluded); a branch shows its origin's."""
    total: int
    """How many main steps the protocol has."""
    in_branch: bool
    returns_to: int | None
    """In a branch: the index of the step ``next`` goes back to."""
    returns_to_title: str | None

    step_elapsed: float
    """Active seconds on this step (pauses excluded)."""
    step_length: float | None
    """The step's full length (a range's maximum); ``None`` when untimed."""
    step_remaining: float | None
    """Seconds until ``step_length``; never negative; ``None`` when untimed."""
    window: tuple[float, float] | None
    """``(low, high)`` seconds when the step's duration is a range."""
    step_minimum: float | None
    """Active seconds on the step before it may be left as done (a range's minimum, else the
    whole length); ``None`` when untimed."""
    min_reached: bool
    """The step may be left: its minimum has passed (always true for an untimed step)."""
    step_required: bool
    """The session counts only if this step is done (:mod:`coach.engine.counting`)."""
    time_up: bool
    """The step's full length has passed (never true for an untimed step)."""

    active_total: float
    """Active session seconds: from start, pauses excluded."""
    wall_total: float
    """Seconds since start, pauses included."""
    paused_total: float
    paused_for: float
    """Length of the current pause; 0 when not paused."""

    attempts: int
    """Successful tries on this step (kept across a branch, reset when the step is re-entered)."""
    attempts_expected: CountRange | None
    attempts_total: int
    resistances: int
    step_resistances: int

    phase: PhaseView | None
    """Intervals only, while they run; ``None`` once the last phase has ended."""
    next_cue: NextCue | None

    steps_done: int
    steps_skipped: int
    steps_short: int
    """Main steps left with next before their minimum time or tries: not done."""
    steps_left_out: int
    """Optional main steps skipped: not "skipped", since they cannot change the verdict."""
    outcomes: tuple[tuple[str, str], ...]
    """``(step id, outcome)`` for each step left forward, main and branch steps alike: "done",
    "short", "skipped" or "left_out" (:mod:`coach.engine.counting`)."""
    pains: int
    can_count: Verdict
    """Whether the session counts if the rest is done (the verdict, once finished)."""
    verdict: Verdict | None
    """Whether it counts toward the plan: judged once, when it finishes."""

    @property
    def started(self) -> bool:
        return self.status is not Status.NOT_STARTED

    @property
    def running(self) -> bool:
        return self.status is Status.RUNNING

    @property
    def paused(self) -> bool:
        return self.status is Status.PAUSED

    @property
    def finished(self) -> bool:
        return self.status is Status.FINISHED
