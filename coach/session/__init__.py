"""The session engine: a state machine over a protocol's steps, timed by an injected clock.

Imports no Textual (and, at import time, no pydantic): plain mode, the journal and the tests
use it as they are.
"""

from coach.session.clock import Clock, FakeClock, SystemClock
from coach.session.engine import Session
from coach.session.events import Event, EventKind, Listener
from coach.session.view import FinishReason, NextCue, PhaseView, SessionView, Status

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
