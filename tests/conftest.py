"""Shared fixtures: every test runs with private, empty config/data/cache dirs."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# Compile once. This machine sets PYTHONDONTWRITEBYTECODE, so every test process, and every
# coach subprocess a test starts, compiled coach from source again (and pytest rewrote every
# test module again). __pycache__ is ignored by git.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False

from coach.pack.model import Pack  # noqa: E402 - after the bytecode switch
from tests.helpers import CONTENT, shipped_pack  # noqa: E402


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """Half as many workers again as cores (``-n auto``): a test often waits (a lock held for
    seconds, a subprocess, the app settling), and a third worker fills that time on 2 cores
    (measured: 7.5 minutes instead of 8.5, the same CPU time)."""
    return max(2, round(len(os.sched_getaffinity(0)) * 1.5))


@pytest.fixture(autouse=True)
def isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point platformdirs at a fresh home so no test reads or writes the real user's data."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    return home


@pytest.fixture
def content_dir() -> Path:
    """The shipped default pack's folder in the checkout."""
    return CONTENT


@pytest.fixture(scope="session")
def default_pack() -> Pack:
    """The shipped default pack, loaded once for the whole run (a Pack is frozen)."""
    return shipped_pack()
