"""The plan's calendar, each rule once: the week, the first week's target, what is due next,
and the words for them.

:mod:`coach.journal.figures` (home, plan, history, the reports) and ``coach status`` (through
:mod:`coach.journal.status_summary` and :mod:`coach.outputs.status_line`) all ask these
functions, so a change here (the week's first day, the first-week rule) shows in every view
at once. Cheap on purpose: ``coach status`` imports it on every shell prompt, so it needs
nothing but :mod:`datetime` (no ``re``, no ``typing``, no dataclasses).
"""

from __future__ import annotations

import datetime as dt
import math

WEEK_STARTS_ON = 0
"""The week's first day, as ``date.weekday()`` counts (0: Monday): the one place it is set."""

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_ONE_DAY = dt.timedelta(days=1)


def week_start(day: dt.date) -> dt.date:
    """The first day of ``day``'s week (see :data:`WEEK_STARTS_ON`)."""
    return day - dt.timedelta(days=(day.weekday() - WEEK_STARTS_ON) % 7)


def day_text(day: dt.date) -> str:
    """ "3 Dec 2026": the same in every locale (no day/month confusion)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def range_text(low: int, high: int) -> str:
    """ "2-3", "2", or "" when there is no target (as CountRange prints it)."""
    if high == 0:
        return ""
    return str(low) if low == high else f"{low}-{high}"


def unit_text(per: str) -> str:
    """ "today" for a daily plan, else "this week" (a pack without a plan counts weeks)."""
    return "today" if per == "day" else "this week"


def first_week_from(per: str, today: dt.date, started: dt.date | None) -> dt.date | None:
    """The first-week rule: the day this week's target counts from, when the plan's first
    week began after the week's first day (its target is then cut to the days left); else
    ``None``. Before any session counts, the plan would start today: so a fresh plan on a
    Thursday has the same target before its first session as after it."""
    if per != "week":
        return None
    begins = started if started is not None else today
    if week_start(today) < begins <= today:
        return begins
    return None


def unit_target(
    per: str, low: int, high: int, today: dt.date, started: dt.date | None
) -> tuple[int, int]:
    """The target of ``today``'s day or week: the plan's, or a first week's shorter one."""
    begins = first_week_from(per, today, started)
    if begins is None or high == 0:
        return low, high
    days = 7 - (begins - week_start(today)).days
    cut_low = max(1, math.floor(low * days / 7 + 0.5))
    return cut_low, max(cut_low, math.floor(high * days / 7 + 0.5))


def done_words(
    done: int,
    low: int,
    high: int,
    per: str,
    today: dt.date,
    started: dt.date | None,
) -> str:
    """ "1 of 2-3 this week"; in a first week that began mid-week, why the target is shorter:
    "1 of 2 this week: your plan started on Thursday". Without a target: "1 this week"."""
    unit = unit_text(per)
    if high == 0:
        return f"{done} {unit}"
    text = f"{done} of {range_text(low, high)} {unit}"
    begins = first_week_from(per, today, started)
    if begins is not None:
        weekday = WEEKDAYS[begins.weekday()]
        if started is not None:
            text += f": your plan started on {weekday}"
        else:
            text += f": your plan starts today, {weekday}"
    return text


def waiting_words(opens: dt.date) -> str:
    """What every view says before a start window opens: nothing is asked until then."""
    return f"not started: your start window opens {day_text(opens)}"


ENDED_WORDS = "the plan has ended"
"""The count's words once a plan of fixed length is over (nothing more is asked)."""

UNSET_WORDS = "not started: your start date is not set yet"
"""What every view says while the content asks for a start date, none was given and no session
has counted yet: never "starts today" beside "set your start date first"."""


def next_day(
    *,
    per: str,
    today: dt.date,
    done: int,
    high: int,
    done_today: int,
    opens: dt.date | None = None,
    ended: bool = False,
    days: tuple[int, ...] = (),
) -> dt.date | None:
    """The day the next session is due; ``None`` once the plan has ended.

    Not before a start window opens. A daily plan whose most is done today: tomorrow. A
    weekly plan spreads its sessions: one done today, the next is tomorrow; its most done this
    week, the next week's first day. Reminder ``days`` (weekdays), when set, then pick the
    first of them on or after that day."""
    if ended:
        return None
    start = today
    if opens is not None and opens > today:
        start = opens
    elif per == "day":
        if high and done >= high:
            start = today + _ONE_DAY
    else:
        if done_today:
            start = today + _ONE_DAY
        if high and done >= high:
            start = max(start, week_start(today) + dt.timedelta(days=7))
    if days:
        while start.weekday() not in days:
            start += _ONE_DAY
    return start


def when_words(day: dt.date | None, today: dt.date) -> str:
    """ "today", "tomorrow", a weekday within the week, else the date (ISO); "" for none."""
    if day is None:
        return ""
    gap = (day - today).days
    if gap <= 0:
        return "today"
    if gap == 1:
        return "tomorrow"
    if gap < 7:
        return WEEKDAYS[day.weekday()][:3]
    return day.isoformat()
