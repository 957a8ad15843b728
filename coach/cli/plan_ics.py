"""``coach plan --ics FILE``: the calendar part of ``coach plan``, in its own functions so it joins
whichever ``coach plan`` command exists (see :func:`add_ics_arguments` and :func:`write_ics`).

Days and times come from the flags, else from the settings (``reminder_days``,
``reminder_time``); a value that does not read is an error naming the flag or the setting. One
event per session time (``--time 08:00,13:00,19:00`` for a 3-a-day plan), as long as the routine
takes unless ``--minutes`` says; ``--ics -`` writes the calendar to stdout.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import sys

from coach.cli import common
from coach.journal.figures import Figures, figures_for, read_journal
from coach.journal.notice import open_or_exit
from coach.outputs.calendar import (
    NEUTRAL_TITLE,
    CalendarPlan,
    build_calendar,
    describe,
    event_minutes,
)
from coach.outputs.report import day
from coach.pack.levels import resolved_protocol
from coach.pack.model import Pack
from coach.system.schedule import ScheduleError, parse_days, parse_times
from coach.system.settings import discreet_mode, load_settings


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
        times = parse_times(time_text)
    except ScheduleError as exc:
        return _error(f"{'--time' if args.time is not None else 'reminder_time'}: {exc}")

    pack = common.load_pack_or_exit(args)
    protocol = pack.default_protocol
    discreet = discreet_mode(getattr(args, "discreet", None), settings=settings)
    figures = _figures(pack)
    # The plan's own dates: not before its start window opens, not after a fixed length.
    starts = figures.sessions_from if figures is not None else None
    until = figures.sessions_until if figures is not None else None
    if figures is not None and starts is None:
        return _error("the plan has ended: there are no more sessions to put in a calendar")
    weeks = args.weeks
    if until is not None and starts is not None:
        left = max(1, ((until - starts).days + 7) // 7)
        weeks = left if weeks is None else min(weeks, left)
    # The UID names no pack or protocol (it travels with the event) yet stays the same.
    digest = hashlib.sha256(f"{pack.info.id}\0{protocol.id}".encode()).hexdigest()[:20]
    minutes = args.minutes
    if minutes is None:  # as long as the routine takes, at its level as planned today
        level = figures.next_level.id if figures is not None and figures.levels_used else None
        minutes = event_minutes(resolved_protocol(pack, protocol, level))
    try:
        plan = CalendarPlan(
            uid=f"{digest}@coach.invalid",
            # Calendars sync to phones, servers and shared screens: the protocol's own name
            # only when asked for (--details), and never in discreet mode.
            title=protocol.title if args.details and not discreet else NEUTRAL_TITLE,
            days=days,
            times=times,
            minutes=minutes,
            remind_minutes=args.remind,
            starts=starts,
            weeks=weeks,
            details=_details(pack, figures, discreet=discreet) if args.details else (),
        )
    except ValueError as exc:
        return _error(str(exc))
    try:
        target = common.write_output(args.ics, build_calendar(plan), force=args.force)
    except common.OutputRefused as exc:
        return _error(str(exc))
    # With the calendar on stdout (--ics -), what is said goes to stderr.
    say = sys.stdout if target is not None else sys.stderr
    where = f"Calendar written to {target}" if target is not None else "Calendar written"
    print(
        f"{where} ({describe(plan)}, {common.plural(plan.minutes, 'minute')} each, "
        f"a reminder {args.remind} min before).",
        file=say,
    )
    for note in _notes(pack, days, times, discreet=discreet):
        print(f"Note: {note}", file=say)
    print(
        "Import it into your calendar app; import it again after a change to update it.", file=say
    )
    return 0


def _figures(pack: Pack) -> Figures | None:
    """The programme's figures as of today, from the journal (read-only); ``None`` without a
    programme or a journal that can be opened (the calendar still helps without them)."""
    if pack.program is None:
        return None
    try:
        with open_or_exit(read_only=True) as journal:
            return figures_for(pack, read_journal(journal, pack.info.id), dt.date.today())
    except SystemExit:  # the journal could not be opened: the rest still helps
        return None


def _notes(
    pack: Pack, days: tuple[int, ...], times: tuple[dt.time, ...], *, discreet: bool
) -> list[str]:
    """Where the picked days or times fall short of (or beyond) what the plan asks for."""
    if pack.program is None or discreet:
        return []
    plan_of = pack.program.plan
    a_week = common.plural(len(days), "day") + " a week"
    if plan_of.per == "week":
        per_week = len(days) * len(times)
        if not plan_of.sessions.low <= per_week <= plan_of.sessions.high:
            return [
                f"{common.plural(per_week, 'session')} a week; the plan asks for {plan_of.sessions}."
            ]
        return []
    notes = []
    if len(days) < 7:
        notes.append(f"{a_week}; the plan asks for sessions every day.")
    if len(times) < plan_of.sessions.low:
        notes.append(
            f"{common.plural(len(times), 'time')} a day; the plan asks for {plan_of.sessions} sessions "
            "a day: give a time for each, e.g. --time 08:00,13:00,19:00."
        )
    return notes


def _details(pack: Pack, figures: Figures | None, *, discreet: bool) -> list[str]:
    """The health detail, only on request: the pack, the plan's target in its own unit (a day
    or a week), the level as of today and the one advised next (:mod:`coach.journal.figures`).
    In discreet mode only the target, which names nothing."""
    lines = [] if discreet else [pack.info.title]
    program = pack.program
    if program is not None:
        plan_of = program.plan
        noun = "session" if plan_of.sessions.high == 1 else "sessions"
        lines.append(f"Aim: {plan_of.sessions} {noun} a {plan_of.per}.")
        # The level, not this week's count: the event repeats, a count would be stale by then.
        if figures is not None and figures.levels_used and not discreet:
            when = day(figures.today)
            lines.append(
                f"{figures.level_label} as of {when}; next {program.level_noun}: "
                f"{figures.next_level.name}."
            )
    lines.append("Start it with: coach start")
    return lines
