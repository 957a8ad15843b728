"""Messages the app sends to its screens."""

from __future__ import annotations

from textual.message import Message


class PackChanged(Message):
    """The content (or how it should be shown) changed: screens redraw what they show of it."""
