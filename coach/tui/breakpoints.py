"""A screen's breakpoint classes, set when the screen is made.

Textual sets a screen's ``HORIZONTAL_BREAKPOINTS`` / ``VERTICAL_BREAKPOINTS`` classes on its
first Resize, which comes after its widgets were styled: every first show of such a screen
(home's first frame, a session's first step) styled every widget twice. Set from the terminal's
size when the screen is made, the classes are there for the first styling, and the Resize
finds nothing to change. The rule is Textual's: the class of the largest threshold the size
reaches.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.geometry import Size
from textual.screen import Screen


def breakpoint_classes(screen: Screen[Any], app: App[Any], size: Size) -> dict[str, bool]:
    """Each breakpoint class of ``screen`` (its own, else the app's) at ``size``: on or off."""
    classes: dict[str, bool] = {}
    for own, apps, dimension in (
        (screen.HORIZONTAL_BREAKPOINTS, app.HORIZONTAL_BREAKPOINTS, size.width),
        (screen.VERTICAL_BREAKPOINTS, app.VERTICAL_BREAKPOINTS, size.height),
    ):
        breakpoints = (apps if own is None else own) or []
        reached = [(low, name) for low, name in breakpoints if dimension >= low]
        on = max(reached)[1] if reached else None
        classes.update({name: name == on for _, name in breakpoints})
    return classes


class SizedFromTheStart:
    """Mixin for a screen with breakpoints (before ``Screen`` in its bases)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assert isinstance(self, Screen)
        try:
            app = self.app
        except RuntimeError:  # made outside a running app: Textual sets them on its Resize
            return
        self.update_classes(breakpoint_classes(self, app, app.size), update=False)
