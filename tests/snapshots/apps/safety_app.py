"""The safety screen with the shipped content/safety.toml: what a person sees after a pain stop.

The shipped text, not an inline one: the point is that the real stop steps and red flags fit
at 80x24. ``python tests/snapshots/apps/safety_app.py`` shows it by hand.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from coach.pack.load import check_file
from coach.pack.model import Moment, Safety
from coach.tui.screens.safety import SafetyScreen

SAFETY_FILE = Path(__file__).resolve().parents[3] / "content" / "safety.toml"


def shipped_safety() -> Safety:
    safety = check_file(SAFETY_FILE)
    assert isinstance(safety, Safety)
    return safety


class SafetyApp(App[None]):
    def __init__(self, moment: Moment = "during") -> None:
        super().__init__()
        self.moment: Moment = moment

    def on_mount(self) -> None:
        self.push_screen(SafetyScreen(shipped_safety(), self.moment))


app = SafetyApp()
after_app = SafetyApp("after")

if __name__ == "__main__":
    app.run()
