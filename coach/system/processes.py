"""Running a helper program to its end (a tone player, a speech engine) for the cue test, and
saying in plain words what went wrong. Never through a shell; bounded in time."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence


def run_to_end(name: str, argv: Sequence[str], timeout: float) -> str | None:
    """Run ``argv`` until it ends; ``None`` when it worked, else one sentence naming ``name``."""
    try:
        done = subprocess.run(
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"{name} did not finish within {timeout:g} seconds"
    except OSError as exc:
        return f"{name} cannot be started: {exc.strerror or exc}"
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = f": {said[-1][:200]}" if said else ""
        return f"{name} failed (exit code {done.returncode}){detail}"
    return None
