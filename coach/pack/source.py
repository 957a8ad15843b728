"""Where the running app's content comes from: loading, noticing edits, and the last good copy.

Textual-free, so the app, plain mode and the commands share one rule for what to use when the
content is broken:

- every load gets a generation number; a result older than the one in use is dropped, so a slow
  load that started first can never replace a newer one;
- a load never raises: whatever goes wrong (a ``PackError``, a ``RecursionError`` from a file
  nested a thousand deep, ``MemoryError``, ``OSError``) comes back in the :class:`Loaded` as
  problems naming the file, so a front end always has something to say;
- after each good load the files are copied privately (0700/0600) to the user cache dir; when the
  person's own files are broken at start-up, that copy is used (else the shipped pack), and the
  result says so.
"""

from __future__ import annotations

import logging
import shutil
import sys
import threading
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coach.pack.errors import PackError
from coach.pack.read import PROTOCOLS_DIR, content_files
from coach.system import paths
from coach.system.paths import active_sources, shipped_content_dir
from coach.system.problems import Problem

if TYPE_CHECKING:
    from coach.pack.model import Pack, Safety

log = logging.getLogger(__name__)

Stamp = tuple[tuple[str, int, int], ...]

LAST_GOOD = "last-good"
"""The folder, under the user cache dir, that keeps a copy of the last content that loaded."""


@dataclass(frozen=True)
class Loaded:
    """The outcome of one load. ``pack`` is what to use (possibly a fallback); ``problems``
    are what is wrong with the files as they are now; ``fallback`` says where ``pack`` came
    from when the files themselves could not be used."""

    generation: int
    pack: Pack | None
    problems: PackError | None = None
    fallback: str | None = None  # "last good" or "default", when pack is not from the files

    @property
    def ok(self) -> bool:
        return self.problems is None


def unexpected_problem(exc: BaseException, path: Path | None) -> PackError:
    """Any exception as a problem a person can act on: which file, and what kind of failure."""
    if isinstance(exc, PackError):
        return exc
    if isinstance(exc, RecursionError):
        message = "it is nested too deeply to read (tables or arrays inside each other)"
    elif isinstance(exc, MemoryError):
        message = "it is too large to read"
    elif isinstance(exc, OSError):
        message = f"it cannot be read ({exc.strerror or exc})"
    else:
        message = f"it could not be loaded ({type(exc).__name__}: {exc})"
    return PackError([Problem(path or Path("content"), None, None, "", message)])


def describe(problems: PackError, limit: int = 1) -> str:
    """The first problem(s) in one line each, ``file:line: field: message``, for a notice."""
    shown = [p.render() for p in problems.problems[:limit]]
    more = len(problems.problems) - len(shown)
    if more > 0:
        shown.append(f"and {more} more")
    return "\n".join(shown)


