"""Where coach keeps things: the shipped pack, the user's pack, config and journal.

Everything personal is created private (folders 0700, files 0600): this is health data.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "coach"


def _dirs():  # imported lazily: platformdirs costs start-up time only when a path is needed
    from platformdirs import PlatformDirs

    return PlatformDirs(APP_NAME, appauthor=False)


def shipped_content_dir() -> Path:
    """The default pack: inside the installed package, or the checkout's top-level ``content/``."""
    here = Path(__file__).resolve().parent
    installed = here / "_content"
    if installed.is_dir():
        return installed
    return here.parent / "content"


def config_dir() -> Path:
    return Path(_dirs().user_config_dir)


def data_dir() -> Path:
    return Path(_dirs().user_data_dir)


def cache_dir() -> Path:
    return Path(_dirs().user_cache_dir)


def user_content_dir() -> Path:
    """A user pack here overrides the shipped one, entry by entry (see ``coach init``)."""
    return config_dir() / "content"


def active_sources(content: Path | None) -> tuple[Path, Path | None]:
    """The folders that make the active pack: ``--content DIR`` alone, else the shipped pack
    with the user's own pack (if there is one) over it."""
    if content is not None:
        return content, None
    user = user_content_dir()
    return shipped_content_dir(), user if user.is_dir() else None


def config_file() -> Path:
    return config_dir() / "config.toml"


def journal_file() -> Path:
    return data_dir() / "journal.sqlite3"


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) and make it owner-only, whatever the umask."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


def write_private(path: Path, data: bytes) -> None:
    """Write a file atomically with 0600 permissions: a crash leaves the old file or the new one.

    A missing folder is created private; an existing one (perhaps the person's Documents) is
    left as it is. coach's own folders are made private by :func:`ensure_private_dir`.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
