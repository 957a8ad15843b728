"""``coach report``: a one-page Markdown summary for a clinician, on stdout or in a file."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from coach.commands.history import day


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        metavar="FILE",
        help="write the report to FILE (readable only by you; a symbolic link is refused: "
        "name the file it points to)",
    )
    parser.add_argument(
        "--since", type=day, metavar="YYYY-MM-DD", help="cover sessions from this day on"
    )


def run(args: argparse.Namespace) -> int:
    from coach.commands._common import load_pack_or_exit
    from coach.journal.notice import open_or_exit
    from coach.journal.records import for_pack
    from coach.journal.report import build_report
    from coach.locations import UnsafePath, write_private

    pack = load_pack_or_exit(args)
    with open_or_exit(read_only=True) as journal:
        sessions = for_pack(journal.sessions(), pack.info.id)
    text = build_report(
        sessions,
        pack_title=pack.info.title,
        program=pack.program,
        today=dt.date.today(),
        since=args.since,
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
    except UnsafePath as exc:
        print(f"coach: cannot write the report: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"coach: cannot write {path}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"Report written to {path.resolve()} (readable only by you).")
    return 0
