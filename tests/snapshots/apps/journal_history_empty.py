"""Snapshot app: the history screen before the first session."""

from __future__ import annotations

from tests.snapshots.apps.journal_history import HistoryApp

app = HistoryApp(empty=True)

if __name__ == "__main__":
    app.run()
