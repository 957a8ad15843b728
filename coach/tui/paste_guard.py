"""Pasted escape sequences stay text: they never become key presses.

Textual's terminal parser (8.2) reads an ESC inside a bracketed paste as the start of a
sequence, leaves it out of the paste, and when no sequence matches within 32 characters sends
them all as keys: each ESC in a pasted text typed the next 32 characters into the screen as
presses (and a paste of 110 KB with escapes spun at 100% CPU, key by key). :class:`PasteGuard`
sits in front of that parser: inside a paste, every ESC that does not begin the paste's end
marker is written as its one-character C1 form (``ESC [`` as CSI U+009B, ``ESC ]`` as OSC
U+009D) or dropped, so the parser sees no ESC until the paste ends and hands the whole text
over as one Paste event, where :mod:`coach.system.safe_text` removes what is left of it.

Textual has no public hook before its parser, so :func:`install` swaps the parser class the
Linux driver module names (``linux_driver.XTermParser``, a public attribute; only ``feed``, a
public method, is overridden) when the app starts in a terminal; a Textual without that name
runs unguarded and logs it. tests/unit/test_paste_guard.py fails once Textual keeps a pasted
ESC as text itself, and the guard can go then.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from textual.drivers import linux_driver
from textual.message import Message

log = logging.getLogger(__name__)

ESC = "\x1b"
START = "\x1b[200~"
END = "\x1b[201~"
C1 = {"[": "\x9b", "]": "\x9d"}
"""ESC and the character after it, as the single C1 control that means the same."""


class PasteGuard:
    """Rewrites terminal input so that no ESC reaches the parser inside a bracketed paste.

    Fed chunk by chunk (a marker may be split between reads); outside a paste everything passes
    at once and unchanged, so the escape key keeps its timing.
    """

    def __init__(self) -> None:
        self.in_paste = False
        self._seen = ""  # the last few characters outside a paste: a start marker split in two
        self._held = ""  # inside a paste: an ESC and what followed, while it may be END

    def __call__(self, data: str) -> str:
        out: list[str] = []
        for char in data:
            if self.in_paste:
                self._pasted(char, out)
            else:
                out.append(char)
                self._seen = (self._seen + char)[-len(START) :]
                if self._seen == START:
                    self.in_paste, self._seen = True, ""
        return "".join(out)

    def _pasted(self, char: str, out: list[str]) -> None:
        if not self._held:
            if char == ESC:
                self._held = ESC
            else:
                out.append(char)
            return
        self._held += char
        if END.startswith(self._held):
            if self._held == END:
                out.append(END)
                self.in_paste, self._held = False, ""
            return
        held, self._held = self._held, ""  # the paste's own ESC: made harmless
        if held[1] == ESC:
            rest = held[1:]
        else:
            out.append(C1.get(held[1], held[1]))
            rest = held[2:]
        for again in rest:
            self._pasted(again, out)


class GuardedParser(linux_driver.XTermParser):
    """Textual's parser, fed through a :class:`PasteGuard`."""

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self.guard = PasteGuard()

    def feed(self, data: str) -> Iterable[Message]:
        guarded = self.guard(data)
        if data and not guarded:  # all of it held (an ESC that may end the paste): "" is EOF
            return ()
        return super().feed(guarded)


def install() -> None:
    """Make the Linux driver read its input through :class:`GuardedParser` (idempotent)."""
    if getattr(linux_driver, "XTermParser", None) is None:
        log.warning("paste guard: this Textual has no XTermParser; pastes are not guarded")
        return
    linux_driver.XTermParser = GuardedParser  # type: ignore[misc]
