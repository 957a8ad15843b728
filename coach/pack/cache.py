"""The validated-pack cache: a good load kept, so the next one of the same files skips validation.

Validating the default pack with pydantic (importing it, building the validators, then checking
every field) is most of what ``coach faq --print``, ``history``, ``report`` and ``plan`` would
cost, and it gives the same pack every time the files are the same. So after a good load the
pack is kept here, pickled, and used again while nothing it came from has changed. A pack is
plain frozen dataclasses (:mod:`coach.pack.model`), so a hit never imports pydantic at all:

- **the key** is a digest of every content file's bytes (and the name of every ``*.toml`` that is
  not a regular file, which a fresh load would refuse), of the source of ``coach.pack`` and
  ``coach.system`` (all the code that reads, validates and defines a pack: so an upgrade, or an
  edit of an editable checkout, never meets a pack pickled by other code; stricter than coach's
  version, and without importlib.metadata's ~45 ms), of pydantic's version (read from its
  files, not imported) and of Python's;
- **an entry is signed**: a keyed BLAKE2b (a MAC) over the key and the pickle, with a random key
  made for this install and kept 0600 in the 0700 cache folder. An entry that is damaged, foreign
  (signed with another key), truncated or of another format is never unpickled: it is removed
  and the pack validated afresh. The unpickler also refuses any class that is not part of a pack;
- only :mod:`coach.pack.source` (the app's loads and every command's) reads through here:
  ``coach check`` always validates.

Nothing here ever stops a load: a cache that cannot be read or written is logged and skipped.
"""

from __future__ import annotations

import importlib.util
import io
import logging
import os
import pickle
import stat
import sys
from pathlib import Path

from coach.pack.model import Pack
from coach.pack.read import PROTOCOLS_DIR
from coach.system import paths
from coach.system.collector import collector_paused
from coach.system.digest import blake2b, compare_digest

log = logging.getLogger(__name__)

FOLDER = "validated"
"""The cache's folder, under the user cache dir."""
KEY_FILE = "signing.key"
"""The per-install signing key, inside :data:`FOLDER`."""
FORMAT = b"coach validated pack 1\n"
"""Written first in every entry: another layout (an older coach's) is a miss, not a guess."""
KEEP = 8
"""Entries kept (the newest): a few packs or versions of one, switched between, all hit."""

_MAC_SIZE = 32
_KEY_SIZE = 32
_ALLOWED_MODULES = frozenset({"coach.pack.model", "coach.pack.durations", "coach.pack.ranges"})
"""Where the classes a pickled pack may name live (besides a few of the standard library's)."""
_ALLOWED_GLOBALS = frozenset(
    {
        ("builtins", "frozenset"),
        ("builtins", "set"),
        ("copyreg", "_reconstructor"),
        ("copyreg", "__newobj__"),
        ("builtins", "object"),
        ("datetime", "date"),
        ("datetime", "time"),
        ("datetime", "datetime"),
        ("datetime", "timedelta"),
        ("re", "_compile"),
    }
)


def load_cached(folder: Path, overlay: Path | None, cache_root: Path | None = None) -> Pack:
    """The pack of ``folder`` with ``overlay`` over it, as :func:`coach.pack.load.load` gives
    it, from the cache when the same files were validated before. Raises what ``load`` raises."""
    try:
        key = content_key(folder, overlay)
    except OSError:
        log.info("content files not readable for the cache key", exc_info=True)
        return _validated(folder, overlay)
    root = (cache_root or paths.cache_dir()) / FOLDER
    with collector_paused():  # a big pack is tens of thousands of lasting objects
        pack = _read(root, key)
        if pack is not None:
            return pack
        pack = _validated(folder, overlay)
    try:
        unchanged = content_key(folder, overlay) == key
    except OSError:
        unchanged = False
    if unchanged:  # else a file was saved during the load: this pack may not be of those bytes
        _write(root, key, pack)
    return pack


def _validated(folder: Path, overlay: Path | None) -> Pack:
    # Only a miss imports the loader, and with it pydantic.
    from coach.pack.load import load

    return load(folder, overlay).pack


def content_key(folder: Path, overlay: Path | None) -> bytes:
    """What a validated pack depends on, digested: the content files' bytes, the code that
    validates and defines the pack, pydantic's and Python's versions."""
    digest = blake2b(FORMAT, digest_size=32)
    digest.update(f"{sys.version}\0".encode())
    digest.update(_code_stamp())
    for name, source in (("base", folder), ("user", overlay)):
        digest.update(f"\0{name}\0".encode())
        if source is None or not source.is_dir():
            digest.update(b"absent")
            continue
        for path in sorted([*source.glob("*.toml"), *(source / PROTOCOLS_DIR).glob("*.toml")]):
            relative = path.relative_to(source).as_posix().encode()
            if path.is_file():
                data = path.read_bytes()
                digest.update(b"%s\0%d\0" % (relative, len(data)))
                digest.update(data)
            else:  # a FIFO, a device, a dangling link: a fresh load says so
                digest.update(b"%s\0not a file\0" % relative)
    return digest.digest()


