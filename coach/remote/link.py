"""The one port between a front end and the phone: intents in, state out, thread-safe.

The front end owns the :class:`~coach.session.run.SessionRun` and is the only one that touches it. The
server's threads never do: they hand each intent to :meth:`RemoteLink.submit`, which calls the
front end's own thread-safe ``deliver`` (plain mode: a put on the queue its loop reads; the
app: a message posted to the session screen). The front end then publishes the state after
each tick or intent (:meth:`RemoteLink.publish`); the server's threads read it with
:meth:`RemoteLink.snapshot` and wait for the next one with :meth:`RemoteLink.wait`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

IntentKind = Literal["pause", "resume", "next", "pain"]
INTENTS: frozenset[str] = frozenset(get_args(IntentKind))

State = Mapping[str, Any]
"""What the page shows, as JSON-ready values (see :func:`coach.remote.state.remote_state`)."""


@dataclass(frozen=True, slots=True)
class Intent:
    """What the person asked for on the phone.

    ``entry`` is the step the page showed when it was tapped (the state's ``entry``): a "next"
    tapped twice by a wet hand, or late, moves on once, from the step the person saw.
    """

    kind: IntentKind
    entry: int | None = None

    @classmethod
    def parse(cls, data: object) -> Intent | None:
        """An intent from the page's JSON body; ``None`` for anything else."""
        if not isinstance(data, dict):
            return None
        kind = data.get("intent")
        entry = data.get("entry")
        if kind not in INTENTS:
            return None
        if entry is not None and (isinstance(entry, bool) or not isinstance(entry, int)):
            return None
        return cls(kind, entry)


class RemoteLink:
    """Intents to the front end, state to the server; every method is safe from any thread."""

    def __init__(self, deliver: Callable[[Intent], None]) -> None:
        self._deliver = deliver
        self._changed = threading.Condition()
        self._state: State | None = None
        self._version = 0
        self._closed = False

    # --- the server's side ---------------------------------------------------------------------

    def submit(self, intent: Intent) -> None:
        """Pass ``intent`` to the front end, which acts on it on its own thread."""
        if not self._closed:
            self._deliver(intent)

    def snapshot(self) -> tuple[int, State | None]:
        """The latest state and its version (0 before the first)."""
        with self._changed:
            return self._version, self._state

    def wait(self, version: int, timeout: float) -> tuple[int, State | None]:
        """Block until the state is newer than ``version``, the link closes, or ``timeout``."""
        with self._changed:
            self._changed.wait_for(lambda: self._version != version or self._closed, timeout)
            return self._version, self._state

    @property
    def closed(self) -> bool:
        return self._closed

    # --- the front end's side ------------------------------------------------------------------

    def publish(self, state: State) -> bool:
        """Offer the current state; waiting streams wake only when it changed. Returns
        whether it did."""
        with self._changed:
            if state == self._state:
                return False
            self._state = state
            self._version += 1
            self._changed.notify_all()
            return True

    def close(self) -> None:
        """No more intents are passed on; waiting streams wake and end."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()
