"""The days and time a person picks for their sessions: "mon,wed,fri" and "19:30".

Read from flags (``coach plan --days --time``) and from the settings (``reminder_days``,
``reminder_time``); used by ``coach status`` for "next:" and by the calendar file. Plain
string work, no ``re``: ``coach status`` imports this on its fast path.
"""

from __future__ import annotations

import datetime as dt

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_ALIASES = {
    **{name: i for i, name in enumerate(DAY_NAMES)},
    **{
        full: i
        for i, full in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        )
    },
    "tues": 1,
    "weds": 2,
    "thur": 3,
    "thurs": 3,
}


class ScheduleError(ValueError):
    """A day list or a time that cannot be read; the message says what is expected."""


def parse_days(text: str) -> tuple[int, ...]:
    """ "mon,wed,fri" -> (0, 2, 4): weekdays as in ``date.weekday()``, sorted, no repeats.

    An empty text is no days (no schedule picked yet)."""
    days: set[int] = set()
    for part in text.replace(" ", ",").split(","):
        word = part.strip().lower()
        if not word:
            continue
        if word not in _ALIASES:
            raise ScheduleError(
                f"unknown day {part.strip()!r}: use mon, tue, wed, thu, fri, sat or sun, "
                "separated by commas"
            )
        days.add(_ALIASES[word])
    return tuple(sorted(days))


def format_days(days: tuple[int, ...]) -> str:
    return ",".join(DAY_NAMES[d] for d in days)


def parse_time(text: str) -> dt.time:
    """ "19:30" or "7:05" -> a time of day (24-hour clock, minutes)."""
    hours, sep, minutes = text.strip().partition(":")
    if (
        not sep
        or not (hours.isascii() and hours.isdigit())
        or not (minutes.isascii() and minutes.isdigit())
        or len(hours) > 2
        or len(minutes) != 2
        or not 0 <= int(hours) <= 23
        or not 0 <= int(minutes) <= 59
    ):
        raise ScheduleError(f"cannot read {text!r} as a time: use HH:MM, e.g. 19:30")
    return dt.time(int(hours), int(minutes))


def parse_times(text: str) -> tuple[dt.time, ...]:
    """ "08:00,13:00, 19:30" -> the times of day, sorted, no repeats: one per session of a
    several-a-day plan."""
    times = {parse_time(part) for part in text.replace(" ", ",").split(",") if part.strip()}
    if not times:
        raise ScheduleError(f"cannot read {text!r} as a time: use HH:MM, e.g. 19:30")
    return tuple(sorted(times))
