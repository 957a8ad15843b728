"""``coach report``: a one-page Markdown summary for a clinician, on stdout or in a file."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from coach.commands.history import day


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", metavar="FILE", help="write the report to FILE (readable only by you)"
    )
    parser.add_argument(
        "--since", type=day, metavar="YYYY-MM-DD", help="cover sessions from this day on"
    )
    parser.add_argument(
        "--all-packs",
        action="store_true",
        help="every content pack's sessions (default: the active pack's)",
    )


def run(args: argparse.Namespace) -> int:
    from coach.commands._common import load_pack_or_exit
    from coach.journal.figures import read_journal
    from coach.journal.notice import open_or_exit
    from coach.journal.report import build_report
    from coach.locations import write_private

    pack = load_pack_or_exit(args)
    all_packs = bool(getattr(args, "all_packs", False))
    with open_or_exit() as journal:
        view = read_journal(journal, pack.info.id)
        shown = read_journal(journal, None) if all_packs else view
    text = build_report(
        shown.sessions,
        pack=pack,
        pack_title=pack.info.title,
        today=dt.date.today(),
        since=args.since,
        activities=view.activities,
        start_given=view.start_given,
        all_packs=all_packs,
        unreadable=view.unreadable,
    )
    if not args.out:
        sys.stdout.write(text)
        return 0
    path = Path(args.out).expanduser()
    if not path.parent.is_dir():  # a typo in a folder name should not make new folders
        print(
            f"coach: cannot write {path}: the folder {path.parent} does not exist", file=sys.stderr
        )
        return 1
    try:
        write_private(path, text.encode("utf-8"))
    except OSError as exc:
        print(f"coach: cannot write {path}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"Report written to {path.resolve()} (readable only by you).")
    return 0
