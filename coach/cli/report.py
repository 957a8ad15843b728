"""``coach report``: a one-page summary for a clinician (Markdown, or a self-contained HTML
page with ``--format html``), on stdout or in a file."""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import sys

from coach.cli import common
from coach.journal.figures import read_journal
from coach.journal.notice import open_or_exit, read_failed
from coach.outputs.report import iter_report
from coach.outputs.report_html import build_html
from coach.outputs.report_window import bounded_since, latest, within_window
from coach.system.safe_text import clean
from coach.system.settings import discreet_mode


def run(args: argparse.Namespace) -> int:
    today = dt.date.today()
    until = getattr(args, "until", None) or today
    if until > latest(today):  # a report reads as it would have on that day: not yet
        print(f"coach: --until {until} is after today ({today})", file=sys.stderr)
        return 2
    if args.since and args.since > until:
        print(f"coach: --since {args.since} is after --until {until}", file=sys.stderr)
        return 2
    pack = common.load_pack_or_exit(args)
    all_packs = bool(getattr(args, "all_packs", False))
    with open_or_exit(read_only=True) as journal:
        try:
            # Issue 26: a record dated 1970 or year 1 is no session (an unreadable row).
            view = within_window(read_journal(journal, pack.info.id), today)
            shown = within_window(read_journal(journal, None), today) if all_packs else view
        except sqlite3.Error as exc:
            print(clean(f"coach: {read_failed(journal.path, exc)}"), file=sys.stderr)
            return 1
    # A range ends on --until: the report reads as it would have on that day.
    sessions = [s for s in shown.sessions if s.day <= until]
    activities = [a for a in view.activities if a.day <= until]
    target = args.out or common.STDOUT
    if getattr(args, "format", "markdown") == "html":
        text = build_html(
            sessions,
            pack=pack,
            today=until,
            since=bounded_since(args.since),
            generated=today,
            activities=activities,
            start_given=view.start_given,
            level_changes=view.level_changes,
            all_packs=all_packs,
            unreadable=view.unreadable,
            unreadable_other=view.unreadable_other,
        )
    else:
        lines = iter_report(
            sessions,
            pack=pack,
            pack_title=pack.info.title,
            today=until,
            since=bounded_since(args.since),
            activities=activities,
            start_given=view.start_given,
            level_changes=view.level_changes,
            all_packs=all_packs,
            unreadable=view.unreadable,
            unreadable_other=view.unreadable_other,
            discreet=discreet_mode(getattr(args, "discreet", None), warn=sys.stderr),
        )
        if str(target) == common.STDOUT:
            sys.stdout.writelines(lines)  # to the terminal: each section as soon as it is ready
            return 0
        text = "".join(lines)
    try:
        path = common.write_output(target, text)
    except common.OutputRefused as exc:
        print(f"coach report: {exc}", file=sys.stderr)
        return 1
    if path is not None:
        print(f"Report written to {path.resolve()} (readable only by you).")
    return 0
