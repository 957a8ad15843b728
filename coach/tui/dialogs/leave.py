"""Quitting between a session's end and its saved check-in: "Quit without the check-in?"."""

from __future__ import annotations

from coach.tui.dialogs.confirm import ConfirmDialog


class LeaveDialog(ConfirmDialog):
    """Quitting after a session ended and before its check-in is saved."""

    def __init__(self) -> None:
        super().__init__(
            "Quit without the check-in?",
            detail="The session is saved. How it went is not, until the check-in is saved.",
            yes="Quit",
            no="Back",
        )


__all__ = ["LeaveDialog"]
