"""``coach init [DIR]``: copy the default pack somewhere to edit it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from coach.cli import common
from coach.pack.init import InitError, init_example, init_pack
from coach.system import paths


def run(args: argparse.Namespace) -> int:
    if args.example:
        return _example(args, init_example, InitError)
    target = args.dir or paths.user_content_dir()
    try:
        written = init_pack(target, force=args.force)
    except InitError as exc:
        print(f"coach init: {exc}", file=sys.stderr)
        return 1
    print(f"Copied the default content into {target} ({common.plural(len(written), 'file')}).")
    if args.dir is None:
        print("coach reads it on top of the default pack; delete a file to go back to the default.")
    else:
        print(f"Try it with: coach --content {target}")
    print("Your editor can complete and check fields (Even Better TOML / taplo, tombi):")
    print("each file names its schema on the first line. Run 'coach check' after editing.")
    return 0


def _example(args: argparse.Namespace, init_example, init_error: type[Exception]) -> int:
    target = args.dir or Path(args.example)
    try:
        written = init_example(args.example, target, force=args.force)
    except init_error as exc:
        print(f"coach init: {exc}", file=sys.stderr)
        return 1
    print(
        f"Copied the example {args.example!r} into {target} ({common.plural(len(written), 'file')})."
    )
    print(f"Try it with: coach --content {target}")
    return 0
