"""Snapshot app: the FAQ screen on a fixed inline pack, so content edits never move the picture."""

from __future__ import annotations

from textual.app import App

from coach.pack.model import FaqEntry
from coach.tui.screens.faq import FaqScreen
from tests.helpers import make_pack

FAQ = (
    FaqEntry(
        id="preparation",
        question="How should I prepare for a session?",
        answer=(
            "Nothing special is needed beyond a normal bowel movement.\n\n"
            "What helps:\n\n"
            "- **A calm mood.** Pick a time when you will not be rushed.\n"
            "- **Warmth.** A warm shower helps the muscles relax.\n"
            "- **Everything ready first**, above all plenty of [lubricant](faq:lubricant).\n"
        ),
        tags=["preparation", "bowel"],
        see_also=["lubricant", "positions"],
    ),
    FaqEntry(
        id="positions",
        question="Which position is best?",
        answer="No position is best. Being comfortable matters most.",
        tags=["technique"],
    ),
    FaqEntry(
        id="permanent",
        question="Is it permanent? How often should I do it?",
        answer="No. Aim for **2-3 sessions a week**, like any muscle training.",
        tags=["schedule"],
    ),
    FaqEntry(
        id="lubricant",
        question="Which lubricant should I use, and how much?",
        answer="Use plenty, water-based. Add more whenever it starts to drag.",
        tags=["equipment", "preparation"],
    ),
    FaqEntry(
        id="markup",
        question="What do [bold] and [@click=app.quit] mean here?",
        answer="Nothing: they are shown exactly as written.",
        tags=["basics"],
    ),
)


SAFETY = {
    "stop_now": "Stop.",
    "normal": ["Stretch"],
    "warning_signs": ["Sharp pain"],
    "red_flags": ["Bleeding"],
    "see_clinician": "See a clinician.",
}


class FaqSnapshotApp(App[None]):
    def on_mount(self) -> None:
        self.push_screen(
            FaqScreen(make_pack(faq=FAQ, safety=SAFETY, pack_id="snapshot", title="Snapshot pack"))
        )


app = FaqSnapshotApp()

if __name__ == "__main__":
    app.run()
