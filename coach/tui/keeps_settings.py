"""The app's settings: the raw file for the first frame, validated just after it.

Mixed into the app (:class:`KeepsSettings`, before ``App``). The settings file is read raw
before the first frame (theme and discreet mode: :class:`~coach.system.settings_file.RawSettings`,
tomllib only) and checked (:mod:`coach.system.settings`, ~10 ms to import) in the loading
worker once the first frame is drawn (:meth:`KeepsSettings.validate_settings_off_thread`); what was wrong in
it is said then. Asked for before that (a key pressed in the very first moment), the settings
are validated on demand.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import App
from textual.message import Message

from coach.pack.content_state import Notice
from coach.system.paths import config_file
from coach.system.settings_file import RawSettings

if TYPE_CHECKING:
    from coach.pack.model import Pack
    from coach.system.problems import Problem
    from coach.system.settings import Settings

log = logging.getLogger(__name__)

NEUTRAL_TITLE = "Timer"
"""The window's title in discreet mode."""


class KeepsSettings(App[Any]):
    """The settings in use (:attr:`settings`), and what changing them does to the app."""

    pack: Pack | None
    if TYPE_CHECKING:  # the app's own

        def say(self, notice: Notice) -> None: ...
        def tell_screens(self) -> None: ...

    class SettingsValidated(Message):
        """The settings file, validated in the loading worker, with what was wrong in it."""

        def __init__(self, settings: Settings, problems: tuple[Problem, ...]) -> None:
            super().__init__()
            self.settings = settings
            self.problems = problems

    def keep_settings(self, settings: Settings | RawSettings | None) -> None:
        """The settings handed in: validated ones (tests), the raw file (the command line),
        or none (the file's defaults). Called from the app's ``__init__``."""
        self._settings: Settings | None = None
        self._raw_settings = RawSettings(config_file())  # no data: the defaults
        if isinstance(settings, RawSettings):
            self._raw_settings = settings
        elif settings is not None:
            self._settings = settings
        self._apply_theme(self.early_settings().theme)
        self._title_for(self.early_settings().discreet)

    @property
    def settings(self) -> Settings:
        """The validated settings (validated here and now if the worker has not yet)."""
        if self._settings is None:
            self._use_settings(*_validated(self._raw_settings))
        assert self._settings is not None
        return self._settings

    def early_settings(self) -> Settings | RawSettings:
        """The theme and discreet mode from the very first frame: the raw file's until the
        validated settings are here."""
        return self._settings if self._settings is not None else self._raw_settings

    def validate_settings_off_thread(self) -> None:
        """From the loading worker: validate the file and post the result to the app."""
        if self._settings is not None:
            return
        try:
            self.post_message(self.SettingsValidated(*_validated(self._raw_settings)))
        except Exception:
            log.error("validating the settings failed", exc_info=True)

    @on(SettingsValidated)
    def _settings_validated(self, message: SettingsValidated) -> None:
        self._use_settings(message.settings, message.problems)

    def _use_settings(self, settings: Settings, problems: tuple[Problem, ...]) -> None:
        if self._settings is not None:
            return  # already validated on demand, before the worker's result came
        self._settings = settings
        self._apply_theme(settings.theme)
        for problem in problems:  # told, not printed: the full-screen app would hide them
            self.say(Notice(problem.render(), "Settings", "warning", 12))

    def apply_settings(self, settings: Settings) -> None:
        """New settings (saved from the Settings screen): the theme, the title, every screen."""
        self._settings = settings
        self._apply_theme(settings.theme)
        self._title_for(settings.discreet)
        if self.is_running:
            self.tell_screens()

    def _apply_theme(self, name: str) -> None:
        # An unknown name keeps the default: validating the settings says so, with its line.
        if name in self.available_themes:
            self.theme = name

    def _title_for(self, discreet: bool) -> None:
        pack = self.pack
        self.title = NEUTRAL_TITLE if discreet else (pack.info.title if pack else self.TITLE)


def _validated(raw: RawSettings) -> tuple[Settings, tuple[Problem, ...]]:
    # A deliberate lazy import: the check and its imports stay off the first frame's path.
    from coach.system.settings import validate_settings

    return validate_settings(raw)


__all__ = ["NEUTRAL_TITLE", "KeepsSettings"]