class ContentSource:
    """The content of ``--content DIR`` (or the shipped pack with the person's own over it).

    ``load`` runs in a worker thread; ``accept`` and ``changed`` are called by the front end.
    """

    def __init__(
        self,
        content: Path | None = None,
        *,
        cache_dir: Path | None = None,
    ) -> None:
        self.content = content
        self._cache_root = cache_dir
        self._lock = threading.Lock()
        self._generation = 0
        self._applied = 0
        self._stamp: Stamp = ()
        self._started = False

    # --- where --------------------------------------------------------------------------------

    def sources(self) -> tuple[Path, Path | None]:
        return active_sources(self.content)

    def main_folder(self) -> Path:
        """The folder whose files the person edits: their own pack if there is one."""
        folder, overlay = self.sources()
        return overlay or folder

    def cache_folder(self) -> Path:
        """This source's last good copy: one per set of folders, so ``--content`` packs
        don't overwrite each other's."""
        root = self._cache_root or paths.cache_dir()
        key = "|".join(str(p.resolve()) if p else "" for p in self.sources())
        from coach.system.digest import blake2b  # hashlib's: only when a copy is kept

        return root / LAST_GOOD / blake2b(key.encode(), digest_size=8).hexdigest()

    # --- noticing edits -------------------------------------------------------------------------

    def stamp(self) -> Stamp:
        """Modification times and sizes of every content file: cheap to poll once a second.
        Polling (not a file watcher) survives editors that save by renaming a new file over
        the old one, and folders that appear later."""
        out = []
        for folder in self.sources():
            if folder is None or not folder.is_dir():
                continue
            try:
                paths = content_files(folder)
            except OSError:
                log.warning("cannot list %s", folder, exc_info=True)
                continue
            for path in paths:
                try:
                    st = path.stat()
                except OSError:
                    continue
                out.append((str(path), st.st_mtime_ns, st.st_size))
        return tuple(out)

    def changed(self) -> bool:
        """True once after the files change (not before a first load has started)."""
        if not self._started:
            return False
        stamp = self.stamp()
        with self._lock:
            if stamp == self._stamp:
                return False
            self._stamp = stamp
            return True

    # --- loading --------------------------------------------------------------------------------

    def begin(self) -> int:
        """A new generation, stamped before reading: a save during the load is then a change."""
        stamp = self.stamp()
        with self._lock:
            self._started = True
            self._stamp = stamp
            self._generation += 1
            return self._generation

    def load(self, generation: int | None = None, *, first: bool = False) -> Loaded:
        """Read and validate the content; never raises. ``first``: nothing is shown yet, so a
        broken personal pack falls back to the last good copy, then to the shipped pack."""
        if generation is None:
            generation = self.begin()
        folder, overlay = self.sources()
        try:
            pack = _load(folder, overlay, self._cache_root)
        except Exception as exc:
            if not isinstance(exc, PackError):
                log.error("loading content from %s failed", overlay or folder, exc_info=True)
            problems = unexpected_problem(exc, _culprit(exc, (overlay, folder)))
            if not first:
                return Loaded(generation, None, problems)
            return self._fallback(generation, problems)
        self._keep(pack.info.id)
        return Loaded(generation, pack)

    @property
    def generation(self) -> int:
        """The newest generation begun."""
        return self._generation

    def accept(self, loaded: Loaded) -> bool:
        """True when ``loaded`` is newer than what is in use (and is now what is in use)."""
        with self._lock:
            if loaded.generation <= self._applied:
                return False
            self._applied = loaded.generation
            return True

    def safety_alone(self) -> Safety | None:
        """The safety file on its own, for when the rest of the pack cannot be loaded: the
        person's own first, then the shipped one."""
        from coach.pack.load import check_file
        from coach.pack.model import Safety

        for folder in reversed(self.sources()):
            path = folder / "safety.toml" if folder else None
            if path is None or not path.is_file():
                continue
            try:
                model = check_file(path)
            except Exception:
                log.warning("safety file %s unusable", path, exc_info=True)
                continue
            if isinstance(model, Safety):
                return model
        return None

    # --- the fallbacks ----------------------------------------------------------------------------

    def _fallback(self, generation: int, problems: PackError) -> Loaded:
        cached = self.cache_folder()
        candidates: list[tuple[str, Path, Path | None]] = []
        if (cached / "base").is_dir():
            user = cached / "user"
            candidates.append(("last good", cached / "base", user if user.is_dir() else None))
        if self.content is None:  # --content DIR is the person's choice: no other pack for it
            candidates.append(("default", shipped_content_dir(), None))
        for name, folder, overlay in candidates:
            try:
                pack = _load(folder, overlay, self._cache_root)
            except Exception:
                log.warning("fallback %s content in %s failed", name, folder, exc_info=True)
                continue
            return Loaded(generation, pack, problems, name)
        return Loaded(generation, None, problems)

    def _keep(self, pack_id: str) -> None:
        """Copy the files that just loaded to the private cache, for the next start-up.

        Skipped when a file changed while loading (the copy could then be of a broken file:
        the next load keeps it instead). Failing to keep a copy never stops the app."""
        before = self._stamp
        target = self.cache_folder()
        try:
            if self.stamp() != before:
                return
            folder, overlay = self.sources()
            if _same_copy(target, (("base", folder), ("user", overlay))):
                return  # as every command does at each run: no copy, no fsync, unless changed
            root = target.parent.parent  # the cache dir's own folder: 0700, like the rest
            paths.ensure_private_dir(root)
            paths.ensure_private_dir(target.parent)
            fresh = target.with_name(target.name + ".new")
            _remove_tree(fresh)
            for name, source in (("base", folder), ("user", overlay)):
                if source is None or not source.is_dir():
                    continue
                for path in content_files(source):
                    relative = path.relative_to(source)
                    for part in reversed((fresh / name / relative).parents):
                        if part.is_relative_to(fresh) and not part.is_dir():
                            paths.ensure_private_dir(part)
                    paths.write_private(fresh / name / relative, path.read_bytes())
            _remove_tree(target)
            if fresh.is_dir():
                fresh.rename(target)
        except OSError:
            log.warning(
                "could not keep a copy of the content %s in %s", pack_id, target, exc_info=True
            )


