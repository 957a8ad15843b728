"""Shared fixtures: every test runs with private, empty config/data/cache dirs."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import pytest

# Compile once. This machine sets PYTHONDONTWRITEBYTECODE, so every test process, and every
# coach subprocess a test starts, compiled coach from source again (and pytest rewrote every
# test module again). __pycache__ is ignored by git.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False

# The collector, less often. A Textual test allocates millions of short-lived objects (strips,
# segments, styles every frame) over a heap of long-lived ones (every widget, the pack, the
# modules), and at CPython's default (a young collection every 700 allocations, promoting into
# ever larger older ones) the suite spent a quarter of its CPU collecting: measured on 2 cores,
# 9 min 21 s of CPU and 5 min 27 s of wall time by default, 7 min 6 s and 4 min 25 s with this.
# Cycles are still collected (pytest's own check for unraisable exceptions collects at the end).
gc.set_threshold(100_000, 50, 100)

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
