"""Where coach keeps things: the shipped pack, the user's pack, config and journal.

Everything personal is created private (folders 0700, files 0600): this is health data.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

APP_NAME = "coach"


def _dirs():  # imported lazily: platformdirs costs start-up time only when a path is needed
    from platformdirs import PlatformDirs

    return PlatformDirs(APP_NAME, appauthor=False)


def shipped_content_dir() -> Path:
    """The default pack: inside the installed package, or the checkout's top-level ``content/``."""
    here = Path(__file__).resolve().parent.parent  # the coach package (this is coach/system/)
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


def state_dir() -> Path:
    return Path(_dirs().user_state_dir)


def log_dir() -> Path:
    """Where the log file goes (see :mod:`coach.system.logs`)."""
    return Path(_dirs().user_log_dir)


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


def personal_entries(*, everything: bool = False) -> list[Path]:
    """What ``coach forget`` deletes: every file and folder in coach's data, cache and state
    (log) folders: the journal and all that lies beside it, the status summary, the last good
    copy of the content, the tones, the log. Any of them may hold a session, a pack's name or
    an answer. The settings file and the person's own content (the config folder) hold no
    record and stay, unless ``everything``.

    A symbolic link is listed itself (deleting it never touches what it points to); a folder
    that holds something kept (the data folder, where it is also the config folder, as on
    macOS) is listed by its entries.
    """
    keep = set() if everything else {config_file(), user_content_dir()}
    roots = [data_dir(), cache_dir(), state_dir(), log_dir()]
    if everything:
        roots.append(config_dir())
    found: list[Path] = []
    seen: set[Path] = set()

    def walk(folder: Path) -> None:
        try:
            entries = sorted(folder.iterdir())
        except OSError:
            return
        for entry in entries:
            if entry in keep or entry in seen:
                continue
            holds_kept = any(k.is_relative_to(entry) for k in keep)
            if holds_kept and entry.is_dir() and not entry.is_symlink():
                walk(entry)
                continue
            seen.add(entry)
            found.append(entry)

    for root in roots:
        if any(root.is_relative_to(done) for done in seen):
            continue  # inside a folder already listed (the log folder in the state folder)
        if root.is_symlink() or not root.is_dir():
            continue
        walk(root)
    return found


def remove(path: Path) -> None:
    """Delete a file, a symbolic link (never its target) or a whole folder."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)  # never follows a link inside
    else:
        path.unlink(missing_ok=True)


class UnsafePath(OSError):
    """A path coach will not write through (a symbolic link, a file where a folder goes);
    ``str()`` says why in plain words."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(errno.EINVAL, reason, str(path))
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


def make_folders(path: Path) -> None:
    """Create ``path`` and the missing folders above it owner-only (0700), whatever the umask
    (``mkdir -p`` would make them 0777 under umask 000): the XDG base folders coach creates
    (``~/.local/share``, ``~/.config``) as the XDG spec asks, and a new folder for a report.
    A folder that already exists is left as it is."""
    missing: list[Path] = []
    for parent in [path, *path.parents]:
        if parent.exists() or parent.is_symlink():
            break
        missing.append(parent)
    for folder in reversed(missing):
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            continue
        _fix_mode(folder, lambda mode: 0o700)


def _fix_mode(folder: Path, change: Callable[[int], int]) -> None:
    """chmod a folder through a descriptor opened without following links."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        mode = stat.S_IMODE(os.fstat(fd).st_mode)
        if change(mode) != mode:
            os.fchmod(fd, change(mode))
    finally:
        os.close(fd)


def ensure_private_dir(path: Path, *, allow_own_link: bool = False) -> Path:
    """Create ``path`` (and missing parents, owner-only too) and make it owner-only,
    whatever the umask. A symbolic link or a file at ``path`` is refused, never followed.

    ``allow_own_link`` (the config folder, which dotfile managers often link) accepts a link
    to a folder the person owns, and leaves that folder's mode as they chose it.
    """
    linked_own = path.is_symlink() and path.is_dir() and path.stat().st_uid == os.getuid()
    if allow_own_link and linked_own:
        return path
    if path.is_symlink():
        raise UnsafePath(
            path,
            f"{path} is a symbolic link (to {os.readlink(path)}); coach keeps its own folders "
            "real and changed nothing. Replace the link with a folder and try again.",
        )
    if path.exists() and not path.is_dir():
        raise UnsafePath(
            path,
            f"{path} is a file in the way: coach needs a folder there, and changed nothing. "
            "Move that file elsewhere and try again.",
        )
    make_folders(path.parent)
    with contextlib.suppress(FileExistsError):
        os.mkdir(path, 0o700)
    _fix_mode(path, lambda mode: 0o700)
    return path


def write_private(path: Path, data: bytes) -> Path:
    """Write a file atomically with 0600 permissions: a crash leaves the old file or the new one.

    The one way coach writes a file (reports, settings, copied content). The temporary file
    has a random name and is created with O_EXCL|O_NOFOLLOW (``tempfile.mkstemp``), so a link
    planted at a guessable name can neither be written through nor catch the data; the final
    rename replaces a directory entry and never follows a link. A final path that is itself a
    symbolic link is refused (say which file you mean: the link's target), so a link planted
    where the person writes cannot redirect or swallow what they asked for.

    A missing folder is created private; an existing one (perhaps the person's Documents) is
    left as it is. coach's own folders are made private by :func:`ensure_private_dir`.
    """
    if path.is_symlink():
        raise UnsafePath(
            path,
            f"{path} is a symbolic link (to {os.readlink(path)}); coach does not write through "
            "links. Name the file itself, or another path.",
        )
    if path.is_dir():
        raise UnsafePath(path, f"{path} is a folder; name a file to write")
    if not path.parent.is_dir():
        make_folders(path.parent.parent)
        ensure_private_dir(path.parent)

    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
