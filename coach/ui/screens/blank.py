"""A blank screen, at once, for when someone walks in. The same key (F2) brings coach back.

Nothing else shows while it is up: no footer, no header, and no toasts. A notification that
arrives meanwhile (a cue, a saved check-in, a missing speech command) is taken off the app's
list and held; once F2 brings coach back it is raised again with its full time, so nothing
leaks and nothing is missed.
"""

from __future__ import annotations

from textual.notifications import Notification
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets._toast import ToastRack

HOLD_EVERY = 0.2  # seconds; shorter than any toast coach raises, and cheap (a dict scan)


class BlankScreen(Screen[None]):
    DEFAULT_CSS = "BlankScreen { background: black; }"

    def __init__(self) -> None:
        super().__init__()
        self.held: list[Notification] = []

    def _extend_compose(self, widgets: list[Widget]) -> None:
        # The app draws toasts on the top screen's rack (and shows it itself, so CSS cannot
        # hide it): this screen gets none, so no toast can appear over it, not for a frame.
        super()._extend_compose(widgets)
        widgets[:] = [w for w in widgets if not isinstance(w, ToastRack)]

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
