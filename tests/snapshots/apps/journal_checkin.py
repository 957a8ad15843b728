"""Snapshot app: the check-in after a dilation session, with the test programme's sizes."""

from __future__ import annotations

from textual.app import App

from coach.journal.records import CheckIn
from coach.tui.screens.checkin import CheckInScreen
from tests.snapshots.apps.journal_data import program


class CheckInApp(App[None]):
    answer: CheckIn | None = None

    def on_mount(self) -> None:
        prog = program()
        screen = CheckInScreen(
            prog.checkin, levels=prog.levels, level_noun=prog.level_noun, default_level_id="size-2"
        )
        self.push_screen(screen, self._answered)

    def _answered(self, answer: CheckIn | None) -> None:
        self.answer = answer


app = CheckInApp()

if __name__ == "__main__":
    app.run()