def _same_copy(target: Path, sources: tuple[tuple[str, Path | None], ...]) -> bool:
    """True when the last good copy in ``target`` already holds exactly these files."""
    try:
        for name, source in sources:
            copy = target / name
            if source is None or not source.is_dir():
                if copy.exists():
                    return False
                continue
            files = content_files(source)
            if [p.relative_to(source) for p in files] != [
                p.relative_to(copy) for p in content_files(copy)
            ]:
                return False
            for path in files:
                if path.read_bytes() != (copy / path.relative_to(source)).read_bytes():
                    return False
    except OSError:
        return False
    return True


def _culprit(exc: Exception, folders: tuple[Path | None, ...]) -> Path | None:
    """The file to name for an exception that carries none: the first one that fails the
    same way when read on its own (the person's own files first), else the folder."""
    if isinstance(exc, PackError):
        return None
    for folder in folders:
        if folder is None or not folder.is_dir():
            continue
        for path in content_files(folder):
            try:
                tomllib.loads(path.read_text("utf-8"))
            except type(exc):
                return path
            except Exception:
                continue
    return next((f for f in folders if f is not None), None)


def _load(folder: Path, overlay: Path | None, cache_root: Path | None) -> Pack:
    """Validated, or as validated before from the same files (the validated-pack cache)."""
    from coach.pack.cache import load_cached

    return load_cached(folder, overlay, cache_root)


def _remove_tree(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)


def load_or_fallback(content: Path | None = None) -> tuple[Pack | None, Loaded]:
    """For commands and plain mode: the pack to use now, falling back like the app does.

    The caller says on stderr what :attr:`Loaded.problems` and :attr:`Loaded.fallback` hold."""
    loaded = ContentSource(content).load(first=True)
    return loaded.pack, loaded


def pack_or_exit(content: Path | None) -> Pack:
    """The active pack (``content``, else the person's overrides over the shipped pack).

    A broken personal pack does not lock the person out: its problems go to stderr and the
    last good copy (or the shipped pack) is used, as the app does. Only when nothing can be
    used: exit 1, never a traceback. (Every command and plain mode load through here.)
    """
    pack, loaded = load_or_fallback(content)
    if loaded.problems is not None:
        print(loaded.problems.render(Path.cwd()), file=sys.stderr)
    if pack is None:
        print("Run 'coach check' for details; fix the file and try again.", file=sys.stderr)
        raise SystemExit(1)
    if loaded.fallback is not None:
        which = (
            "the last content that worked"
            if loaded.fallback == "last good"
            else "the default content"
        )
        print(
            f"coach: your content has problems (above); using {which} until they are fixed.",
            file=sys.stderr,
        )
    return pack


def protocol_ids(content: Path | None = None) -> list[str] | None:
    """The protocol ids of the active content, read cheaply (tomllib, no validation), for
    checking a command line before a front end starts; ``None`` if they cannot be read."""

    ids: list[str] = []
    try:
        for folder in ContentSource(content).sources():
            if folder is None:
                continue
            for path in sorted((folder / PROTOCOLS_DIR).glob("*.toml")):
                data = tomllib.loads(path.read_text("utf-8"))
                ident = str(data.get("id", path.stem))
                if ident not in ids:
                    ids.append(ident)
    except Exception:
        log.info("protocol ids not readable before loading", exc_info=True)
        return None
    return ids


def unknown_protocol(protocol_id: str, known: list[str]) -> str:
    """The one wording, for the TUI and plain mode alike (both exit 2)."""
    return f"coach: no protocol {protocol_id!r}; known: {', '.join(known)}"
