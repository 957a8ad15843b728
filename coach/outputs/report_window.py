"""The dates a report can cover: a sane window, so one absurd date cannot make it endless.

A session dated 1970 (a machine whose clock reset, as one without a clock battery does) or year 1
(a row edited by hand) made the weekly table run from then: 2,974 rows, or 24 MB of HTML in 11
s. Such a record is no real session: it is left out of the report and counted with the rows
that could not be read (it stays in the journal, untouched), and the report runs from the first
real one. An explicit ``--since`` earlier than any real date starts at the window's start.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Sequence

from coach.journal.figures import JournalView
from coach.journal.records import ActivityRecord, SessionRecord

log = logging.getLogger(__name__)

EARLIEST = dt.date(2000, 1, 1)
"""No real session is older: coach needs Python 3.11 (2022); the margin is generous."""
AHEAD = dt.timedelta(days=1)
"""How far past today a record may be dated: a day, for a session started east of here."""


START_AHEAD = dt.timedelta(days=366)
"""How far ahead a plan's start date may be: a date given in advance (treatment ending next
week) is real, unlike a session dated in the future."""


def latest(today: dt.date) -> dt.date:
    """The last day a record can be dated, seen on ``today`` (the computer's date)."""
    return today + AHEAD


def sane(day: dt.date, today: dt.date) -> bool:
    """Whether a record dated ``day`` can be real, seen on ``today``."""
    return EARLIEST <= day <= latest(today)


def bounded_since(since: dt.date | None) -> dt.date | None:
    """``--since`` as the report uses it: never before :data:`EARLIEST` (a bounded table)."""
    return None if since is None else max(since, EARLIEST)


def within_window(view: JournalView, today: dt.date) -> JournalView:
    """``view`` without the records dated outside the sane window, each counted as unreadable
    (sessions with the sessions, activities and the plan's start with the other records)."""
    sessions: Sequence[SessionRecord] = [s for s in view.sessions if sane(s.day, today)]
    activities: Sequence[ActivityRecord] = [a for a in view.activities if sane(a.day, today)]
    start_given = view.start_given
    if start_given is not None and not EARLIEST <= start_given <= today + START_AHEAD:
        start_given = None
    left_sessions = len(view.sessions) - len(sessions)
    left_other = len(view.activities) - len(activities) + (start_given != view.start_given)
    if left_sessions or left_other:
        log.warning(
            "report: %d sessions and %d other records dated outside %s..%s left out",
            left_sessions,
            left_other,
            EARLIEST,
            latest(today),
        )
    return dataclasses.replace(
        view,
        sessions=list(sessions),
        activities=list(activities),
        start_given=start_given,
        unreadable=view.unreadable + left_sessions,
        unreadable_other=view.unreadable_other + left_other,
    )
