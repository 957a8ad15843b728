"""Signed pickles in a private cache folder: work coach did once, kept to skip it next time.

The validated pack (:mod:`coach.pack.cache`) and the FAQ made ready to print
(:mod:`coach.faq.kept`) are kept this way. Pickle is fast to read back, and only ever trusted
when it is this install's own:

- **an entry is signed**: a keyed BLAKE2b (a MAC) over the entry's key and its pickle, with a
  random key made for this install and kept 0600 in the 0700 folder. An entry that is damaged,
  foreign (signed with another key), truncated or of another format is never unpickled: it is
  removed, and the caller does the work afresh;
- **the unpickler takes only the classes named** for that store (besides a few of the standard
  library's): a class defined in one of its modules, by its own name, never a dotted path or a
  function, so even a signed entry cannot make pickle build or call anything else;
- **an entry must be a regular file**: a FIFO or a device planted there is a miss, never a
  read that waits for ever.

Nothing here ever stops the work it saves: a folder that cannot be read or written is logged
and skipped.
"""

from __future__ import annotations

import io
import logging
import os
import pickle
import sys
from collections.abc import Set
from pathlib import Path

from coach.system import paths
from coach.system.digest import blake2b, compare_digest
from coach.system.files import open_regular, read_regular

log = logging.getLogger(__name__)

KEY_FILE = "signing.key"
"""The per-install signing key, in each store's folder."""
MAC_SIZE = 32
_KEY_SIZE = 32
BASIC_GLOBALS = frozenset(
    {
        ("builtins", "frozenset"),
        ("builtins", "set"),
        ("copyreg", "_reconstructor"),
        ("copyreg", "__newobj__"),
        ("builtins", "object"),
    }
)
"""What plain containers pickle as: every store allows these."""


def mac(signing: bytes, key: bytes, payload: bytes) -> bytes:
    """The signature of ``payload`` kept under ``key``, with this install's ``signing`` key."""
    digest = blake2b(key, key=signing, digest_size=MAC_SIZE)
    digest.update(payload)
    return digest.digest()


class _Unpickler(pickle.Unpickler):
    """Only the classes a store's entries are made of: a signed entry is trusted, not blindly."""

    def __init__(self, data: bytes, modules: Set[str], names: Set[tuple[str, str]]) -> None:
        super().__init__(io.BytesIO(data))
        self._modules, self._names = modules, names

    def find_class(self, module: str, name: str) -> object:
        if (module, name) in self._names:
            return super().find_class(module, name)
        # From an allowed module, only a class it defines, named directly: a dotted name
        # ("re.enum.bltns.eval") would walk from the module to anything at all.
        if module in self._modules and "." not in name:
            found = super().find_class(module, name)
            if isinstance(found, type) and found.__module__ == module:
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed here")


class SignedStore:
    """One folder of signed entries, each a pickle under a key (bytes, a digest of what the
    value was worked out from). The newest ``keep`` entries are kept."""

    def __init__(
        self,
        root: Path,
        *,
        form: bytes,
        suffix: str,
        modules: Set[str] = frozenset(),
        names: Set[tuple[str, str]] = frozenset(),
        keep: int = 8,
    ) -> None:
        self.root = root
        self.form = form  # written first: another layout (an older coach's) is a miss
        self.suffix = suffix
        self.modules = frozenset(modules)
        self.names = BASIC_GLOBALS | frozenset(names)
        self.keep = keep

    def entry(self, key: bytes) -> Path:
        return self.root / f"{key.hex()[:32]}{self.suffix}"

    def read(self, key: bytes) -> object | None:
        """The value kept under ``key``, or None (absent, or refused and removed)."""
        path = self.entry(key)
        try:
            # Never a link followed; a FIFO or a device is refused, never waited on. An entry
            # is as big as what it keeps: no bound but the file's own end.
            blob = read_regular(path, sys.maxsize, follow_links=False)
        except FileNotFoundError:
            return None
        except OSError:
            log.info("cache entry %s unreadable", path, exc_info=True)
            _remove(path)
            return None
        try:
            signing = self._signing_key(create=False)
            value = self._verified(blob, key, signing) if signing is not None else None
        except Exception:  # a damaged entry, whatever it makes pickle raise, is only a miss
            log.warning("cache entry %s refused", path, exc_info=True)
            value = None
        if value is None:
            log.info("cache entry %s is not ours or damaged: removed", path)
            _remove(path)
        return value

    def write(self, key: bytes, value: object) -> None:
        """Keep ``value`` under ``key``; never raises (the cache is a saving, not a need)."""
        try:
            paths.ensure_private_dir(self.root.parent)
            paths.ensure_private_dir(self.root)
            signing = self._signing_key(create=True)
            assert signing is not None
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            paths.write_private(self.entry(key), self.form + mac(signing, key, payload) + payload)
            self._prune()
        except Exception:
            log.warning("could not keep a cache entry in %s", self.root, exc_info=True)

    def _verified(self, blob: bytes, key: bytes, signing: bytes) -> object | None:
        head = len(self.form) + MAC_SIZE
        if len(blob) <= head or not blob.startswith(self.form):
            return None
        signature, payload = blob[len(self.form) : head], blob[head:]
        if not compare_digest(signature, mac(signing, key, payload)):
            return None
        return _Unpickler(payload, self.modules, self.names).load()

    def _signing_key(self, *, create: bool) -> bytes | None:
        """This install's signing key: 32 random bytes in a 0600 file of the person's own. A key
        file anyone else could have read or written is replaced (every entry then misses)."""
        path = self.root / KEY_FILE
        try:
            fd, info = open_regular(path, follow_links=False)
        except FileNotFoundError:
            fd = None
        except OSError:  # a link, a FIFO, unreadable: replaced when writing
            log.info("cache signing key %s unusable", path, exc_info=True)
            fd = None
        if fd is not None:
            try:
                signing = os.read(fd, _KEY_SIZE + 1)
            finally:
                os.close(fd)
            private = not info.st_mode & 0o077
            if private and info.st_uid == os.getuid() and len(signing) == _KEY_SIZE:
                return signing
            log.warning("cache signing key %s is not private or damaged: replaced", path)
        if not create:
            return None
        signing = os.urandom(_KEY_SIZE)  # what secrets.token_bytes gives, without its imports
        _remove(path)
        paths.write_private(path, signing)
        return signing

    def _prune(self) -> None:
        """Keep the newest :attr:`keep` entries."""
        entries = []
        for path in self.root.glob(f"*{self.suffix}"):
            try:
                entries.append((path.stat().st_mtime_ns, path))
            except OSError:
                continue
        for _, path in sorted(entries, reverse=True)[self.keep :]:
            _remove(path)


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        log.info("could not remove %s", path, exc_info=True)
