"""The platforms coach says it runs on are the ones it can: POSIX only, while it uses POSIX-only
modules (the journal's locks, the terminal)."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
POSIX_ONLY = {"fcntl", "termios", "pwd", "grp", "resource"}


def _posix_imports() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "coach").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            found.update(name.split(".")[0] for name in names if name.split(".")[0] in POSIX_ONLY)
    return found


def test_no_windows_claim_while_posix_only_modules_are_used() -> None:
    classifiers = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"][
        "classifiers"
    ]
    systems = [c for c in classifiers if c.startswith("Operating System ::")]
    assert _posix_imports(), "no POSIX-only module left: Windows could be claimed (with tests)"
    assert systems and all("Windows" not in c and "OS Independent" not in c for c in systems)
    assert "Operating System :: POSIX" in systems
