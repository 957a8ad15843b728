"""Sessions grouped by calendar week (Monday to Sunday): for the report and the history chart."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from coach.journal.progress import week_start
from coach.journal.records import SessionRecord


@dataclass(frozen=True, slots=True)
class Week:
    start: dt.date  # a Monday
    sessions: int  # sessions that count toward the weekly target
    all_sessions: int  # every protocol, drills included
    comfort: float | None  # the average comfort of the check-ins that gave one
    pain: int  # sessions with pain (a pain stop, or pain at check-in)
    bleeding: int  # sessions with bleeding at check-in

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=6)


def weekly(
    sessions: Sequence[SessionRecord], *, until: dt.date, since: dt.date | None = None
) -> list[Week]:
    """Every week from ``since`` (else the first session's) to ``until``, empty weeks included:
    a gap is information too."""
    if since is None:
        if not sessions:
            return []
        since = min(s.day for s in sessions)
    first, last = week_start(since), week_start(until)
    if first > last:
        return []
    count = (last - first).days // 7 + 1
    counted = [0] * count
    everything = [0] * count
    comfort: list[list[int]] = [[] for _ in range(count)]
    pain = [0] * count
    bleeding = [0] * count
    for session in sessions:
        slot = (session.day - first).days // 7
        if not 0 <= slot < count:
            continue
        everything[slot] += 1
        counted[slot] += session.counts_as_session
        pain[slot] += session.had_pain
        bleeding[slot] += session.had_bleeding
        if session.comfort is not None:
            comfort[slot].append(session.comfort)
    return [
        Week(
            start=first + dt.timedelta(weeks=i),
            sessions=counted[i],
            all_sessions=everything[i],
            comfort=sum(comfort[i]) / len(comfort[i]) if comfort[i] else None,
            pain=pain[i],
            bleeding=bleeding[i],
        )
        for i in range(count)
    ]
