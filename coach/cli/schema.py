"""``coach schema [--out FILE]``: the JSON Schema of the content files, for editors."""

from __future__ import annotations

import argparse
import sys

from coach.pack.schema import schema_text
from coach.system.paths import write_private


def run(args: argparse.Namespace) -> int:
    text = schema_text(args.role)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    try:
        write_private(args.out, text.encode("utf-8"))
    except OSError as exc:
        print(f"coach schema: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"Wrote {args.out}")
    return 0
