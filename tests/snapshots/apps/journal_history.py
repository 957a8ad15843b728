"""Snapshot app: the history screen over a fixed journal (six months of sessions).

The journal lives in a temporary folder made on mount and removed on exit: running this file
by hand never touches the real journal.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from textual.app import App

from coach.journal.store import Journal
from coach.tui.screens.history import HistoryScreen
from tests.snapshots.apps.journal_data import fill, pack, record, weeks_of_sessions

TODAY = dt.date(2026, 3, 4)  # a Wednesday


def sessions() -> list:
    out = weeks_of_sessions(dt.date(2026, 3, 2), 24)
    out.append(
        record(
            dt.date(2026, 3, 3),
            level="size-4",
            pain_stop=True,
            completed=False,
            finish_reason="pain",
            steps_done=2,
            comfort=2,
            pain=True,
            bleeding=True,
            notes="[b]Sharp[/b] at the start; stopped.",
        )
    )
    return out


class HistoryApp(App[None]):
    def __init__(self, *, empty: bool = False) -> None:
        super().__init__()
        self.empty = empty
        self.folder = tempfile.TemporaryDirectory(prefix="coach-snapshot-")
        self.journal = Journal.open(Path(self.folder.name) / "journal.sqlite3")

    def on_mount(self) -> None:
        if not self.empty:
            fill(self.journal, sessions())
        self.push_screen(HistoryScreen(self.journal, None, pack=pack(), today=TODAY))

    def on_unmount(self) -> None:
        self.journal.close()
        self.folder.cleanup()


app = HistoryApp()

if __name__ == "__main__":
    app.run()
