"""User settings: a small TOML file in the config dir, read with tomllib, checked here, written
with tomli-w.

A bad value is reported (``file:line:col: key: what is wrong; using the default``, as content
problems are) and that key keeps its default; the rest of the file is kept, and the file itself
is never rewritten behind the person's back.

The file is a dozen flat keys (booleans, whole numbers in a range, a little text), so each is
checked by its own small rule in :data:`_RULES` rather than by pydantic: reading the settings
is on the path of every command and of the app's start, and importing pydantic and building a
validator cost more than the whole file (about 60 ms and 5 MiB).
"""

from __future__ import annotations

import dataclasses
import difflib
import logging
import math
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import tomli_w

from coach.system import paths
from coach.system.positions import format_path, key_positions, lookup, normalize_loc
from coach.system.problems import Problem
from coach.system.schedule import parse_days, parse_time
from coach.system.settings_file import DEFAULT_THEME, USING_DEFAULT, RawSettings, read_settings_file

log = logging.getLogger(__name__)

COACH_THEMES = ("coach-high-contrast",)  # coach's own, registered by coach.tui.themes


def known_themes() -> set[str]:
    """Every theme name the app can apply: Textual's built-in ones and coach's own."""
    # A deliberate lazy import: Textual only when a theme other than coach's own or the
    # default needs checking, so plain mode and the commands do not load it for nothing.
    from textual.theme import BUILTIN_THEMES

    return {*BUILTIN_THEMES, *COACH_THEMES}


@dataclass(frozen=True)
class Settings:
    """Every setting with its default. Strict: TOML gives real booleans and integers, so
    ``sound = "yes"`` or ``volume = 70.5`` is a mistake to report, not a value to coerce."""

    theme: str = DEFAULT_THEME
    sound: bool = True  # tones on cues (the terminal bell where no player exists)
    speech: bool = False  # read step titles and time cues aloud, when a TTS command exists
    discreet: bool = False  # neutral window title and wording
    # --- cues (issue 16): how a cue reaches someone who is not looking; see coach/cues ---
    volume: int = 70  # tones, 0-100 (0 is silent; "sound" switches sound off altogether)
    countdown: int = 3  # seconds counted down at the end of a hold (0: none)
    on_cue: tuple[str, ...] = ()  # a command run on each cue (argv; never through a shell)
    on_cue_seconds: int = 10  # the hook is killed after this long
    resume_hours: int = 6  # an unfinished session younger than this is offered
    # The days and time picked for sessions: `coach plan --ics`, "next:" in `coach status`.
    reminder_days: str = ""  # "mon,wed,fri" (see coach.system.schedule)
    reminder_time: str = ""  # "19:30"

    def with_changes(self, **changes: object) -> Settings:
        """A copy with ``changes``, checked like the file (:class:`SettingError`, a
        ``ValueError``, names the first that does not fit)."""
        for key, value in changes.items():
            if key not in _RULES:
                raise SettingError(key, f"unknown setting {key!r}")
            try:
                changes[key] = _RULES[key](value)
            except ValueError as exc:
                raise SettingError(key, f"{key}: {exc}") from None
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    def values(self) -> dict[str, object]:
        """The settings as the file holds them (what ``coach settings`` prints): the command
        as a list, as TOML gives it back."""
        return {
            key: list(value) if isinstance(value, tuple) else value
            for key, value in dataclasses.asdict(self).items()
        }

    def to_toml(self) -> bytes:
        header = "# coach settings. Edit here or in the app (Settings). Unknown keys are ignored.\n"
        return (header + tomli_w.dumps(self.values())).encode()


