"""The end question over a session: "End the session now?", with the pain key still live."""

from __future__ import annotations

from textual.binding import Binding

from coach.tui.dialogs.confirm import ConfirmDialog


class EndSessionDialog(ConfirmDialog):
    """The end question, with the pain key still live: a pain stop never waits for an answer."""

    BINDINGS = [Binding("p", "pain", "Pain stop", id="session.end.pain")]

    def __init__(self) -> None:
        super().__init__(
            "End the session now?",
            detail="What you did so far is kept.",
            yes="End",
            no="Keep going",
        )
        self.pain = False

    def action_pain(self) -> None:
        self.pain = True
        self.dismiss(False)
