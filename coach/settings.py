"""User settings: a small TOML file in the config dir, read with tomllib, written with tomli-w.

A plain dataclass, not pydantic: settings are read before the first frame, where pydantic's
import would cost more than the whole file. A bad value is reported and replaced by its default;
the rest of the file is kept, and the file itself is never rewritten behind the person's back.
"""

from __future__ import annotations

import tomllib
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
    # The days and time picked for sessions: `coach plan --ics`, "next:" in `coach status`.
    reminder_days: str = ""  # "mon,wed,fri" (see coach.schedule)
    reminder_time: str = ""  # "19:30"
    problems: tuple[str, ...] = field(default=(), compare=False)  # what was wrong in the file

    def with_changes(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]

    def values(self) -> dict[str, object]:
        """The settings as the file holds them (what ``coach settings`` prints)."""
        return {k: v for k, v in asdict(self).items() if k != "problems"}

    def to_toml(self) -> bytes:
        import tomli_w

        header = "# coach settings. Edit here or in the app (Settings). Unknown keys are ignored.\n"
        return (header + tomli_w.dumps(self.values())).encode()


_TYPES = {f.name: f.type for f in fields(Settings) if f.name != "problems"}


def load_settings(path: Path | None = None) -> Settings:
    path = path or locations.config_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        return Settings(problems=(f"{path}: cannot read: {exc.strerror}",))
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return Settings(problems=(f"{path}: {exc}; using the defaults",))
    values: dict[str, object] = {}
    problems: list[str] = []
    for key, value in data.items():
        kind = _TYPES.get(key)
        if kind is None:
            problems.append(f"{path}: unknown setting {key!r} ignored")
        elif (kind == "bool" and isinstance(value, bool)) or (
            kind == "str" and isinstance(value, str)
        ):
            values[key] = value
        else:
            problems.append(f"{path}: {key} must be a {kind}; using the default")
    return Settings(**values, problems=tuple(problems))  # type: ignore[arg-type]


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    path = path or locations.config_file()
    locations.ensure_private_dir(path.parent)
    locations.write_private(path, settings.to_toml())
    return path
