"""``coach schema [--out FILE]``: the JSON Schema of the content files, for editors (``--out -``
or no ``--out``: on stdout)."""

from __future__ import annotations

import argparse
import sys

from coach.cli import common
from coach.pack.schema import schema_text


def run(args: argparse.Namespace) -> int:
    text = schema_text(args.role)
    try:
        path = common.write_output(args.out or common.STDOUT, text)
    except common.OutputRefused as exc:
        print(f"coach schema: {exc}", file=sys.stderr)
        return 1
    if path is not None:
        print(f"Wrote {path}")
    return 0
