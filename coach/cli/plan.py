"""``coach plan``: the programme's plan, and where the person stands in it.

``coach plan`` prints; ``coach plan --start DATE`` keeps the start date the content asks for
(when treatment ended, say) in the journal; ``coach plan --level ID`` sets the level for the
next sessions (after a visit, say), kept in the journal with who set it. Each write refreshes
the summary ``coach status`` reads. The printing is :func:`plan_text`, pure, so other outputs
(an iCalendar file, the report) can build on the same figures. ``--ics FILE`` writes the plan
as a calendar file (:mod:`coach.cli.plan_ics`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TYPE_CHECKING

from coach.cli import common
from coach.cli.log import how_it_counts
from coach.journal.figures import advice_heading, figures_for, read_journal
from coach.journal.notice import open_or_exit
from coach.journal.status_refresh import refresh
from coach.system.safe_text import clean

if TYPE_CHECKING:
    from coach.journal.figures import Figures
    from coach.pack.model import Pack, Program

SETTERS = {"rules": "the rules below", "person": "you", "clinician": "your clinician"}
"""Who changes the level, as ``coach plan`` says it (the programme's ``levels_set_by``)."""


def plan_text(pack: Pack, figures: Figures) -> str:
    """The plan and the person's place in it, as plain lines."""
    program = pack.program
    assert program is not None
    plan = program.plan
    today = figures.today
    lines = [f"Plan: {plan.sessions} session{'s' if plan.sessions.high != 1 else ''} a {plan.per}"]
    noun = program.level_noun.capitalize()
    if program.days_per_level is not None:
        lines.append(
            f"{noun}s: {len(program.levels)}, {common.plural(program.days_per_level, 'day')} each"
        )
    if program.levels_set_by != "rules" and figures.levels_used:
        ids = ", ".join(level.id for level in program.levels)
        lines.append(
            f"{noun} set by: {SETTERS[program.levels_set_by]} (coach plan --level ID; {ids})"
        )
    if plan.start.ask:
        window = f", starting {plan.start.window} after it" if plan.start.window else ""
        lines.append(f"Start: {plan.start.ask}{window}")
    if plan.length or plan.length_text:
        lines.append(f"Length: {plan.length_text or plan.length}")
    review = _review_text(program)
    if review:
        lines.append(f"Review: {review}")
    for activity in program.activities:
        how = how_it_counts(activity, pack)
        lines.append(f"Log: coach log {activity.id}  ({activity.title}; {how})")
    lines.append("")
    lines.append(f"Now: {figures.summary}")
    if figures.level_set_by is not None and figures.levels_used:
        lines.append(f"  ({program.level_noun} set by {SETTERS[figures.level_set_by]})")
    lines.append(f"Next: {figures.due_next}")
    # The advice last: "Next" may point at it ("follow the advice below").
    lines.append(f"Advice: {advice_heading(figures.label, figures.urgency)}")
    lines += [f"  {line}" for line in figures.advice.strip().splitlines() if line.strip()]
    lines += figures.standing.lines(today)
    return "\n".join(clean(line) for line in lines) + "\n"


def _review_text(program: Program) -> str:
    """ "after 12 weeks, then every 1 month; on reaching Size 3; log it: coach log visit" """
    plan = program.plan
    parts = []
    if plan.review_after and plan.review_every:
        parts.append(f"after {plan.review_after}, then every {plan.review_every}")
    elif plan.review_after:
        parts.append(f"after {plan.review_after}")
    elif plan.review_every:
        parts.append(f"every {plan.review_every}")
    names = {level.id: level.name for level in program.levels}
    for level_id in plan.review_at_levels or ():
        parts.append(f"on reaching {names.get(level_id, level_id)}")
    if parts and plan.review_cleared_by:
        parts.append(f"log it: coach log {plan.review_cleared_by}")
    return "; ".join(parts)


def run(args: argparse.Namespace) -> int:
    if getattr(args, "ics", None):
        from coach.cli import plan_ics  # icalendar (~40 ms) only for a calendar file

        return plan_ics.write_ics(args)

    pack = common.load_pack_or_exit(args)
    program = pack.program
    if program is None:
        print("coach: this pack has no plan (no program.toml).", file=sys.stderr)
        return 1
    today = dt.date.today()
    level = getattr(args, "level", None)
    if level is not None and program.level_index(level) is None:
        known = ", ".join(lv.id for lv in program.levels)
        print(f"coach: no {program.level_noun} {clean(level)!r}; known: {known}", file=sys.stderr)
        return 2
    if args.start is not None and args.start > today + dt.timedelta(days=366):
        print("coach: that start date is more than a year away.", file=sys.stderr)
        return 2
    with open_or_exit() as journal:
        if args.start is not None:
            journal.set_plan_start(pack.info.id, args.start)
            print(f"Start date set: {args.start.isoformat()}.")
        if level is not None:
            set_by = getattr(args, "set_by", None) or (
                "clinician" if program.levels_set_by == "clinician" else "person"
            )
            journal.set_level(pack.info.id, level, set_by)
            index = program.level_index(level)
            assert index is not None
            name = program.levels[index].name
            print(clean(f"Set for your next session: {name} (by {SETTERS[set_by]})."))
        if args.start is not None or level is not None:
            refresh(pack, journal, today)  # `coach status` reads what this changed
        figures = figures_for(pack, read_journal(journal, pack.info.id), today)
    sys.stdout.write(plan_text(pack, figures))
    return 0
