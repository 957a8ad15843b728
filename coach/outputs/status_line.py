"""The words of ``coach status``, from a :class:`~coach.journal.status_summary.Summary` and today's date.

"Anal dilation at home · 1 of 2-3 this week · next: today", or "… · 2 of 3 today · …" for a
daily plan: the plan's own unit. In discreet mode the same figures with neutral words
("routine"), and never the level or the advice. Pure and cheap: it runs on every shell prompt.

"next:" follows :attr:`coach.journal.figures.Figures.due_next`: advice that needs a clinician
(urgency soon or urgent) comes before another session; a start date the content asks for comes
first; a unit whose most is done ("Done for today" / "this week") moves it to the next day or
week; a start window not yet open moves it to its first day. Reminder days, when set, then pick
the first of them on or after that day.
"""

from __future__ import annotations

import datetime as dt

from coach.journal.status_summary import Summary, range_text

NEUTRAL_NAME = "routine"
CARE = ("soon", "urgent")  # the urgencies whose advice comes before another session
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class Status:
    """The figures of one status line, computed for ``today``."""

    __slots__ = (
        "care",
        "done",
        "in_progress",
        "level",
        "name",
        "next_day",
        "next_words",
        "outcome",
        "per",
        "start_needed",
        "target",
        "this_week",
        "today",
        "unit_words",
        "urgency",
    )

    def __init__(
        self,
        summary: Summary,
        today: dt.date,
        days: tuple[int, ...] = (),
        *,
        in_progress: bool = False,
    ) -> None:
        self.in_progress = in_progress
        """A session runs now (see :mod:`coach.journal.running`): said instead of what is next."""
        monday = today - dt.timedelta(days=today.weekday())
        done, low, high = summary.current(today)
        self.done = done
        self.this_week = summary.sessions_this_week if summary.week_start == monday else 0
        self.target = range_text(low, high)
        self.per = summary.per
        self.unit_words = summary.unit_words
        self.name = summary.name
        self.level = summary.level
        self.outcome = summary.outcome
        self.urgency = summary.urgency
        self.care = summary.urgency in CARE
        self.start_needed = summary.start_needed
        self.today = today
        start = today
        if summary.not_before is not None and summary.not_before > start:
            start = summary.not_before  # the start window is not open yet
        if summary.per == "day":
            if high and done >= high:  # "Done for today"
                start = max(start, today + dt.timedelta(days=1))
        else:
            # A weekly plan spreads its sessions: one done today, the next is tomorrow.
            if summary.day == today and summary.done_today:
                start = max(start, today + dt.timedelta(days=1))
            if high and done >= high:  # "Done for this week": next Monday
                start = max(start, monday + dt.timedelta(days=7))
        if days:
            while start.weekday() not in days:
                start += dt.timedelta(days=1)
        self.next_day = start
        self.next_words = _when(start, today)

    def next_text(self, *, discreet: bool = False) -> str:
        if self.care:
            return "check in first" if discreet else "talk to your clinician first"
        if self.start_needed:
            return "set a start date first" if discreet else "set your start date first"
        return self.next_words

    def line(self, *, discreet: bool = False) -> str:
        name = NEUTRAL_NAME if discreet else self.name
        count = f"{self.done} of {self.target}" if self.target else str(self.done)
        if self.in_progress:
            return f"{name} · {count} {self.unit_words} · session in progress"
        return f"{name} · {count} {self.unit_words} · next: {self.next_text(discreet=discreet)}"

    def as_dict(self, *, discreet: bool = False) -> dict[str, object]:
        data: dict[str, object] = {
            "name": NEUTRAL_NAME if discreet else self.name,
            "per": self.per or None,  # the plan's unit; None: no programme
            "done": self.done,  # in the plan's unit (today or this week)
            "this_week": self.this_week,
            "target": self.target or None,
            "next": self.next_day.isoformat(),
            "next_words": self.next_words,  # the day, in words
            "next_text": self.next_text(discreet=discreet),  # what the line says after "next:"
            "line": self.line(discreet=discreet),
            "in_progress": self.in_progress,  # a session runs now
        }
        if not discreet:  # discreet output names no level and no advice
            data["level"] = self.level
            data["outcome"] = self.outcome
            data["urgency"] = self.urgency
        return data


def _when(day: dt.date, today: dt.date) -> str:
    gap = (day - today).days
    if gap <= 0:
        return "today"
    if gap == 1:
        return "tomorrow"
    if gap < 7:
        return _WEEKDAYS[day.weekday()]
    return day.isoformat()
