"""Keys typed into a field never become another screen's hotkeys.

A person typing a note does not watch the screen: when the form closes under their fingers
(saved with the mouse, or closed by anything else), the rest of the sentence used to land on
home as hotkeys: "sharp pain at step 4" opened History (h), About (a) and Safety (p), and the
words were lost (issue 21). The rule here: when the screen changed while the person was typing
into a text field, the typing keys that follow in the same burst (each within
:data:`BURST_GAP` of the one before) are not used as keys on the new screen, unless it has a
text field focused to take them. The first pause ends the guard: a key pressed after looking at
the new screen works as always. The pain key over a running session is never held back.

Textual-free: the app feeds it each key (``coach.tui.app.CoachApp.on_event``), with the time
from an injected clock, so the rule is tested without a terminal.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable

BURST_GAP = 0.5
"""Seconds between two keys of one burst of typing (typists: ~0.1-0.3 s a key)."""

TYPING_KEYS = frozenset({"enter", "backspace", "delete", "space"})
"""Keys that are part of typing text, besides the printable characters."""


def is_typing_key(key: str, character: str | None) -> bool:
    """A key that types (a printable character, space, Enter, a deletion), not a command key
    such as ctrl+s, escape, tab or F9."""
    if key in TYPING_KEYS:
        return True
    return character is not None and len(character) == 1 and character.isprintable()


class TypingGuard:
    """Decides, key by key, whether a key is used or held back as the tail of a burst of
    typing that began on another screen."""

    def __init__(
        self, *, gap: float = BURST_GAP, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.gap = gap
        self._clock = clock
        self._last_at = -float("inf")
        self._last_screen: weakref.ref[object] | None = None
        self._typing = False  # the last key typed into a text field (or was held back)
        self.holding = False
        """A burst is being held back now."""
        self.held = 0
        """Keys held back in all (for the person: said once per burst)."""

    def allows(self, screen: object, *, typed: bool, into_text: bool, exempt: bool = False) -> bool:
        """Whether a key reaching ``screen`` now is used. ``typed``: it is a typing key
        (:func:`is_typing_key`); ``into_text``: the focus on ``screen`` takes text (then the
        key is text there too, and is used); ``exempt``: never held (the pain key)."""
        now = self._clock()
        recent = now - self._last_at < self.gap
        previous = self._last_screen() if self._last_screen is not None else None
        changed = previous is not None and previous is not screen
        hold = False
        if typed and recent and not into_text and not exempt:
            hold = self.holding or (changed and self._typing)
        self.holding = hold
        self._last_at = now
        self._last_screen = weakref.ref(screen)
        self._typing = hold or (typed and into_text)
        if hold:
            self.held += 1
        return not hold


HELD_NOTICE = (
    "The screen changed while you were typing: the keys typed after it were not used here. "
    "Press them again if you meant them."
)


__all__ = ["BURST_GAP", "HELD_NOTICE", "TypingGuard", "is_typing_key"]
