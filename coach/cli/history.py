"""``coach history``: past sessions of the active pack as a table, CSV or JSON, oldest first."""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import sys
from typing import TYPE_CHECKING

from coach.cli import common
from coach.journal.figures import figures_for, read_journal
from coach.journal.notice import open_or_exit, read_failed
from coach.journal.records import unreadable_text
from coach.outputs.export import iter_render
from coach.pack.discreet import pack_routine_names
from coach.system.safe_text import clean
from coach.system.settings import discreet_mode

if TYPE_CHECKING:
    from coach.pack.model import Pack


def pack_or_none(args: argparse.Namespace) -> Pack | None:
    """The active pack, for its id and names; the journal stays readable without it."""
    try:
        return common.load_pack_or_exit(args)
    except SystemExit:  # the problems are already on stderr
        print("coach: showing the journal without the content's names.", file=sys.stderr)
        return None


def unreadable_line(count: int, other: int = 0) -> str:
    return unreadable_text(count, other)


def run(args: argparse.Namespace) -> int:
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
        # Written as it is made: 10,000 sessions never wait for one string of them all.
        names = None
        flag = getattr(args, "discreet", None)
        if table and pack is not None and discreet_mode(flag, warn=sys.stderr):
            names = pack_routine_names(pack)  # what is seen on screen names nothing
        pieces = iter_render(
            args.format, sessions, pack, all_packs=all_packs, activities=activities, names=names
        )
        sys.stdout.writelines(pieces)
    if table and (sessions or activities) and pack is not None and pack.program and own:
        figures = figures_for(pack, own, dt.date.today())
        print(f"\n{clean(figures.summary)} · {clean(figures.label)}")
    return 0
