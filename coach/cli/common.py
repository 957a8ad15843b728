"""Helpers shared by subcommands: loading the active pack with a clean error, and writing an
output file (or stdout, for ``-``) the one way."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from coach.pack.source import pack_or_exit
from coach.system.paths import UnsafePath, write_private

if TYPE_CHECKING:
    from coach.pack.model import Pack


def load_pack_or_exit(args: argparse.Namespace) -> Pack:
    """The active pack (``--content``, else user overrides over the shipped pack).

    A broken personal pack falls back to the last good copy or the shipped pack, with its
    problems on stderr; exit 1 only when nothing can be used. (The rule lives in :func:`coach.pack.source.pack_or_exit`, which plain mode uses too.)
    """
    content = getattr(args, "content", None)
    return pack_or_exit(Path(content) if content else None)


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """ "1 day", "2 days", "1 FAQ entry", "3 FAQ entries": a count with its noun agreeing."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


STDOUT = "-"
"""What every ``--out``-style option takes to mean standard output, as Unix commands do."""


class OutputRefused(Exception):
    """The output file was not written; the message says why, naming the file."""


def write_output(target: str | Path, data: str | bytes, *, force: bool = True) -> Path | None:
    """Write ``data`` (text as UTF-8) to ``target`` privately (:func:`write_private`), or to
    stdout for ``-`` (then ``None``). Refused, with :class:`OutputRefused`: a file that exists unless ``force``,
    a folder that does not exist (a typo should not make folders), a link, a write error."""
    if str(target) == STDOUT:
        if isinstance(data, str):  # through the text stream: its encoding and error handling
            sys.stdout.write(data)
        else:
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        return None
    if isinstance(data, str):
        data = data.encode("utf-8")
    path = Path(target).expanduser()
    if path.exists() and not force:
        raise OutputRefused(f"{path} exists; add --force to overwrite it")
    if not path.parent.is_dir():
        raise OutputRefused(f"cannot write {path}: the folder {path.parent} does not exist")
    try:
        write_private(path, data)
    except UnsafePath as exc:
        raise OutputRefused(f"cannot write {path}: {exc}") from None
    except OSError as exc:
        raise OutputRefused(f"cannot write {path}: {exc.strerror or exc}") from None
    return path
