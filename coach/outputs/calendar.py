"""The plan as an iCalendar file, so the person's own calendar reminds them (coach has no daemon).

One weekly recurring event for each session time the person picked (a 3-a-day plan: three), on
the days they picked, with a display alarm before it, as long as the routine takes
(:func:`event_minutes`). The caller picks the title: neutral unless the person asks for details
outside discreet mode; and the event carries no health detail (no level, no advice) unless asked
for: calendars sync to phones, servers and shared screens.

Times are "floating" (no time zone): 19:30 stays 19:30 wherever the person is, which is what a
personal routine means. The UIDs are stable for a pack, protocol and session of the day, so
importing a new file updates the events instead of adding more.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from icalendar import Alarm, Calendar, Event, vRecur

from coach.pack.model import Protocol
from coach.system.safe_text import clean
from coach.system.schedule import DAY_NAMES

NEUTRAL_TITLE = "Routine"
PRODID = "-//coach//home exercise plan//EN"
_ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Bounds a person will never meet and a calendar can hold: past them a date overflows (a
# million weeks is past the year 9999) or a reminder means nothing.
MAX_WEEKS = 520  # ten years
MAX_MINUTES = 24 * 60  # an event of at most a day
MAX_REMIND_MINUTES = 7 * 24 * 60  # a reminder at most a week before


@dataclass(frozen=True)
class CalendarPlan:
    """What goes into the calendar file; every word in it was chosen by the caller."""

    uid: str  # stable: the same plan exported twice is the same events ("name@domain")
    title: str  # what the calendar shows; neutral in discreet mode
    days: tuple[int, ...]  # weekdays, 0 = Monday
    times: tuple[dt.time, ...]  # one event per session time of the day
    minutes: int = 20  # how long the event lasts
    remind_minutes: int = 10  # the alarm, this long before
    starts: dt.date | None = None  # the first day on or after this one (default: today)
    weeks: int | None = None  # stop after this many weeks; None: no end
    details: Sequence[str] = ()  # the description's lines (health detail only when asked)

    def __post_init__(self) -> None:
        if not self.days:
            raise ValueError("pick at least one day (e.g. mon,wed,fri)")
        if not self.times:
            raise ValueError("pick at least one time (e.g. 19:30)")
        if not 1 <= self.minutes <= MAX_MINUTES:
            raise ValueError(
                f"an event lasts at least a minute and at most a day (--minutes 1 to {MAX_MINUTES})"
            )
        if not 0 <= self.remind_minutes <= MAX_REMIND_MINUTES:
            raise ValueError(
                f"the reminder comes 0 to {MAX_REMIND_MINUTES} minutes (a week) before (--remind)"
            )
        if self.weeks is not None and not 1 <= self.weeks <= MAX_WEEKS:
            raise ValueError(
                f"--weeks is 1 to {MAX_WEEKS} (ten years); leave it out for a plan with no end"
            )


def first_day(days: tuple[int, ...], starts: dt.date) -> dt.date:
    day = starts
    while day.weekday() not in days:
        day += dt.timedelta(days=1)
    return day


def event_minutes(protocol: Protocol) -> int:
    """How long to block for a session of ``protocol``: its timed steps at their longest, and a
    minute for each step without a clock (reading, getting ready); whole minutes, at least 5."""
    seconds = 0.0
    for step in protocol.steps:
        if step.branch_only:
            continue
        length = step.step_seconds()
        seconds += 60.0 if length is None else length
    return max(5, math.ceil(seconds / 60))


def uids(plan: CalendarPlan) -> list[str]:
    """One UID per session time: the first is the plan's own (a one-a-day file from before
    keeps updating the same event), the others add "-2", "-3"."""
    name, _, domain = plan.uid.partition("@")
    return [plan.uid if i == 0 else f"{name}-{i + 1}@{domain}" for i in range(len(plan.times))]


def build_calendar(plan: CalendarPlan, *, now: dt.datetime | None = None) -> bytes:
    """The ``.ics`` bytes of ``plan`` (RFC 5545, written by the icalendar library).

    Every text value passes :func:`~coach.system.safe_text.clean` here, where the file is
    written: RFC 5545 forbids control characters in TEXT (a line-based reader would take a
    raw CR, VT, FF or NEL in a title for the end of the line, and the rest for new lines)."""
    now = now or dt.datetime.now(dt.UTC)
    start_day = first_day(plan.days, plan.starts or now.astimezone().date())

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    for uid, at in zip(uids(plan), plan.times, strict=True):
        calendar.add_component(_event(plan, uid, dt.datetime.combine(start_day, at), now))
    return calendar.to_ical()


def _event(plan: CalendarPlan, uid: str, start: dt.datetime, now: dt.datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now.astimezone(dt.UTC))
    event.add("summary", clean(plan.title))
    event.add("dtstart", start)
    event.add("duration", dt.timedelta(minutes=plan.minutes))
    rule: dict[str, object] = {"freq": "weekly", "byday": [_ICAL_DAYS[d] for d in plan.days]}
    if plan.weeks is not None:
        # The last moment of the last week (floating, like DTSTART, as RFC 5545 asks).
        rule["until"] = dt.datetime.combine(
            start.date() + dt.timedelta(weeks=plan.weeks, days=-1), dt.time(23, 59, 59)
        )
    event.add("rrule", vRecur(rule))
    event.add("transp", "OPAQUE")
    event.add("class", "PRIVATE")
    if plan.details:
        event.add("description", clean("\n".join(plan.details)))

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", clean(plan.title))
    alarm.add("trigger", dt.timedelta(minutes=-plan.remind_minutes))
    event.add_component(alarm)
    return event


def describe(plan: CalendarPlan) -> str:
    """ "mon, wed, fri at 08:00 and 19:30" for the command's confirmation line."""
    times = [f"{at:%H:%M}" for at in plan.times]
    said = times[0] if len(times) == 1 else f"{', '.join(times[:-1])} and {times[-1]}"
    return f"{', '.join(DAY_NAMES[d] for d in plan.days)} at {said}"
