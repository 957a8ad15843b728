"""No dead code in coach/: vulture over it and the reviewed whitelist (settings in pyproject.toml
[tool.vulture]); and every module parses as the type checkers and vulture read it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_vulture_finds_nothing_outside_the_reviewed_whitelist() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "vulture"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0 and not done.stdout.strip(), (
        "dead code: delete it, or list it with why in vulture_whitelist.py\n" + done.stdout
    )


def test_every_module_parses_with_type_comments() -> None:
    """A comment that starts with ``# type:`` is read as a type comment (mypy, vulture)."""
    for path in sorted((ROOT / "coach").rglob("*.py")):
        ast.parse(path.read_text("utf-8"), filename=str(path), type_comments=True)
