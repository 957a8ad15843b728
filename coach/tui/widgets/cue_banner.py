"""The latest cue of a session as a large line across the screen, easy to catch at a glance.

A toast in a corner is easy to miss with eyes half closed; this stays where the eyes go, until
the next cue replaces it, the step changes, or the time the content set for it has passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from coach.tui.literal import literal, set_content


@dataclass(frozen=True, slots=True)
class Cue:
    """What the banner shows: one or two lines, and until when (session active seconds)."""

    lines: tuple[str, ...]
    until: float | None = None
    """Hide once the session's active time passes this; ``None``: until replaced."""
    kind: str = "cue"
    """``cue``, ``min_reached`` or ``time_up``: a state class (``-time_up``) for its colour."""


KINDS = ("cue", "min_reached", "time_up")


class CueBanner(Static):
    """Shows a :class:`Cue`; hidden when there is none."""

    DEFAULT_CSS = """
    CueBanner {
        width: 1fr;
        height: auto;
        margin-top: 1;
        padding: 1 2;
        text-style: bold;
        text-align: center;
        background: $primary 40%;
        color: $text;
        display: none;
    }
    CueBanner.-shown { display: block; }
    CueBanner.-min_reached { background: $success 40%; }
    CueBanner.-time_up { background: $warning 50%; }
    """

    cue: reactive[Cue | None] = reactive(None, always_update=True, repaint=False)
    """The cue to show; ``None`` hides the banner."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)  # cue words come from content: never markup
        super().__init__(**kwargs)

    def watch_cue(self, cue: Cue | None) -> None:
        self.set_class(cue is not None, "-shown")
        for kind in KINDS:
            self.set_class(cue is not None and cue.kind == kind, f"-{kind}")
        lines = cue.lines if cue is not None else ()
        set_content(self, Content("\n").join(literal(line) for line in lines))

    def expire(self, active: float) -> None:
        """Hide a cue whose content-set time is over (``active``: the session's active time)."""
        cue = self.cue
        if cue is not None and cue.until is not None and active >= cue.until:
            self.cue = None
