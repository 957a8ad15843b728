"""Helpers shared by subcommands: loading the active pack with a clean error, printing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.pack.model import Pack


def load_pack_or_exit(args: argparse.Namespace) -> Pack:
    """The active pack (``--content``, else user overrides over the shipped pack).

    A broken personal pack does not lock the person out: its problems go to stderr and the
    last good copy (or the shipped pack) is used, as the app does. Only when nothing can be
    used: exit 1, never a traceback.
    """
    from coach.pack.source import load_or_fallback

    pack, loaded = load_or_fallback(Path(args.content) if getattr(args, "content", None) else None)
    if loaded.problems is not None:
        print(loaded.problems.render(Path.cwd()), file=sys.stderr)
    if pack is None:
        print("Run 'coach check' for details; fix the file and try again.", file=sys.stderr)
        raise SystemExit(1)
    if loaded.fallback is not None:
        which = (
            "the last content that worked"
            if loaded.fallback == "last good"
            else ("the default content")
        )
        print(
            f"coach: your content has problems (above); using {which} until they are fixed.",
            file=sys.stderr,
        )
    return pack
