"""``coach schema [--out FILE]``: the JSON Schema of the content files, for editors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, metavar="FILE", help="write here instead of stdout")
    parser.add_argument(
        "--role",
        choices=("pack", "program", "protocol", "faq", "safety"),
        help="the schema of one kind of file (default: one schema that fits every file)",
    )


def run(args: argparse.Namespace) -> int:
    from coach.pack.schema import schema_text

    text = schema_text(args.role)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    try:
        from coach.system.paths import write_private

        write_private(args.out, text.encode("utf-8"))
    except OSError as exc:
        print(f"coach schema: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"Wrote {args.out}")
    return 0
