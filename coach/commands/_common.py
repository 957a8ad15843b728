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

    On any content problem, print every problem to stderr and exit 1: never a traceback.
    """
    from coach.pack.load import PackError, load_active_pack

    try:
        return load_active_pack(Path(args.content) if getattr(args, "content", None) else None)
    except PackError as exc:
        print(exc.render(Path.cwd()), file=sys.stderr)
        print("Run 'coach check' for details; fix the file and try again.", file=sys.stderr)
        raise SystemExit(1) from None
