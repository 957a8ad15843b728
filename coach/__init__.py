"""coach: a private, offline terminal coach for home exercise protocols."""

from __future__ import annotations

import logging

# A library's logs go nowhere unless the program configures logging: never Python's
# last-resort stderr handler, which would print tracebacks over the full-screen app.
logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str) -> str:
    # Read lazily: importlib.metadata costs ~45 ms, paid only by `coach --version`.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("coach")
        except PackageNotFoundError:  # a checkout that was never installed
            return "0.0.0+unknown"
    raise AttributeError(name)


__all__ = ["__version__"]
