"""A problem in a file, pinned to its line, column and field: how content and settings errors
are said (``path:line:col: field: message (hint)``, the form editors and terminals link)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from coach.system.safe_text import clean


@dataclass(frozen=True, slots=True)
class Problem:
    path: Path
    line: int | None
    col: int | None
    field: str
    message: str
    hint: str | None = None

    def render(self, relative_to: Path | None = None) -> str:
        """``path:line:col: field.path: message (hint)``, the form editors and terminals link."""
        shown = _shown_path(self.path, relative_to)
        where = shown if self.line is None else f"{shown}:{self.line}:{self.col or 1}"
        text = (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )
        if self.hint:
            text += f" ({self.hint})"
        # Paths, keys and quoted values all come from files: nothing raw reaches the terminal.
        return clean(text)

    def sort_key(self) -> tuple[str, int, int]:
        return (str(self.path), self.line or 0, self.col or 0)


def _shown_path(path: Path, relative_to: Path | None) -> str:
    if relative_to is not None:
        try:
            shown = os.path.relpath(path, relative_to)
            # Below the folder: short and clickable. Elsewhere a chain of ../.. says less than
            # the full path does.
            return shown if not shown.startswith("..") else str(path)
        except ValueError:  # another drive on Windows
            pass
    return str(path)
