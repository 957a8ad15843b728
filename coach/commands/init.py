"""``coach init [DIR]``: copy the default pack somewhere to edit it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "dir",
        nargs="?",
        type=Path,
        metavar="DIR",
        help="where to put the copy (default: your content folder, which coach reads on top "
        "of the default pack)",
    )
    parser.add_argument("--force", action="store_true", help="overwrite files that exist")


def run(args: argparse.Namespace) -> int:
    from coach import locations
    from coach.pack.init import InitError, init_pack

    target = args.dir or locations.user_content_dir()
    try:
        written = init_pack(target, force=args.force)
    except InitError as exc:
        print(f"coach init: {exc}", file=sys.stderr)
        return 1
    print(f"Copied the default content into {target} ({len(written)} files).")
    if args.dir is None:
        print("coach reads it on top of the default pack; delete a file to go back to the default.")
    else:
        print(f"Try it with: coach --content {target}")
    print("Your editor can complete and check fields (Even Better TOML / taplo, tombi):")
    print("each file names its schema on the first line. Run 'coach check' after editing.")
    return 0
