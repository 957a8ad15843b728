"""The words of ``coach status``, from a :class:`~coach.journal.status_summary.Summary` and today's date.

"Anal dilation at home · 1 of 2-3 this week · next: today", or "… · 2 of 3 today · …" for a
daily plan: the plan's own unit. In discreet mode the same figures with neutral words
("routine"), and never the level or the advice. Pure and cheap: it runs on every shell prompt.

"next:" is :func:`coach.journal.pace.next_day`, the rule :attr:`Figures.next_day` follows too:
advice that needs a clinician (urgency soon or urgent) comes before another session; a start
date the content asks for comes first; a unit whose most is done moves it to the next day or
week. Before a start window opens, and once a plan of fixed length is over, nothing is asked:
the line says when the window opens, or that the plan has ended. Reminder days, when set, then
pick the first of them on or after that day.
"""

from __future__ import annotations

import datetime as dt

from coach.journal import pace
from coach.journal.status_summary import Summary

NEUTRAL_NAME = "routine"
CARE = ("soon", "urgent")  # the urgencies whose advice comes before another session


class Status:
    """The figures of one status line, computed for ``today``."""

    __slots__ = (
        "care",
        "done",
        "done_words",
        "ended",
        "in_progress",
        "level",
        "name",
        "next_day",
        "next_words",
        "opens",
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
        done, low, high = summary.current(today)
        self.done = done
        self.this_week = (
            summary.sessions_this_week if summary.week_start == pace.week_start(today) else 0
        )
        self.target = pace.range_text(low, high)
        self.per = summary.per
        self.unit_words = summary.unit_words
        self.name = summary.name
        self.level = summary.level
        self.outcome = summary.outcome
        self.urgency = summary.urgency
        self.care = summary.urgency in CARE
        self.start_needed = summary.start_needed
        self.today = today
        self.ended = summary.ended(today)
        self.opens = summary.not_before if summary.waiting(today) else None
        """The day the start window opens, while it is not open yet."""
        # The same words as every other view (coach.journal.pace), from the summary's facts.
        if self.opens is not None:
            self.done_words = pace.waiting_words(self.opens)
        elif self.ended:
            self.done_words = f"{done} {self.unit_words} · {pace.ENDED_WORDS}"
        else:
            self.done_words = pace.done_words(done, low, high, self.per, today, summary.started)
        self.next_day = pace.next_day(
            per=summary.per,
            today=today,
            done=done,
            high=high,
            done_today=summary.done_today if summary.day == today else 0,
            opens=self.opens,
            ended=self.ended,
            days=days,
        )
        self.next_words = pace.when_words(self.next_day, today)

    def next_text(self, *, discreet: bool = False) -> str:
        if self.care:
            return "check in first" if discreet else "talk to your clinician first"
        if self.start_needed:
            return "set a start date first" if discreet else "set your start date first"
        return self.next_words

    def line(self, *, discreet: bool = False) -> str:
        name = NEUTRAL_NAME if discreet else self.name
        if self.in_progress:
            count = f"{self.done} of {self.target}" if self.target else str(self.done)
            return f"{name} · {count} {self.unit_words} · session in progress"
        if self.opens is not None or self.ended:  # nothing is asked: no "next"
            return f"{name} · {self.done_words}"
        return f"{name} · {self.done_words} · next: {self.next_text(discreet=discreet)}"

    def as_dict(self, *, discreet: bool = False) -> dict[str, object]:
        data: dict[str, object] = {
            "name": NEUTRAL_NAME if discreet else self.name,
            "per": self.per or None,  # the plan's unit; None: no programme
            "done": self.done,  # in the plan's unit (today or this week)
            "this_week": self.this_week,
            "target": self.target or None,  # None: nothing asked (or no programme)
            "next": self.next_day.isoformat() if self.next_day else None,  # None: plan ended
            "next_words": self.next_words,  # the day, in words
            "next_text": self.next_text(discreet=discreet),  # what the line says after "next:"
            "opens": self.opens.isoformat() if self.opens else None,  # the start window opens
            "ended": self.ended,  # a plan of fixed length is over
            "line": self.line(discreet=discreet),
            "in_progress": self.in_progress,  # a session runs now
        }
        if not discreet:  # discreet output names no level and no advice
            data["level"] = self.level
            data["outcome"] = self.outcome
            data["urgency"] = self.urgency
        return data
