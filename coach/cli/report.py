"""``coach report``: a one-page summary for a clinician (Markdown, or a self-contained HTML
page with ``--format html``), on stdout or in a file."""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import sys
from pathlib import Path

from coach.cli import common
from coach.journal.figures import read_journal
from coach.journal.notice import open_or_exit, read_failed
from coach.outputs.report import build_report
from coach.outputs.report_html import build_html
from coach.system.paths import UnsafePath, write_private
from coach.system.safe_text import clean
from coach.system.settings import load_settings


def run(args: argparse.Namespace) -> int:
    today = dt.date.today()
    until = getattr(args, "until", None) or today
    if args.since and args.since > until:
        print(f"coach: --since {args.since} is after --until {until}", file=sys.stderr)
        return 2
    pack = common.load_pack_or_exit(args)
    all_packs = bool(getattr(args, "all_packs", False))
    with open_or_exit(read_only=True) as journal:
        try:
            view = read_journal(journal, pack.info.id)
            shown = read_journal(journal, None) if all_packs else view
        except sqlite3.Error as exc:
            print(clean(f"coach: {read_failed(journal.path, exc)}"), file=sys.stderr)
            return 1
    # A range ends on --until: the report reads as it would have on that day.
    sessions = [s for s in shown.sessions if s.day <= until]
    activities = [a for a in view.activities if a.day <= until]
    if getattr(args, "format", "markdown") == "html":
        text = build_html(
            sessions,
            pack=pack,
            today=until,
            since=args.since,
            generated=today,
            activities=activities,
            start_given=view.start_given,
            all_packs=all_packs,
            unreadable=view.unreadable,
            unreadable_other=view.unreadable_other,
        )
    else:
        text = build_report(
            sessions,
            pack=pack,
            pack_title=pack.info.title,
            today=until,
            since=args.since,
            activities=activities,
            start_given=view.start_given,
            all_packs=all_packs,
            unreadable=view.unreadable,
            unreadable_other=view.unreadable_other,
            discreet=bool(getattr(args, "discreet", None))
            or load_settings(warn=sys.stderr).discreet,
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
