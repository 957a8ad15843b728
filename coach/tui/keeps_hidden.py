"""F2 hides coach until F2 again: a screen that opens by itself meanwhile goes under the blank.

Someone walks in, the person presses F2, and a moment later the session arrives (it was still
loading), a dialog opens, or a content reload shows its problems. Pushed on top as usual, any of
them would show what the person just hid. Here a screen that opens by itself while the blank
screen is on top goes under it instead, and the blank screen (with the notices it holds) stays
on top until F2. What the person asks for with a key that works over it (the keys list, quit,
the pain stop) is theirs to see: the blank screen goes, and it opens as usual.
"""

from __future__ import annotations

import asyncio
from typing import Any

from textual import events
from textual.app import App, AwaitMount, ScreenResultCallbackType
from textual.screen import Screen

from coach.tui.screens.blank import BlankScreen


class KeepsHidden(App[Any]):
    """The app side: mix in before ``App``."""

    _keyed = False  # a key is being handled: what it opens, the person asked for

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, events.Key):
            await super().on_event(event)
            return
        self._keyed = True
        try:
            await super().on_event(event)
        finally:
            self._keyed = False

    def push_screen(  # type: ignore[override]
        self,
        screen: Screen[Any] | str,
        callback: ScreenResultCallbackType[Any] | None = None,
        wait_for_dismiss: bool = False,
        *,
        mode: str | None = None,
    ) -> AwaitMount | asyncio.Future[Any]:
        stack = self.screen_stack if mode is None or mode == self.current_mode else []
        hiding = _blank_on_top(stack)
        if hiding is None or isinstance(screen, BlankScreen):
            return super().push_screen(screen, callback, wait_for_dismiss, mode=mode)  # type: ignore[call-overload]
        # Taken off and the new screen pushed; unless a key asked for it (then the blank screen
        # goes), put back: the same blank screen, so what it holds stays held (it is still in
        # the stack when Textual would remove it).
        self.pop_screen()
        pushed = super().push_screen(screen, callback, wait_for_dismiss)  # type: ignore[call-overload]
        if not self._keyed:
            super().push_screen(hiding)
        return pushed

    def seen_screen(self) -> Screen[Any]:
        """The screen on top, or the one under the blank screen: what shows after F2."""
        stack = self.screen_stack
        return stack[-2] if len(stack) > 1 and _blank_on_top(stack) else stack[-1]

    def pop_seen(self) -> None:
        """Close :meth:`seen_screen` (a content problem fixed meanwhile); the blank screen,
        if it is up, stays on top."""
        top = _blank_on_top(self.screen_stack)
        if top is not None and len(self.screen_stack) > 2:
            self.pop_screen()
            self.pop_screen()
            super().push_screen(top)
        else:
            self.pop_screen()


def _blank_on_top(stack: list[Screen[Any]]) -> BlankScreen | None:
    """F2's blank screen, if it is on top of ``stack``."""
    return stack[-1] if stack and isinstance(stack[-1], BlankScreen) else None


__all__ = ["KeepsHidden"]
