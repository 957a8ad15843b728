"""Text from content files and the journal, made safe to show.

Textual parses strings given to widgets and notifications as markup: a step titled
"[@click=app.quit]" would run an action. Everything a person or clinician wrote goes through
:func:`literal`, which yields a ``Content`` that is never parsed. Control characters (an ANSI
escape pasted into a file) are made visible instead of reaching the terminal.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from coach.system.safe_text import clean

__all__ = ["clean", "literal", "set_content"]


def literal(text: str, style: str = "") -> Content:
    """Content shown exactly as written: no markup, no escape codes."""
    return Content.styled(clean(text), style) if style else Content(clean(text))


def set_content(widget: Static, content: Content) -> None:
    """Update a Static only when what it shows changes.

    A session redraws four times a second; most of the time only the clock moves. Skipping
    identical updates spares a refresh and a layout pass each time (idle CPU is a budget).
    """
    key = (content.plain, tuple(content.spans))
    if getattr(widget, "_coach_shown", None) != key:
        widget._coach_shown = key  # type: ignore[attr-defined]
        widget.update(content)
