"""Session events: every state change of the engine, timestamped, delivered to listeners.

The journal stores them, the UI and plain mode react to them, speech reads some aloud.
The engine never calls any of those directly: they subscribe.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any


class EventKind(StrEnum):
    STARTED = "started"  # data: protocol_id, protocol_title, steps (count)
    STEP = "step"  # entered a step; data: via ("next", "back", "skip", "branch", "return", "start")
    MIN_REACHED = "min_reached"  # a ranged step's minimum passed: the person may move on
    TIME_UP = "time_up"  # a step's maximum (or fixed duration) passed
    PHASE = "phase"  # intervals: data: phase (name), tone, repetition (1-based), of (total reps)
    CUE = "cue"  # data: say
    ATTEMPT = "attempt"  # data: attempts (count so far), expected_low, expected_high
    RESISTANCE = "resistance"  # data: branch_to (step id or None)
    PAUSED = "paused"
    RESUMED = "resumed"  # data: paused_for (seconds)
    PAIN_STOP = "pain_stop"  # the person stopped because of pain: the session ends at once
    FINISHED = (
        "finished"  # data: completed (bool: all steps done), reason ("done", "ended", "pain")
    )


@dataclass(frozen=True, slots=True)
class Event:
    kind: EventKind
    at: float  # the injected clock's monotonic reading
    wall: dt.datetime  # the wall time it happened, for people and the journal
    active: float  # total active session seconds at this moment (pauses excluded)
    step_index: int
    step_id: str
    data: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


Listener = Callable[[Event], None]
