"""``coach log ACTIVITY``: record an activity the content defines, with no timer and no check-in.

For example "intercourse instead of a session": whether it counts toward the plan is the
content's choice (``[[activities]]`` in program.toml).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from coach.cli import common
from coach.journal.figures import figures_for, read_journal
from coach.journal.notice import open_or_exit
from coach.system.safe_text import UNREADABLE_NOTICE, clean, storable


def run(args: argparse.Namespace) -> int:
    pack = common.load_pack_or_exit(args)
    program = pack.program
    activities = program.activities if program is not None else []
    if not args.activity:
        if not activities:
            print("This pack defines no activities to log.")
            return 0
        for activity in activities:
            how = "counts as a session" if activity.counts else "logged only"
            print(clean(f"{activity.id}: {activity.title} ({how})"))
        return 0
    activity = program.activity(args.activity) if program is not None else None
    if activity is None:
        known = ", ".join(a.id for a in activities) or "none"
        print(f"coach: no activity {clean(args.activity)!r}; known: {known}", file=sys.stderr)
        return 2
    today = dt.date.today()
    when = args.date or today
    if when > today:
        print("coach: that date is in the future; log what happened.", file=sys.stderr)
        return 2
    assert program is not None

    note, replaced = storable(args.note)  # bytes that were not UTF-8: kept as U+FFFD, said
    if replaced:
        print(f"coach: {UNREADABLE_NOTICE}", file=sys.stderr)
    with open_or_exit() as journal:
        journal.log_activity(
            pack_id=pack.info.id,
            activity_id=activity.id,
            title=activity.title,
            counts=activity.counts,
            day=when,
            note=note,
        )
        figures = figures_for(pack, read_journal(journal, pack.info.id), today)
    print(clean(f"Logged: {activity.title}, {when.isoformat()}."))
    print(clean(figures.summary))
    return 0
