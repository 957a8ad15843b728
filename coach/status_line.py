"""The words of ``coach status``, from a :class:`~coach.status_file.Summary` and today's date.

"Anal dilation at home · 1 of 2-3 this week · next: today"; in discreet mode the same figures
with neutral words ("routine"), and never the level or the advice. Pure and cheap: it runs
on every shell prompt.
"""

from __future__ import annotations

import datetime as dt

from coach.status_file import Summary

NEUTRAL_NAME = "routine"
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class Status:
    """The figures of one status line, computed for ``today``."""

    __slots__ = ("done", "level", "name", "next_day", "next_words", "outcome", "target", "today")

    def __init__(self, summary: Summary, today: dt.date, days: tuple[int, ...] = ()) -> None:
        monday = today - dt.timedelta(days=today.weekday())
        # A summary from an earlier week says nothing about this one: nothing done yet.
        self.done = summary.sessions_this_week if summary.week_start == monday else 0
        self.target = summary.target
        self.name = summary.name
        self.level = summary.level
        self.outcome = summary.outcome
        self.today = today
        done_today = summary.did_today and summary.written.date() == today
        start = today + dt.timedelta(days=1) if done_today else today
        if summary.target_high and self.done >= summary.target_high:  # the week's most is done
            start = max(start, monday + dt.timedelta(days=7))
        if days:
            while start.weekday() not in days:
                start += dt.timedelta(days=1)
        self.next_day = start
        self.next_words = _when(start, today)

    def line(self, *, discreet: bool = False) -> str:
        name = NEUTRAL_NAME if discreet else self.name
        nxt = self.next_words
        if self.outcome == "see_clinician":
            nxt = "check in first" if discreet else "talk to your clinician first"
        week = f"{self.done} of {self.target}" if self.target else str(self.done)
        return f"{name} · {week} this week · next: {nxt}"

    def as_dict(self, *, discreet: bool = False) -> dict[str, object]:
        data: dict[str, object] = {
            "name": NEUTRAL_NAME if discreet else self.name,
            "this_week": self.done,
            "target": self.target or None,
            "next": self.next_day.isoformat(),
            "next_words": self.next_words,
            "line": self.line(discreet=discreet),
        }
        if not discreet:  # discreet output names no level and no advice
            data["level"] = self.level
            data["outcome"] = self.outcome
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