_code: bytes | None = None


def _code_stamp() -> bytes:
    """A digest of the source of ``coach.pack`` and ``coach.system`` (what loading a pack
    runs: reading, TOML, positions, validation, the models), read once per process."""
    global _code
    if _code is None:
        digest = blake2b(digest_size=32)
        coach = Path(__file__).parent.parent
        for package in ("pack", "system"):
            for path in sorted((coach / package).glob("*.py")):
                digest.update(f"{package}/{path.name}\0".encode() + path.read_bytes())
        digest.update(_pydantic_version())
        _code = digest.digest()
    return _code


def _pydantic_version() -> bytes:
    """pydantic's version, as the text of its ``version.py`` (which names it and the
    pydantic-core it needs): found without importing pydantic, which a hit never does."""
    spec = importlib.util.find_spec("pydantic")
    origin = spec.origin if spec is not None else None
    if origin is None:
        return b"no pydantic"
    return Path(origin).with_name("version.py").read_bytes()


# --- entries ---------------------------------------------------------------------------------


class _PackUnpickler(pickle.Unpickler):
    """Only the classes a pack is made of: a signed entry is trusted, but not blindly."""

    def find_class(self, module: str, name: str) -> object:
        if module in _ALLOWED_MODULES or (module, name) in _ALLOWED_GLOBALS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a pack")


def _entry(root: Path, key: bytes) -> Path:
    return root / f"{key.hex()[:32]}.pack"


def _read(root: Path, key: bytes) -> Pack | None:
    path = _entry(root, key)
    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError:
        log.info("validated-pack cache entry %s unreadable", path, exc_info=True)
        return None
    try:
        signing = _signing_key(root, create=False)
        pack = _verified(blob, key, signing) if signing is not None else None
    except Exception:  # a damaged entry, whatever it makes pickle raise, is only a miss
        log.warning("validated-pack cache entry %s refused", path, exc_info=True)
        pack = None
    if pack is None:
        log.info("validated-pack cache entry %s is not ours or damaged: removed", path)
        _remove(path)
    return pack


def _verified(blob: bytes, key: bytes, signing: bytes) -> Pack | None:
    head = len(FORMAT) + _MAC_SIZE
    if len(blob) <= head or not blob.startswith(FORMAT):
        return None
    mac, payload = blob[len(FORMAT) : head], blob[head:]
    if not compare_digest(mac, _mac(signing, key, payload)):
        return None
    pack = _PackUnpickler(io.BytesIO(payload)).load()
    return pack if isinstance(pack, Pack) else None


def _mac(signing: bytes, key: bytes, payload: bytes) -> bytes:
    mac = blake2b(key, key=signing, digest_size=_MAC_SIZE)
    mac.update(payload)
    return mac.digest()


def _write(root: Path, key: bytes, pack: Pack) -> None:
    try:
        paths.ensure_private_dir(root.parent)
        paths.ensure_private_dir(root)
        signing = _signing_key(root, create=True)
        assert signing is not None
        payload = pickle.dumps(pack, protocol=pickle.HIGHEST_PROTOCOL)
        paths.write_private(_entry(root, key), FORMAT + _mac(signing, key, payload) + payload)
        _prune(root)
    except Exception:  # the cache is a saving, never a reason for a load to fail
        log.warning("could not keep the validated pack in %s", root, exc_info=True)


def _signing_key(root: Path, *, create: bool) -> bytes | None:
    """This install's signing key: 32 random bytes in a 0600 file of the person's own. A key
    file anyone else could have read or written is replaced (every entry then misses)."""
    path = root / KEY_FILE
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        fd = None
    except OSError:  # a link planted there, unreadable: replaced when writing
        log.info("cache signing key %s unusable", path, exc_info=True)
        fd = None
    if fd is not None:
        try:
            info = os.fstat(fd)
            signing = os.read(fd, _KEY_SIZE + 1)
        finally:
            os.close(fd)
        private = stat.S_ISREG(info.st_mode) and not info.st_mode & 0o077
        if private and info.st_uid == os.getuid() and len(signing) == _KEY_SIZE:
            return signing
        log.warning("cache signing key %s is not private or damaged: replaced", path)
    if not create:
        return None
    signing = os.urandom(_KEY_SIZE)  # what secrets.token_bytes gives, without its imports
    _remove(path)
    paths.write_private(path, signing)
    return signing


def _prune(root: Path) -> None:
    """Keep the newest :data:`KEEP` entries."""
    entries = []
    for path in root.glob("*.pack"):
        try:
            entries.append((path.stat().st_mtime_ns, path))
        except OSError:
            continue
    for _, path in sorted(entries, reverse=True)[KEEP:]:
        _remove(path)


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        log.info("could not remove %s", path, exc_info=True)
