"""Helpers shared by subcommands: loading the active pack with a clean error."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from coach.pack.source import pack_or_exit

if TYPE_CHECKING:
    from coach.pack.model import Pack


def load_pack_or_exit(args: argparse.Namespace) -> Pack:
    """The active pack (``--content``, else user overrides over the shipped pack).

    A broken personal pack falls back to the last good copy or the shipped pack, with its
    problems on stderr; exit 1 only when nothing can be used. (The rule lives in :func:`coach.pack.source.pack_or_exit`, which plain mode uses too.)
    """
    content = getattr(args, "content", None)
    return pack_or_exit(Path(content) if content else None)
