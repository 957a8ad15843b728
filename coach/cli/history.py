"""``coach history``: past sessions of the active pack as a table, CSV or JSON, oldest first."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.pack.model import Pack


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
    parser.add_argument(
        "--all-packs",
        action="store_true",
        help="every content pack's sessions, each named (default: the active pack's only)",
    )


def pack_or_none(args: argparse.Namespace) -> Pack | None:
    """The active pack, for its id and names; the journal stays readable without it."""
    from coach.cli.common import load_pack_or_exit

    try:
        return load_pack_or_exit(args)
    except SystemExit:  # the problems are already on stderr
        print("coach: showing the journal without the content's names.", file=sys.stderr)
        return None


def unreadable_line(count: int, other: int = 0) -> str:
    from coach.journal.records import unreadable_text

    return unreadable_text(count, other)


def run(args: argparse.Namespace) -> int:
    import sqlite3

    from coach.journal.figures import figures_for, read_journal
    from coach.journal.notice import open_or_exit, read_failed
    from coach.outputs.export import render
    from coach.system.safe_text import clean

    pack = pack_or_none(args)
    all_packs = bool(getattr(args, "all_packs", False)) or pack is None
    with open_or_exit(read_only=True) as journal:
        try:
            view = read_journal(journal, None if all_packs or pack is None else pack.info.id)
            own = read_journal(journal, pack.info.id) if pack is not None else None
        except sqlite3.Error as exc:
            print(clean(f"coach: {read_failed(journal.path, exc)}"), file=sys.stderr)
            return 1
    sessions = view.sessions
    activities = view.activities
    if args.since is not None:
        sessions = [s for s in sessions if s.day >= args.since]
        activities = [a for a in activities if a.day >= args.since]
    table = args.format == "table"
    if view.unreadable or view.unreadable_other:
        print(
            unreadable_line(view.unreadable, view.unreadable_other),
            file=sys.stdout if table else sys.stderr,
        )
    if not sessions and table:
        print("No sessions yet." if args.since is None else "No sessions in that period.")
    elif not sessions:  # keep stdout parseable: an empty list, a header-only CSV
        print("No sessions yet.", file=sys.stderr)
    if sessions or activities or not table:
        sys.stdout.write(
            render(args.format, sessions, pack, all_packs=all_packs, activities=activities)
        )
    if table and (sessions or activities) and pack is not None and pack.program and own:
        figures = figures_for(pack, own, dt.date.today())
        print(f"\n{clean(figures.summary)} · {clean(figures.label)}")
    return 0
