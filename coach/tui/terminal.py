"""Writing to the terminal besides Textual's frames: the window's title during a session.

Textual has no public call for the terminal's title (Textualize/textual#1782, open), and a
write of our own to the terminal could land in the middle of a frame. The sequences go through
the driver Textual runs, in order with its frames: the app's driver class (``get_driver_class``,
public) is Textual's own, made to hand itself to a :class:`Terminal` when it starts. Under a
test's headless driver nothing is written.
"""

from __future__ import annotations

from typing import Any

from textual.driver import Driver


class Terminal:
    """The running terminal, once its driver has started."""

    def __init__(self) -> None:
        self._driver: Driver | None = None

    def attach(self, driver: Driver) -> None:
        self._driver = driver

    def write(self, sequence: str) -> None:
        """Write an escape sequence (nothing before the driver starts, or when headless)."""
        if self._driver is not None and not self._driver.is_headless:
            self._driver.write(sequence)


def attaching(base: type[Driver], terminal: Terminal) -> type[Driver]:
    """``base`` (Textual's driver for this platform), attaching each instance to ``terminal``."""

    class AttachedDriver(base):  # type: ignore[valid-type,misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            terminal.attach(self)

    AttachedDriver.__name__ = base.__name__
    return AttachedDriver


__all__ = ["Terminal", "attaching"]
