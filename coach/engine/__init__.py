"""The session engine: a state machine over a protocol's steps, timed by an injected clock.

Imports no Textual (and, at import time, no pydantic): plain mode, the journal and the tests
use it as they are.
"""

from coach.engine.clock import Clock, FakeClock, SystemClock
from coach.engine.events import Event, EventKind, Listener
from coach.engine.session import Session
from coach.engine.view import FinishReason, NextCue, PhaseView, SessionView, Status

__all__ = [
    "Clock",
    "Event",
    "EventKind",
    "FakeClock",
    "FinishReason",
    "Listener",
    "NextCue",
    "PhaseView",
    "Session",
    "SessionView",
    "Status",
    "SystemClock",
]
