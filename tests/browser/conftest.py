"""Browser tests: a real `coach start --plain --remote` driven from headless Chromium.

They skip, saying why, only when no Chromium can be found (CI installs Debian's: .ci/run).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.cdp import Browser, find_chromium


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    binary = os.environ.get("COACH_CHROMIUM") or find_chromium()
    if binary is None:
        pytest.skip(
            "no Chromium found (looked for chromium, chromium-browser, google-chrome on PATH, "
            "and $COACH_CHROMIUM): install it with `apt-get install -y chromium`"
        )
    chromium = Browser(binary)
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where screenshots go: $COACH_SCREENSHOTS if set (to look at them), else a temp dir."""
    folder = Path(os.environ.get("COACH_SCREENSHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
