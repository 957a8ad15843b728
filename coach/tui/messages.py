"""Messages between the app and its screens.

Down (app -> screens): :class:`PackChanged`, carrying what to show. Up (screens -> app): the
intents below. A screen posts one with ``self.post_message(...)``; it bubbles to the app, whose
``on_<name>`` handler routes it. No screen reaches into the app to call it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from coach.pack.model import Pack
    from coach.pack.source import Loaded


class PackChanged(Message):
    """The content (or how it should be shown) changed: screens redraw what they show of it.

    ``pack`` is the content now in use (``None`` while nothing could be loaded)."""

    def __init__(self, pack: Pack | None) -> None:
        super().__init__()
        self.pack = pack


class ContentLoaded(Message):
    """A load finished (from the content source's worker): the app applies it if newest."""

    def __init__(self, loaded: Loaded) -> None:
        super().__init__()
        self.loaded = loaded


# --- intents: a screen asks, the app routes --------------------------------------------------


class OpenQuestions(Message):
    """Open the FAQ: on one entry (a ``faq:`` link) or on a search."""

    def __init__(self, entry_id: str | None = None, query: str = "") -> None:
        super().__init__()
        self.entry_id = entry_id
        self.query = query


class StartProtocol(Message):
    """Start a session of this protocol (``None``: the pack's default)."""

    def __init__(self, protocol_id: str | None = None) -> None:
        super().__init__()
        self.protocol_id = protocol_id


class StopForPain(Message):
    """Stop the running session for pain, from whatever screen is over it (F9 / p)."""


class PainStopped(Message):
    """The session screen stopped for pain (posted by it, for the app to note)."""


class SetLevel(Message):
    """Choose the level (size) for the next sessions, as the person or their clinician set it."""


class OpenSafety(Message):
    """Show the safety guidance (what to do if there is pain)."""


class OpenBeforeYouStart(Message):
    """Show what to check with a clinician before starting (the pack's before-you-start)."""


class OpenHistory(Message):
    """Show past sessions."""


class OpenSettings(Message):
    """Show the settings."""


class OpenAbout(Message):
    """Show what the content is, where it comes from, and coach's own choices."""


class ShowKeys(Message):
    """List every key of the screen on top."""


class ShowProblems(Message):
    """List every problem of the content as it is now."""
