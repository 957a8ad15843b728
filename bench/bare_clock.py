"""The baseline for a running session: a bare Textual app with a Digits clock redrawn 4x a second."""

from time import monotonic

from textual.app import App, ComposeResult
from textual.widgets import Digits


class Clock(App[None]):
    def compose(self) -> ComposeResult:
        yield Digits("00:00")

    def on_mount(self) -> None:
        self.started = monotonic()
        self.set_interval(0.25, self.tick)

    def tick(self) -> None:
        seconds = int(monotonic() - self.started)
        self.query_one(Digits).update(f"{seconds // 60:02d}:{seconds % 60:02d}")


if __name__ == "__main__":
    Clock().run()
