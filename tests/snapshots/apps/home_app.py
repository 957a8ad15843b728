"""The real app on its home screen: default content, an empty journal, a fixed clock."""

from __future__ import annotations

import tempfile
from pathlib import Path

from coach.engine.clock import FakeClock
from coach.journal.store import Journal
from coach.pack.load import load_pack
from coach.system.settings import Settings
from coach.tui.app import CoachApp

CONTENT = Path(__file__).resolve().parents[3] / "content"


def make() -> CoachApp:
    journal = Journal.open(Path(tempfile.mkdtemp()) / "journal.sqlite3")
    return CoachApp(
        pack=load_pack(CONTENT),
        journal=journal,
        clock=FakeClock(),
        settings=Settings(sound=False),
        watch_content=False,
    )


app = make()

if __name__ == "__main__":
    app.run()
