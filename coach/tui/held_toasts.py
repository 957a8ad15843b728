"""Screens over which no toast may draw (the safety guidance, F2's blank screen), and the app's
one way to tell the person something, which waits while such a screen is up.

A screen mixes in :class:`HoldsToasts` before its class: ``class SafetyScreen(HoldsToasts,
Screen[None])``. The app mixes in :class:`HoldsNotices`: every notice goes through its
``notify``, which asks :class:`~coach.tui.notices.Notices` whether to show it now or hold it
until that screen goes (the rule, Textual-free, is there).

Textual's public means only: its ``notify`` overridden, ``clear_notifications``, and the app's
``screen_change_signal``. Textual draws toasts on every screen by design (they "persist between
screens", Textualize/textual#2866) with no public switch for one screen, so a toast that
reaches such a screen anyway (raised a moment before it came up) is hidden by its style sheet
(Toast is a public widget that CSS can hide), and raised again with the held ones.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from textual.app import App
from textual.screen import Screen

from coach.pack.content_state import Notice
from coach.tui.literal import clean
from coach.tui.notices import Notices, Said

Severity = Literal["information", "warning", "error"]


class HoldsToasts(Screen):  # type: ignore[type-arg]
    """A screen that takes no toasts: the app holds them while it is on top."""

    HOLDS_TOASTS: ClassVar[bool] = True
    """How the app tells such a screen (without importing its module)."""

    DEFAULT_CSS = """
    HoldsToasts Toast {
        display: none;
    }
    """


class HoldsNotices(App[Any]):
    """The app side: mix in before ``App``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.notices = Notices()

    def on_mount(self) -> None:
        self.screen_change_signal.subscribe(self, self._screen_changed, immediate=True)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: Severity = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Shown now, or held while a screen that takes no toasts is on top. Thread-safe, as
        Textual's is."""
        timeout = self.NOTIFICATION_TIMEOUT if timeout is None else timeout
        if self.notices.say(Said(message, title, severity, timeout, markup)):
            super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def say(self, notice: Notice) -> None:
        """A notice from coach's own layers (content, the journal), shown literally."""
        self.notify(
            clean(notice.text),
            title=notice.title,
            severity=notice.severity,
            timeout=notice.timeout,
            markup=False,
        )

    def _screen_changed(self, screen: Screen[Any]) -> None:
        if getattr(screen, "HOLDS_TOASTS", False):
            if self.notices.hold():
                self.clear_notifications()  # taken back, to be raised again once it goes
        elif held := self.notices.release():
            self.clear_notifications()  # any that slipped under it, hidden, are in `held`
            for said in held:  # a fresh clock: its time counts from when it can be seen
                self.notify(
                    said.message,
                    title=said.title,
                    severity=said.severity,
                    timeout=said.timeout,
                    markup=said.markup,
                )


__all__ = ["HoldsNotices", "HoldsToasts"]
