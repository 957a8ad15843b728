"""The error that carries every problem found in a pack (each a :class:`~coach.system.problems.Problem`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from coach.system.problems import Problem


class PackError(Exception):
    """Every problem found in a pack, across all its files, at once."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = sorted(problems, key=Problem.sort_key)
        super().__init__(f"{len(self.problems)} problem(s) in the content")

    def render(self, relative_to: Path | None = None) -> str:
        return "\n".join(problem.render(relative_to) for problem in self.problems)