class SettingError(ValueError):
    """A setting's value does not fit it: ``key`` and what is wrong."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


# --- the rules: each takes what the file holds and gives the setting, or raises ValueError ----


class _Unknown(ValueError):
    """A name nobody knows: a setting, or a theme neither Textual nor coach has; ``hint``
    names a near one."""

    def __init__(self, message: str, hint: str | None) -> None:
        super().__init__(message)
        self.hint = hint


def _boolean(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _whole(low: int, high: int) -> Callable[[object], int]:
    def rule(value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"must be a whole number from {low} to {high}")
        return value

    return rule


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("must be text in quotes")
    return value


def _theme(value: object) -> str:
    theme = _text(value)
    if theme not in (DEFAULT_THEME, *COACH_THEMES) and theme not in known_themes():
        close = difflib.get_close_matches(theme, sorted(known_themes()), n=1)
        raise _Unknown(f"unknown theme {theme!r}", f"did you mean {close[0]!r}?" if close else None)
    return theme


def _command(value: object) -> tuple[str, ...]:
    """A command as a list of arguments, or one string split as a shell would split words
    (quotes respected); it is never run through a shell."""
    if isinstance(value, str):
        try:
            return tuple(shlex.split(value))
        except ValueError as exc:
            raise ValueError(f"cannot be split into arguments ({exc})") from None
    if isinstance(value, list | tuple) and all(isinstance(part, str) for part in value):
        return tuple(value)
    raise ValueError("must be a command: a string or a list of strings")


def _days(value: object) -> str:
    parse_days(_text(value))  # a ScheduleError (a ValueError) says what is expected
    return str(value)


def _time(value: object) -> str:
    text = _text(value)
    if text.strip():
        parse_time(text)
    return text


_RULES: dict[str, Callable[[Any], Any]] = {
    "theme": _theme,
    "sound": _boolean,
    "speech": _boolean,
    "discreet": _boolean,
    "volume": _whole(0, 100),
    "countdown": _whole(0, 10),
    "on_cue": _command,
    "on_cue_seconds": _whole(1, 300),
    "resume_hours": _whole(0, 24 * 7),
    "reminder_days": _days,
    "reminder_time": _time,
}
"""One rule a setting, in the order of :class:`Settings`'s fields."""


def read_settings(path: Path | None = None) -> tuple[Settings, tuple[Problem, ...]]:
    """The settings in the file at ``path`` (the config file by default), and what was wrong
    in it; never raises."""
    return validate_settings(read_settings_file(path))


def load_settings(path: Path | None = None, *, warn: TextIO | None = None) -> Settings:
    """The settings, for a command: each problem is a ``warning:`` line on ``warn`` (the
    commands pass stderr, so stdout stays their output), else a line in the log."""
    settings, problems = read_settings(path)
    for problem in problems:
        if warn is None:
            log.warning("settings: %s", problem.render())
        else:
            print(f"warning: {problem.render()}", file=warn)
    return settings


def discreet_mode(
    flag: object, *, settings: Settings | None = None, warn: TextIO | None = None
) -> bool:
    """Discreet mode for a command: its ``--discreet`` flag, else the person's settings (read
    now, problems to ``warn``, unless the command has them already)."""
    return bool(flag) or (settings or load_settings(warn=warn)).discreet


def validate_settings(raw: RawSettings) -> tuple[Settings, tuple[Problem, ...]]:
    """Check the file's data: each key that does not fit is reported and keeps its default;
    the command line's changes go on top."""
    problems: list[Problem] = []
    values: dict[str, object] = {}
    positions: dict | None = None
    for key, value in (raw.data or {}).items():
        if not _finite(value):  # said where it was read: the key keeps its default
            continue
        try:
            if key not in _RULES:
                close = difflib.get_close_matches(key, list(_RULES), n=1)
                hint = f"did you mean {close[0]!r}?" if close else "settings: " + ", ".join(_RULES)
                raise _Unknown(f"unknown setting {key!r}, ignored", hint)
            values[key] = _RULES[key](value)
        except ValueError as exc:
            if positions is None:
                positions = key_positions(raw.text) if raw.text else {}
            problems.append(_problem(raw, positions, key, exc))
    problems.sort(key=Problem.sort_key)
    settings = Settings(**values)  # type: ignore[arg-type]
    if raw.changes:
        settings = settings.with_changes(**raw.changes)
    return settings, (*raw.problems, *problems)


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    path = path or paths.config_file()
    paths.ensure_private_dir(path.parent, allow_own_link=True)  # dotfile managers link it
    paths.write_private(path, settings.to_toml())
    return path


# --- what is wrong -> problems -------------------------------------------------------------


def _finite(value: object) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    if isinstance(value, list):
        return all(_finite(v) for v in value)
    return True


def _problem(raw: RawSettings, positions: dict, key: str, exc: ValueError) -> Problem:
    path = normalize_loc(raw.data or {}, (key,))
    found = lookup(positions, path)
    line, col = found if found else (None, None)
    if isinstance(exc, _Unknown):
        message, hint = str(exc), exc.hint
        if key == "theme":
            message = f"{message}{USING_DEFAULT}, {DEFAULT_THEME!r}"
    else:
        message, hint = f"{exc}{USING_DEFAULT}", None
    return Problem(raw.path, line, col, format_path(path), message, hint)
