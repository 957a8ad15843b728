"""Snapshot app: the shipped "How does it work?" answer, whose anatomy diagram must fit 80 columns.

Reads only content/faq.toml (not the whole pack), so only an edit of that answer moves it.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.app import App

from coach.pack.model import FaqFile, Pack
from coach.pack.validate import validate
from coach.tui.screens.faq import FaqScreen
from tests.helpers import make_pack

FAQ_FILE = Path(__file__).resolve().parents[3] / "content" / "faq.toml"


SAFETY = {
    "stop_now": "Stop.",
    "normal": ["Stretch"],
    "warning_signs": ["Sharp pain"],
    "red_flags": ["Bleeding"],
    "see_clinician": "See a clinician.",
}


def diagram_pack() -> Pack:
    faq = validate(FaqFile, tomllib.loads(FAQ_FILE.read_text(encoding="utf-8"))).faq
    return make_pack(
        faq=[entry for entry in faq if entry.id == "how-it-works"],
        safety=SAFETY,
        pack_id="snapshot",
        title="Snapshot pack",
    )


class FaqDiagramApp(App[None]):
    def on_mount(self) -> None:
        self.push_screen(FaqScreen(diagram_pack(), entry_id="how-it-works"))


app = FaqDiagramApp()

if __name__ == "__main__":
    app.run()
