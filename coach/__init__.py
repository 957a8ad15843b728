"""coach: a private, offline terminal coach for home exercise protocols."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("coach")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
