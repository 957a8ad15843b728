"""``coach plan --ics FILE``: the calendar part of ``coach plan``, in its own functions so it joins
whichever ``coach plan`` command exists (see :func:`add_ics_arguments` and :func:`write_ics`).

Days and time come from the flags, else from the settings (``reminder_days``,
``reminder_time``); a value that does not read is an error naming the flag or the setting.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import sys
from pathlib import Path

from coach.cli import common
from coach.journal.figures import figures_for, read_journal
from coach.journal.notice import open_or_exit
from coach.outputs.calendar import NEUTRAL_TITLE, CalendarPlan, build_calendar, describe
from coach.outputs.report import day
from coach.system.paths import write_private
from coach.system.schedule import ScheduleError, parse_days, parse_time
from coach.system.settings import load_settings


def _error(message: str) -> int:
    print(f"coach plan: {message}", file=sys.stderr)
    return 1


def write_ics(args: argparse.Namespace) -> int:
    settings = load_settings(warn=sys.stderr)
    try:
        days = parse_days(args.days if args.days is not None else settings.reminder_days)
    except ScheduleError as exc:
        return _error(f"{'--days' if args.days is not None else 'reminder_days'}: {exc}")
    if not days:
        return _error("which days? add --days mon,wed,fri (or set reminder_days in the settings)")
    time_text = args.time if args.time is not None else settings.reminder_time
    if not time_text:
        return _error("what time? add --time 19:30 (or set reminder_time in the settings)")
    try:
        at = parse_time(time_text)
    except ScheduleError as exc:
        return _error(f"{'--time' if args.time is not None else 'reminder_time'}: {exc}")

    pack = common.load_pack_or_exit(args)
    protocol = pack.default_protocol
    discreet = bool(getattr(args, "discreet", None)) or settings.discreet
    # The UID names no pack or protocol (it travels with the event) yet stays the same.
    digest = hashlib.sha256(f"{pack.info.id}\0{protocol.id}".encode()).hexdigest()[:20]
    try:
        plan = CalendarPlan(
            uid=f"{digest}@coach.invalid",
            title=NEUTRAL_TITLE if discreet else protocol.title,
            days=days,
            at=at,
            minutes=args.minutes,
            remind_minutes=args.remind,
            weeks=args.weeks,
            details=_details(args, pack) if args.details else (),
        )
    except ValueError as exc:
        return _error(str(exc))
    target = Path(args.ics).expanduser()
    if target.exists() and not args.force:
        return _error(f"{target} exists; add --force to overwrite it")
    if not target.parent.is_dir():
        return _error(f"cannot write {target}: the folder {target.parent} does not exist")
    try:
        write_private(target, build_calendar(plan))
    except OSError as exc:
        return _error(f"cannot write {target}: {exc.strerror or exc}")
    print(f"Calendar written to {target} ({describe(plan)}, a reminder {args.remind} min before).")
    if pack.program is not None and not discreet:
        plan_of = pack.program.plan
        if plan_of.per == "week" and not plan_of.sessions.low <= len(days) <= plan_of.sessions.high:
            print(f"Note: {len(days)} days a week; the plan asks for {plan_of.sessions} sessions.")
        elif plan_of.per == "day" and len(days) < 7:
            print(f"Note: {len(days)} days a week; the plan asks for sessions every day.")
    print("Import it into your calendar app; import it again after a change to update it.")
    return 0


def _details(args: argparse.Namespace, pack) -> list[str]:
    """The health detail, only on request: the pack, the plan's target in its own unit (a day
    or a week), the level as of today and the one advised next (:mod:`coach.journal.figures`)."""
    lines = [pack.info.title]
    program = pack.program
    if program is not None:
        plan_of = program.plan
        noun = "session" if plan_of.sessions.high == 1 else "sessions"
        lines.append(f"Aim: {plan_of.sessions} {noun} a {plan_of.per}.")
        try:
            with open_or_exit(read_only=True) as journal:
                figures = figures_for(pack, read_journal(journal, pack.info.id), dt.date.today())
        except SystemExit:  # the journal could not be opened: the rest still helps
            figures = None
        # The level, not this week's count: the event repeats, a count would be stale by then.
        if figures is not None and figures.levels_used:
            when = day(figures.today)
            lines.append(
                f"{figures.level_label} as of {when}; next {program.level_noun}: "
                f"{figures.next_level.name}."
            )
    lines.append("Start it with: coach start")
    return lines
