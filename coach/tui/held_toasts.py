"""Screens over which no toast may draw: the blank screen (F2), and the safety guidance.

The app draws toasts on the top screen's rack, and over the safety screen a toast hides half of
each urgent line at 80 columns. Such a screen has no rack; a notification that arrives while it
is up is taken off the app's list and held, and raised again, with its full time, when the
screen goes: nothing covers what matters, and nothing is missed.
"""

from __future__ import annotations

from textual.notifications import Notification
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets._toast import ToastRack

HOLD_EVERY = 0.2  # seconds; shorter than any toast coach raises, and cheap (a dict scan)


class HoldsToasts(Screen):  # type: ignore[type-arg]
    """Mix in before a screen class: ``class SafetyScreen(HoldsToasts, Screen[None])``."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.held: list[Notification] = []

    def _extend_compose(self, widgets: list[Widget]) -> None:
        # The app shows the rack itself, so CSS cannot hide it: this screen gets none, so no
        # toast can appear over it, not for a frame.
        super()._extend_compose(widgets)
        widgets[:] = [w for w in widgets if not isinstance(w, ToastRack)]

    # Textual calls the handler of each class in the MRO: a screen's own on_mount runs too.
    def on_mount(self) -> None:
        self._hold()
        self.set_interval(HOLD_EVERY, self._hold)

    def _hold(self) -> None:
        # Textual keeps the app's notifications in a private collection (textual 8); there is
        # no public hook for "a toast arrived", and one must not expire unseen behind this screen.
        app = self.app
        for notification in list(app._notifications):
            self.held.append(notification)
            app._unnotify(notification, refresh=False)

    def on_unmount(self) -> None:
        self._hold()
        for n in self.held:  # a fresh clock: its time counts from when it can be seen
            self.app.notify(
                n.message, title=n.title, severity=n.severity, timeout=n.timeout, markup=n.markup
            )
        self.held.clear()
