"""User settings: a small TOML file in the config dir, read with tomllib, written with tomli-w.

A plain dataclass, not pydantic: settings are read before the first frame, where pydantic's
import would cost more than the whole file. A bad value is reported and replaced by its default;
the rest of the file is kept, and the file itself is never rewritten behind the person's back.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

from coach import locations

DEFAULT_THEME = "textual-dark"


@dataclass(frozen=True)
class Settings:
    theme: str = DEFAULT_THEME
    sound: bool = True  # the terminal bell on cues
    speech: bool = False  # read step titles and time cues aloud, when a TTS command exists
    discreet: bool = False  # neutral window title and wording
    problems: tuple[str, ...] = field(default=(), compare=False)  # what was wrong in the file

    def with_changes(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]

    def to_toml(self) -> bytes:
        import tomli_w

        data = {k: v for k, v in asdict(self).items() if k != "problems"}
        header = "# coach settings. Edit here or in the app (Settings). Unknown keys are ignored.\n"
        return (header + tomli_w.dumps(data)).encode()


_TYPES = {f.name: f.type for f in fields(Settings) if f.name != "problems"}


MAX_SETTINGS_BYTES = 1024 * 1024  # a settings file is a few lines; never read a runaway one
COACH_THEMES = ("coach-high-contrast",)  # coach's own, registered by coach.ui.themes


def known_themes() -> set[str]:
    """Every theme name the app can apply: Textual's built-in ones and coach's own."""
    from textual.theme import BUILTIN_THEMES  # only when a theme needs checking

    return {*BUILTIN_THEMES, *COACH_THEMES}


def load_settings(path: Path | None = None) -> Settings:
    from coach.files import describe_error, read_regular
    from coach.pack.read import decode_text, parse_toml
    from coach.safe_text import clean

    path = path or locations.config_file()
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
    found: list[str] = []
    for key, value in data.items():
        kind = _TYPES.get(key)
        if kind is None:
            found.append(f"{shown}: unknown setting {clean(repr(key))} ignored")
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


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    path = path or locations.config_file()
    locations.ensure_private_dir(path.parent, allow_own_link=True)  # dotfile managers link it
    locations.write_private(path, settings.to_toml())
    return path
