"""``coach plan``: the programme's plan, and where the person stands in it.

``coach plan`` prints; ``coach plan --start DATE`` keeps the start date the content asks for
(when treatment ended, say) in the journal. The printing is :func:`plan_text`, pure, so other
outputs (an iCalendar file, the report) can build on the same figures. ``--ics FILE`` writes
the plan as a calendar file (:mod:`coach.cli.plan_ics`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TYPE_CHECKING

from coach.cli import common
from coach.journal.figures import advice_heading, figures_for, read_journal
from coach.journal.notice import open_or_exit
from coach.system.safe_text import clean

if TYPE_CHECKING:
    from coach.journal.figures import Figures
    from coach.pack.model import Pack


def plan_text(pack: Pack, figures: Figures) -> str:
    """The plan and the person's place in it, as plain lines."""
    program = pack.program
    assert program is not None
    plan = program.plan
    today = figures.today
    lines = [f"Plan: {plan.sessions} session{'s' if plan.sessions.high != 1 else ''} a {plan.per}"]
    if program.days_per_level is not None:
        lines.append(
            f"{program.level_noun.capitalize()}s: {len(program.levels)}, "
            f"{program.days_per_level} days each"
        )
    if plan.start.ask:
        window = f", starting {plan.start.window} after it" if plan.start.window else ""
        lines.append(f"Start: {plan.start.ask}{window}")
    if plan.length:
        lines.append(f"Length: {plan.length}")
    if plan.review_after:
        lines.append(f"Review: after {plan.review_after}")
    for activity in program.activities:
        how = "counts as a session" if activity.counts else "logged only"
        lines.append(f"Log: coach log {activity.id}  ({activity.title}; {how})")
    lines.append("")
    lines.append(f"Now: {figures.summary}")
    lines.append(f"Next: {figures.due_next}")
    # The advice last: "Next" may point at it ("follow the advice below").
    lines.append(f"Advice: {advice_heading(figures.label, figures.urgency)}")
    lines += [f"  {line}" for line in figures.advice.strip().splitlines() if line.strip()]
    lines += figures.standing.lines(today)
    return "\n".join(clean(line) for line in lines) + "\n"


def run(args: argparse.Namespace) -> int:
    if getattr(args, "ics", None):
        from coach.cli import plan_ics  # icalendar (~40 ms) only for a calendar file

        return plan_ics.write_ics(args)

    pack = common.load_pack_or_exit(args)
    if pack.program is None:
        print("coach: this pack has no plan (no program.toml).", file=sys.stderr)
        return 1
    today = dt.date.today()
    with open_or_exit() as journal:
        if args.start is not None:
            if args.start > today + dt.timedelta(days=366):
                print("coach: that start date is more than a year away.", file=sys.stderr)
                return 2
            journal.set_plan_start(pack.info.id, args.start)
            print(f"Start date set: {args.start.isoformat()}.")
        figures = figures_for(pack, read_journal(journal, pack.info.id), today)
    sys.stdout.write(plan_text(pack, figures))
    return 0
