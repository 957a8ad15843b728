"""A blank screen, at once, for when someone walks in. The same key (F2) brings coach back."""

from __future__ import annotations

from textual.screen import Screen


class BlankScreen(Screen[None]):
    DEFAULT_CSS = "BlankScreen { background: black; }"
