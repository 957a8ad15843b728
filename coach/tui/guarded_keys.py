"""The app side of the typing guard (coach.tui.typing_guard, Textual-free): each key is fed to
it before Textual routes the key, and a burst held back is said once.

Mixed into the app (:class:`GuardsTyping`, before ``App``)."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import App

from coach.tui.typing_guard import HELD_NOTICE, TypingGuard, is_typing_key

TEXT_WIDGETS = ("Input", "TextArea")
"""Textual's widgets that take typed letters."""


class GuardsTyping(App[Any]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.typing_guard = TypingGuard()

    async def on_event(self, event: events.Event) -> None:
        # Typing that goes on after the screen changed is not the new screen's hotkeys:
        # "sharp pain" once opened History, About and Safety.
        if isinstance(event, events.Key) and not event.is_forwarded and not self._key_used(event):
            return
        await super().on_event(event)

    def typing(self) -> bool:
        """Whether the focused widget takes letters (a search box, the palette, a note):
        Textual's Input or TextArea or one built on them, asked by class name so TextArea's
        module (~130 ms) is never imported just to ask."""
        focused = self.focused
        return focused is not None and any(
            cls.__name__ in TEXT_WIDGETS and cls.__module__.startswith("textual.")
            for cls in type(focused).__mro__
        )

    def never_held(self, event: events.Key) -> bool:
        """A key used even in a burst of typing (the app's: the pain key over a session)."""
        return False

    def _key_used(self, event: events.Key) -> bool:
        if not self.screen_stack:
            return True
        was_holding = self.typing_guard.holding
        used = self.typing_guard.allows(
            self.screen,
            typed=is_typing_key(event.key, event.character),
            into_text=self.typing(),
            exempt=self.never_held(event),
        )
        if not used and not was_holding:  # once a burst
            self.notify(HELD_NOTICE, severity="warning", timeout=6, markup=False)
        return used


__all__ = ["GuardsTyping"]
