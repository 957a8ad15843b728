"""A blank screen, at once, for when someone walks in. The same key (F2) brings coach back.

Nothing else shows while it is up: no footer, no header, and no toasts. A notification that
arrives meanwhile (a cue, a saved check-in, a missing speech command) is taken off the app's
list and held; once F2 brings coach back it is raised again with its full time, so nothing
leaks and nothing is missed.
"""

from __future__ import annotations

from textual.screen import Screen

from coach.tui.held_toasts import HoldsToasts


class BlankScreen(HoldsToasts, Screen[None]):
    DEFAULT_CSS = "BlankScreen { background: black; }"
