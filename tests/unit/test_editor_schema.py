"""Editors follow each file's ``#:schema`` directive offline: taplo (Even Better TOML's engine)
accepts the shipped content and flags a misspelt key, with its line."""

from __future__ import annotations

import shutil
import subprocess
import sysconfig
from pathlib import Path

import pytest


def taplo() -> str:
    found = shutil.which("taplo") or shutil.which("taplo", path=sysconfig.get_path("scripts"))
    if found is None:
        pytest.fail("taplo is a test dependency: pip install -e '.[test]'")
    return found


def check(folder: Path, *files: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [taplo(), "check", *files], cwd=folder, capture_output=True, text=True, timeout=60
    )


def test_shipped_content_passes_its_schemas(content_dir: Path) -> None:
    files = ["pack.toml", "program.toml", "faq.toml", "safety.toml"]
    files += [str(p.relative_to(content_dir)) for p in (content_dir / "protocols").glob("*.toml")]
    result = check(content_dir, *files)
    assert result.returncode == 0, result.stderr


def test_a_misspelt_key_is_flagged_by_the_editor(content_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "content"
    shutil.copytree(content_dir, copy)
    path = copy / "protocols" / "dilation-session.toml"
    text = path.read_text().replace('kind = "timed"', 'kind = "timed"\ndurration = "3m"', 1)
    path.write_text(text)
    result = check(copy, "protocols/dilation-session.toml")
    assert result.returncode != 0
    assert "dilation-session.toml:" in result.stderr
    assert "durration" in result.stderr
