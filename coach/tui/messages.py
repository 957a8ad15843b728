"""Messages between the app and its screens that more than one class posts.

Down (app -> screens): :class:`PackChanged`, carrying what to show. Up (screens -> app): the
intents below, posted from home, the palette, a link in an answer, a session or a dialog. A
screen posts one with ``self.post_message(...)``; it bubbles to the app, which has exactly one
handler for each (tests/ui/test_app_routes.py counts them). A message only one class posts is
nested in that class (``SessionScreen.PainStopped``, ``CoachApp.ContentLoaded``). No screen
reaches into the app to call it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from coach.pack.editing import Location
    from coach.pack.model import Pack


class PackChanged(Message):
    """The content (or how it should be shown) changed: screens redraw what they show of it.

    ``pack`` is the content now in use (``None`` while nothing could be loaded)."""

    def __init__(self, pack: Pack | None) -> None:
        super().__init__()
        self.pack = pack


# --- intents: a screen asks, the app routes --------------------------------------------------


class OpenQuestions(Message):
    """Open the FAQ: on one entry (a ``faq:`` link), on a search, or on all (f)."""

    def __init__(self, entry_id: str | None = None, query: str = "") -> None:
        super().__init__()
        self.entry_id = entry_id
        self.query = query


class StartProtocol(Message):
    """Start a session of this protocol (``None``: the pack's default); ``remote``: with the
    phone remote served for it (home's m), as ``coach start --remote`` does."""

    def __init__(self, protocol_id: str | None = None, *, remote: bool = False) -> None:
        super().__init__()
        self.protocol_id = protocol_id
        self.remote = remote


class SetLevel(Message):
    """Choose the level (size) for the next sessions, as the person or their clinician set it."""


class OpenSafety(Message):
    """Show the safety guidance (what to do if there is pain)."""


class OpenBeforeYouStart(Message):
    """Show what to check with a clinician before starting (the pack's before-you-start)."""


class OpenHistory(Message):
    """Show past sessions: the content's own, or every pack's (``all_packs``). From history
    itself, it replaces the history shown."""

    def __init__(self, *, all_packs: bool = False) -> None:
        super().__init__()
        self.all_packs = all_packs


class OpenSettings(Message):
    """Show the settings."""


class OpenAbout(Message):
    """Show what the content is, where it comes from, and coach's own choices."""


class LogActivity(Message):
    """Log one of the programme's activities for today (no timer): the same write as
    ``coach log``."""


class SetStartDate(Message):
    """Give the date the plan starts from: the same write as ``coach plan --start``."""


class EditContent(Message):
    """Open the content behind a screen in ``$VISUAL``/``$EDITOR`` (F4); ``find`` locates it
    among the content folders (coach.pack.editing), ``what`` names it if it is not found."""

    def __init__(self, find: Callable[[Sequence[Path]], Location | None], what: str) -> None:
        super().__init__()
        self.find = find
        self.what = what


class Quit(Message):
    """Leave coach (q where it quits): a running session asks first, as its own q does."""
