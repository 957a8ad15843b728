"""coach: a private, offline terminal coach for home exercise protocols."""

from __future__ import annotations

# No `import logging` here: it costs more than all of `coach status` may (see coach.entry,
# which gives the "coach" logger its NullHandler before any other command runs).


DISTRIBUTION = "coach-tui"  # the name on the package index (pyproject.toml); the command is coach


def __getattr__(name: str) -> str:
    # Read lazily: importlib.metadata costs ~45 ms, paid only by `coach --version`.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version(DISTRIBUTION)
        except PackageNotFoundError:  # a checkout that was never installed
            return "0.0.0+unknown"
    raise AttributeError(name)


__all__ = ["__version__"]
