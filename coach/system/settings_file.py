"""The settings file as read, before it is validated: TOML data and what stopped reading it.

Read with tomllib alone, because the app reads it before its first frame, which needs only the
theme and discreet mode (:class:`RawSettings` peeks at them). The whole file is checked by
:func:`coach.system.settings.validate_settings` once the first frame is drawn, in the app's
loading worker, and by every command straight away.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coach.system import paths
from coach.system.files import describe_error, read_regular
from coach.system.problems import Problem
from coach.system.toml_file import decode_text, parse_toml

DEFAULT_THEME = "textual-dark"
MAX_SETTINGS_BYTES = 1024 * 1024  # a settings file is a few lines; never read a runaway one
USING_DEFAULTS = "; using the defaults"
USING_DEFAULT = "; using the default"


@dataclass(frozen=True)
class RawSettings:
    """The settings file's TOML data (``None``: the file could not be used at all, so every
    setting keeps its default), the problems met reading it, and the changes the command line
    asks for on top (``--discreet``, ``--no-sound``)."""

    path: Path
    text: str = ""
    data: Mapping[str, Any] | None = None
    problems: tuple[Problem, ...] = ()
    changes: Mapping[str, object] = field(default_factory=dict)

    def with_changes(self, **changes: object) -> RawSettings:
        return dataclasses.replace(self, changes={**self.changes, **changes})

    # The two settings the first frame needs. A value of the wrong type reads as the default
    # here; the validation that follows says so.
    @property
    def theme(self) -> str:
        value = self.changes.get("theme", (self.data or {}).get("theme"))
        return value if isinstance(value, str) else DEFAULT_THEME

    @property
    def discreet(self) -> bool:
        return self.changes.get("discreet", (self.data or {}).get("discreet")) is True


def read_settings_file(path: Path | None = None) -> RawSettings:
    """The settings file at ``path`` (the config file by default) as TOML data, never raising:
    a missing file is no settings; one that cannot be read or parsed is a problem."""
    path = path or paths.config_file()
    try:
        raw = read_regular(path, MAX_SETTINGS_BYTES)
    except FileNotFoundError:
        return RawSettings(path)
    except OSError as exc:
        problem = Problem(path, None, None, "", f"cannot read it: {describe_error(exc)}")
        return RawSettings(path, problems=(_using(problem, USING_DEFAULTS),))
    text, problem = decode_text(path, raw)
    data, problems = (None, [problem]) if problem else parse_toml(path, text)
    if data is None:
        return RawSettings(path, text, None, tuple(_using(p, USING_DEFAULTS) for p in problems))
    # Numbers that are not finite (nan, inf) are said here, where they are found; validation
    # leaves those keys at their defaults.
    return RawSettings(path, text, data, tuple(_using(p, USING_DEFAULT) for p in problems))


def _using(problem: Problem, words: str) -> Problem:
    return dataclasses.replace(problem, message=problem.message + words)
