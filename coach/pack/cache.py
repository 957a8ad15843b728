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
import logging
import sys
from pathlib import Path

from coach.pack.model import Pack
from coach.pack.read import PROTOCOLS_DIR
from coach.system import paths
from coach.system.code_stamp import code_stamp
from coach.system.collector import collector_paused
from coach.system.digest import blake2b
from coach.system.signed_store import SignedStore

log = logging.getLogger(__name__)

FOLDER = "validated"
"""The cache's folder, under the user cache dir."""
FORMAT = b"coach validated pack 1\n"
"""Written first in every entry: another layout (an older coach's) is a miss, not a guess."""
KEEP = 8
"""Entries kept (the newest): a few packs or versions of one, switched between, all hit."""


def store(cache_root: Path | None = None) -> SignedStore:
    """Where validated packs are kept: only the classes a pack is made of come back out."""
    return SignedStore(
        (cache_root or paths.cache_dir()) / FOLDER,
        form=FORMAT,
        suffix=".pack",
        modules={"coach.pack.model", "coach.pack.durations", "coach.pack.ranges"},
        names={
            ("datetime", "date"),
            ("datetime", "time"),
            ("datetime", "datetime"),
            ("datetime", "timedelta"),
            ("re", "_compile"),
        },
        keep=KEEP,
    )


def load_cached(folder: Path, overlay: Path | None, cache_root: Path | None = None) -> Pack:
    """The pack of ``folder`` with ``overlay`` over it, as :func:`coach.pack.load.load` gives
    it, from the cache when the same files were validated before. Raises what ``load`` raises."""
    try:
        key = content_key(folder, overlay)
    except OSError:
        log.info("content files not readable for the cache key", exc_info=True)
        return _validated(folder, overlay)
    kept = store(cache_root)
    with collector_paused():  # a big pack is tens of thousands of lasting objects
        pack = kept.read(key)
        if isinstance(pack, Pack):
            return pack
        pack = _validated(folder, overlay)
    try:
        unchanged = content_key(folder, overlay) == key
    except OSError:
        unchanged = False
    if unchanged:  # else a file was saved during the load: this pack may not be of those bytes
        kept.write(key, pack)
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
    digest.update(code_stamp(("pack", "system")))  # what loading runs: reading to the models
    digest.update(_pydantic_version())
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


def _pydantic_version() -> bytes:
    """pydantic's version, as the text of its ``version.py`` (which names it and the
    pydantic-core it needs): found without importing pydantic, which a hit never does."""
    spec = importlib.util.find_spec("pydantic")
    origin = spec.origin if spec is not None else None
    if origin is None:
        return b"no pydantic"
    return Path(origin).with_name("version.py").read_bytes()
