"""The window's title goes through the driver Textual runs (coach.tui.terminal): Textual has
no public call for it (Textualize/textual#1782), so the app's driver class, from the public
get_driver_class, hands itself to a Terminal when it starts."""

from __future__ import annotations

from pathlib import Path

from textual.driver import Driver

from coach.journal.store import Journal
from coach.tui.app import CoachApp
from coach.tui.terminal import Terminal, attaching
from tests.unit.packs import mini_pack


class Recording(Driver):
    """A driver that keeps what it is asked to write (no terminal)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.written: list[str] = []

    def write(self, data: str) -> None:
        self.written.append(data)

    def start_application_mode(self) -> None: ...

    def disable_input(self) -> None: ...

    def stop_application_mode(self) -> None: ...


async def test_a_sequence_reaches_the_driver_once_it_has_started(tmp_path: Path) -> None:
    app = CoachApp(pack=mini_pack(tmp_path / "pack"), journal=Journal.open(tmp_path / "j"))
    terminal = Terminal()
    terminal.write("\x1b]2;too early\x07")  # before any driver: nowhere, and no error
    driver_class = attaching(Recording, terminal)
    assert issubclass(driver_class, Recording) and driver_class.__name__ == "Recording"
    driver = driver_class(app)
    terminal.write("\x1b]2;Step 1\x07")
    assert driver.written == ["\x1b]2;Step 1\x07"]


def test_the_apps_driver_class_is_textuals_own_attached_to_its_terminal(tmp_path: Path) -> None:
    app = CoachApp(pack=mini_pack(tmp_path / "pack"), journal=Journal.open(tmp_path / "j"))
    driver_class = app.get_driver_class()
    assert issubclass(driver_class, Driver) and driver_class.__module__ == "coach.tui.terminal"
    assert driver_class.__name__ in ("LinuxDriver", "WindowsDriver")
