"""User settings: a small TOML file in the config dir, read with tomllib, validated by a pydantic
model, written with tomli-w.

A bad value is reported (``file:line:col: key: what is wrong; using the default``, as content
problems are) and that key keeps its default; the rest of the file is kept, and the file itself
is never rewritten behind the person's back. Importing pydantic costs about 100 ms cold, so the
app's first frame does not wait for this module: it peeks at the raw file
(:mod:`coach.system.settings_file`) and validates it here in its loading worker.
"""

from __future__ import annotations

import difflib
import logging
import math
import shlex
from pathlib import Path
from typing import Annotated, Any, TextIO

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

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


# A whole number in a range: the range is read back from here for the problem's wording.
Volume = Annotated[int, Field(ge=0, le=100)]
Countdown = Annotated[int, Field(ge=0, le=10)]
HookSeconds = Annotated[int, Field(ge=1, le=300)]
ResumeHours = Annotated[int, Field(ge=0, le=24 * 7)]


class Settings(BaseModel):
    """Every setting with its default. Strict: TOML gives real booleans and integers, so
    ``sound = "yes"`` or ``volume = 70.5`` is a mistake to report, not a value to coerce."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    theme: str = DEFAULT_THEME
    sound: bool = True  # tones on cues (the terminal bell where no player exists)
    speech: bool = False  # read step titles and time cues aloud, when a TTS command exists
    discreet: bool = False  # neutral window title and wording
    # --- cues (issue 16): how a cue reaches someone who is not looking; see coach/cues ---
    volume: Volume = 70  # tones, 0-100 (0 is silent; "sound" switches sound off altogether)
    countdown: Countdown = 3  # seconds counted down at the end of a hold (0: none)
    on_cue: tuple[str, ...] = ()  # a command run on each cue (argv; never through a shell)
    on_cue_seconds: HookSeconds = 10  # the hook is killed after this long
    resume_hours: ResumeHours = 6  # an unfinished session younger than this is offered
    # The days and time picked for sessions: `coach plan --ics`, "next:" in `coach status`.
    reminder_days: str = ""  # "mon,wed,fri" (see coach.system.schedule)
    reminder_time: str = ""  # "19:30"

    @field_validator("theme")
    @classmethod
    def _known_theme(cls, value: str) -> str:
        if value not in (DEFAULT_THEME, *COACH_THEMES) and value not in known_themes():
            raise PydanticCustomError("unknown_theme", "unknown theme", {"theme": value})
        return value

    @field_validator("on_cue", mode="before")
    @classmethod
    def _command(cls, value: object) -> tuple[str, ...]:
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

    @field_validator("reminder_days")
    @classmethod
    def _days(cls, value: str) -> str:
        parse_days(value)  # a ScheduleError (a ValueError) says what is expected
        return value

    @field_validator("reminder_time")
    @classmethod
    def _time(cls, value: str) -> str:
        if value.strip():
            parse_time(value)
        return value

    def with_changes(self, **changes: object) -> Settings:
        """A copy with ``changes``, validated like the file (pydantic raises a ValueError)."""
        return Settings.model_validate({**self.model_dump(), **changes})

    def values(self) -> dict[str, object]:
        """The settings as the file holds them (what ``coach settings`` prints)."""
        return self.model_dump(mode="json")  # tuples (on_cue) as lists, as TOML gives back

    def to_toml(self) -> bytes:
        header = "# coach settings. Edit here or in the app (Settings). Unknown keys are ignored.\n"
        return (header + tomli_w.dumps(self.values())).encode()


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
    """Validate the file's data: each key that does not validate is reported and keeps its
    default; the command line's changes go on top."""
    problems: list[Problem] = []
    # A number that is not finite was said where it was read: its key keeps its default.
    values = {k: v for k, v in (raw.data or {}).items() if _finite(v)}
    settings = Settings()
    # Each round drops the keys that failed; what is left validated alone before, so this
    # ends in a round or two (bounded anyway by the number of keys).
    for _ in range(len(values) + 1):
        try:
            settings = Settings.model_validate(values)
            break
        except ValidationError as exc:
            positions = key_positions(raw.text) if raw.text else {}
            for error in exc.errors(include_url=False):
                problems.append(_problem(raw, positions, error))
                values.pop(str(error["loc"][0]) if error["loc"] else "", None)
    problems.sort(key=Problem.sort_key)
    if raw.changes:
        settings = settings.with_changes(**raw.changes)
    return settings, (*raw.problems, *problems)


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    path = path or paths.config_file()
    paths.ensure_private_dir(path.parent, allow_own_link=True)  # dotfile managers link it
    paths.write_private(path, settings.to_toml())
    return path


# --- pydantic errors -> problems ---------------------------------------------------------------


def _finite(value: object) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    if isinstance(value, list):
        return all(_finite(v) for v in value)
    return True


def _problem(raw: RawSettings, positions: dict, error: Any) -> Problem:
    path = normalize_loc(raw.data or {}, error["loc"])
    key = str(path[0]) if path else ""
    message, hint = _message(key, error)
    found = lookup(positions, path)
    line, col = found if found else (None, None)
    return Problem(raw.path, line, col, format_path(path), message, hint)


def _message(key: str, error: Any) -> tuple[str, str | None]:
    kind: str = error["type"]
    ctx: dict[str, Any] = error.get("ctx") or {}
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(key, list(Settings.model_fields), n=1)
        hint = (
            f"did you mean {close[0]!r}?"
            if close
            else "settings: " + ", ".join(Settings.model_fields)
        )
        return f"unknown setting {key!r}, ignored", hint
    if kind == "unknown_theme":
        close = difflib.get_close_matches(ctx["theme"], sorted(known_themes()), n=1)
        hint = f"did you mean {close[0]!r}?" if close else None
        return f"unknown theme {ctx['theme']!r}{USING_DEFAULT}, {DEFAULT_THEME!r}", hint
    if kind == "bool_type":
        return f"must be true or false{USING_DEFAULT}", None
    if kind == "string_type":
        return f"must be text in quotes{USING_DEFAULT}", None
    bounds = _bounds(key)
    if bounds and kind.startswith(("int_", "greater_than", "less_than")):
        return f"must be a whole number from {bounds[0]} to {bounds[1]}{USING_DEFAULT}", None
    if kind == "value_error":
        return f"{ctx.get('error', error['msg'])}{USING_DEFAULT}", None
    msg = str(error["msg"])
    return f"{msg[:1].lower()}{msg[1:]}{USING_DEFAULT}", None


def _bounds(key: str) -> tuple[int, int] | None:
    info = Settings.model_fields.get(key)
    if info is None:
        return None
    low = next((m.ge for m in info.metadata if hasattr(m, "ge")), None)
    high = next((m.le for m in info.metadata if hasattr(m, "le")), None)
    return (low, high) if low is not None and high is not None else None
