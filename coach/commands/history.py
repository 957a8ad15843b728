"""``coach history``: past sessions as a table, CSV or JSON, oldest first."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.pack.model import Program


def day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD)") from None


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=("table", "csv", "json"),
        default="table",
        help="table (default) to read, csv for a spreadsheet, json for a script",
    )
    parser.add_argument("--since", type=day, metavar="YYYY-MM-DD", help="only from this day on")


def program_or_none(args: argparse.Namespace) -> Program | None:
    """The content's programme for level names; the journal stays readable without it."""
    from coach.commands._common import load_pack_or_exit

    try:
        pack = load_pack_or_exit(args)
    except SystemExit:  # the problems are already on stderr
        print("coach: showing the journal without the content's names.", file=sys.stderr)
        return None
    return pack.program


def run(args: argparse.Namespace) -> int:
    from coach.journal.export import render
    from coach.journal.notice import open_or_exit

    with open_or_exit(read_only=True) as journal:
        sessions = journal.sessions(since=args.since)
    if not sessions and args.format == "table":
        print("No sessions yet." if args.since is None else "No sessions in that period.")
        return 0
    if not sessions:  # keep stdout parseable: an empty list, a header-only CSV
        print("No sessions yet.", file=sys.stderr)
    sys.stdout.write(render(args.format, sessions, program_or_none(args)))
    return 0
