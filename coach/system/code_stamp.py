"""What a result kept between runs depends on besides its input: the code that worked it out.

The validated pack and the FAQ kept ready are good only while that code is the same: coach's
own source files, read whole, and the libraries it used, by where each is installed, its size
and its time (found, never imported: a hit must not pay for importing them). Worked out once
per process for each set of files.
"""

from __future__ import annotations

import functools
import importlib.util
import os
from pathlib import Path

from coach.system.digest import blake2b

COACH = Path(__file__).resolve().parent.parent


@functools.cache
def code_stamp(
    packages: tuple[str, ...], files: tuple[str, ...] = (), libraries: tuple[str, ...] = ()
) -> bytes:
    """A digest of every module of coach's ``packages`` ("pack"), of coach's ``files``
    ("system/safe_text.py") and of the installed ``libraries`` ("markdown_it")."""
    digest = blake2b(digest_size=32)
    paths = [path for name in packages for path in sorted((COACH / name).glob("*.py"))]
    for path in [*paths, *(COACH / name for name in files)]:
        digest.update(f"{path.relative_to(COACH).as_posix()}\0".encode() + path.read_bytes())
    for name in libraries:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        if origin is None:
            digest.update(f"{name}\0absent\0".encode())
            continue
        info = os.stat(origin)
        digest.update(f"{name}\0{origin}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    return digest.digest()


__all__ = ["code_stamp"]
