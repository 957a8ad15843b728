"""User settings: a small TOML file in the config dir, read with tomllib, written with tomli-w.

A plain dataclass, not pydantic: settings are read before the first frame, where pydantic's
import would cost more than the whole file. A bad value is reported and replaced by its default;
the rest of the file is kept, and the file itself is never rewritten behind the person's back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

from coach.system import paths

DEFAULT_THEME = "textual-dark"


@dataclass(frozen=True)
class Settings:
    theme: str = DEFAULT_THEME
    sound: bool = True  # tones on cues (the terminal bell where no player exists)
    speech: bool = False  # read step titles and time cues aloud, when a TTS command exists
    discreet: bool = False  # neutral window title and wording
    # --- cues (issue 16): how a cue reaches someone who is not looking; see coach/cues ---
    volume: int = 70  # tones, 0-100 (0 is silent; "sound" switches sound off altogether)
    countdown: int = 3  # seconds counted down at the end of a hold (0: none)
    on_cue: tuple[str, ...] = ()  # a command run on each cue (argv; never through a shell)
    on_cue_seconds: int = 10  # the hook is killed after this long
    resume_hours: int = 6  # an unfinished session younger than this is offered for resuming
    # The days and time picked for sessions: `coach plan --ics`, "next:" in `coach status`.
    reminder_days: str = ""  # "mon,wed,fri" (see coach.system.schedule)
    reminder_time: str = ""  # "19:30"
    problems: tuple[str, ...] = field(default=(), compare=False)  # what was wrong in the file

    def with_changes(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]

    def values(self) -> dict[str, object]:
        """The settings as the file holds them (what ``coach settings`` prints)."""
        # Tuples (on_cue) as lists: what a TOML file gives back when read.
        return {
            k: list(v) if isinstance(v, tuple) else v
            for k, v in asdict(self).items()
            if k != "problems"
        }

    def to_toml(self) -> bytes:
        import tomli_w

        header = "# coach settings. Edit here or in the app (Settings). Unknown keys are ignored.\n"
        return (header + tomli_w.dumps(self.values())).encode()


_TYPES = {f.name: f.type for f in fields(Settings) if f.name != "problems"}


MAX_SETTINGS_BYTES = 1024 * 1024  # a settings file is a few lines; never read a runaway one
COACH_THEMES = ("coach-high-contrast",)  # coach's own, registered by coach.tui.themes


def known_themes() -> set[str]:
    """Every theme name the app can apply: Textual's built-in ones and coach's own."""
    from textual.theme import BUILTIN_THEMES  # only when a theme needs checking

    return {*BUILTIN_THEMES, *COACH_THEMES}


def load_settings(path: Path | None = None) -> Settings:
    from coach.system.files import describe_error, read_regular
    from coach.system.safe_text import clean
    from coach.system.toml_file import decode_text, parse_toml

    path = path or paths.config_file()
    shown = clean(str(path))
    try:
        raw = read_regular(path, MAX_SETTINGS_BYTES)
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        return Settings(
            problems=(f"{shown}: cannot read it: {describe_error(exc)}; using the defaults",)
        )
    text, problem = decode_text(path, raw)
    data, problems = (None, [problem]) if problem else parse_toml(path, text)
    if data is None:
        return Settings(
            problems=tuple(f"{clean(p.render())}; using the defaults" for p in problems)
        )
    values: dict[str, object] = {}
    # A number that is not finite is said where it was read; its key keeps its default.
    found: list[str] = [f"{clean(p.render())}; using the default" for p in problems]
    said = {p.field for p in problems}
    for key, value in data.items():
        if key in said:
            continue
        kind = _TYPES.get(key)
        if kind is None:
            found.append(f"{shown}: unknown setting {clean(repr(key))} ignored")
        elif key in _CUE_CHECKS:
            checked = _CUE_CHECKS[key](value)
            if isinstance(checked, _Bad):
                found.append(f"{shown}: {clean(key)} {checked.why}; using the default")
            else:
                values[key] = checked
        elif (kind == "bool" and isinstance(value, bool)) or (
            kind == "str" and isinstance(value, str)
        ):
            values[key] = value
        else:
            found.append(f"{shown}: {clean(key)} must be a {kind}; using the default")
    theme = values.get("theme")
    if isinstance(theme, str) and theme not in (DEFAULT_THEME, *COACH_THEMES):
        themes = known_themes()
        if theme not in themes:
            import difflib

            close = difflib.get_close_matches(theme, sorted(themes), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            found.append(
                f"{shown}: unknown theme {clean(repr(theme))}{hint}; using {DEFAULT_THEME!r}"
            )
            del values["theme"]
    return Settings(**values, problems=tuple(found))  # type: ignore[arg-type]


# --- cue settings: values a person types by hand, checked one by one ---------------------------


@dataclass(frozen=True)
class _Bad:
    why: str


def _whole(low: int, high: int) -> Callable[[object], int | _Bad]:
    def check(value: object) -> int | _Bad:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return _Bad(f"must be a whole number from {low} to {high}")
        return value

    return check


def _command(value: object) -> tuple[str, ...] | _Bad:
    """A command as a list of arguments, or one string split as a shell would split words
    (quotes respected); it is never run through a shell."""
    if isinstance(value, str):
        import shlex

        try:
            return tuple(shlex.split(value))
        except ValueError as exc:
            return _Bad(f"cannot be split into arguments ({exc})")
    if isinstance(value, list) and all(isinstance(part, str) for part in value):
        return tuple(value)
    return _Bad("must be a command: a string or a list of strings")


_CUE_CHECKS: dict[str, Callable[[object], object]] = {
    "volume": _whole(0, 100),
    "countdown": _whole(0, 10),
    "on_cue": _command,
    "on_cue_seconds": _whole(1, 300),
    "resume_hours": _whole(0, 24 * 7),
}


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    path = path or paths.config_file()
    paths.ensure_private_dir(path.parent, allow_own_link=True)  # dotfile managers link it
    paths.write_private(path, settings.to_toml())
    return path
