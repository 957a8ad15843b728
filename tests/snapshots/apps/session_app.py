"""A session on a fake clock that moves only when a test says so: stable snapshots.

The pack is built here, inline, so the snapshots do not change when the shipped content does.
``python tests/snapshots/apps/session_app.py`` runs it by hand (the clock then stands still).
"""

from __future__ import annotations

from textual.app import App

from coach.engine.clock import FakeClock
from coach.pack.model import Pack
from coach.pack.validate import validate
from coach.session.run import SessionRun
from coach.tui.screens.session import SessionScreen

PACK = validate(
    Pack,
    {
        "info": {"id": "snapshots", "title": "Snapshot pack"},
        "protocols": (
            {
                "id": "practice",
                "title": "Practice",
                "steps": [
                    {
                        "kind": "checklist",
                        "id": "ready",
                        "title": "Get ready",
                        "items": ["A towel", "Water-based lubricant", "[b]Ten quiet minutes[/b]"],
                        "text": "Find a comfortable position.",
                    },
                    {
                        "kind": "timed",
                        "id": "hold",
                        "title": "Hold and breathe",
                        "duration": "3-5m",
                        "on_resistance": "breathe",
                        "text": (
                            "Keep the dilator in place and **breathe slowly**.\n\n"
                            "- Relax your jaw and shoulders\n"
                            "- Let your belly rise as you breathe in"
                        ),
                    },
                    {
                        "kind": "attempts",
                        "id": "insert",
                        "title": "Insert",
                        "attempts": "4-6",
                    },
                    {
                        "kind": "timed",
                        "id": "breathe",
                        "title": "Breathe out the tension",
                        "duration": "1m",
                        "branch_only": True,
                    },
                ],
            },
            {
                "id": "drill",
                "title": "Control drill",
                "steps": [
                    {
                        "kind": "intervals",
                        "id": "drill",
                        "title": "Squeeze and relax",
                        "repetitions": 10,
                        "text": "Squeeze gently, then let go completely.",
                        "phases": [
                            {"name": "squeeze", "duration": "5s", "tone": "hold"},
                            {"name": "relax", "duration": "10s", "tone": "relax"},
                        ],
                    }
                ],
            },
        ),
        "safety": {
            "title": "Stop. Your safety comes first.",
            "stop_now": "Stop now. Remove the dilator **gently** and rest.",
            "normal": ["A mild stretch or pressure", "Slight spotting the first times"],
            "warning_signs": ["Sharp or burning pain", "Pain that lasts after you stop"],
            "red_flags": ["Heavy bleeding", "Fever or unusual discharge"],
            "see_clinician": "See your clinician if pain comes back two sessions in a row.",
        },
    },
)


class SessionSnapshotApp(App[None]):
    def __init__(self, protocol_id: str = "practice") -> None:
        super().__init__()
        self.clock = FakeClock()
        self.protocol_id = protocol_id

    def on_mount(self) -> None:
        protocol = PACK.protocol(self.protocol_id)
        self.push_screen(SessionScreen(SessionRun(PACK, protocol, clock=self.clock), sound=False))


app = SessionSnapshotApp()
drill_app = SessionSnapshotApp("drill")  # intervals: "session_app.py:drill_app"

if __name__ == "__main__":
    app.run()
