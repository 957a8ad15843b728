"""The status summary recomputed from the figures and written: by the app when home loads and
after each session, by plain mode, and by every command that writes the journal.

Apart from :mod:`coach.journal.status_summary` (the file and its reading, which ``coach status``
imports on its fast path): this side needs the figures, and so the content's models.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from coach.journal import status_summary
from coach.journal.figures import (
    Figures,
    compute,
    counter,
    journal_figures,
    read_journal,
    week_start,
)
from coach.journal.records import ActivityRecord, LevelChange, SessionRecord, for_pack
from coach.journal.status_summary import Summary

if TYPE_CHECKING:
    from coach.journal.store import Journal
    from coach.pack.model import Pack

log = logging.getLogger(__name__)


def summary_from(
    pack: Pack,
    sessions: Sequence[SessionRecord],
    today: dt.date,
    *,
    activities: Sequence[ActivityRecord] = (),
    start_given: dt.date | None = None,
    level_changes: Sequence[LevelChange] = (),
) -> Summary:
    """The summary of ``pack`` on ``today``: every figure from :mod:`coach.journal.figures`
    (the count, the unit, the target, the advice's urgency, the level), as home shows them."""
    mine = [s for s in for_pack(sessions, pack.info.id) if s.day <= today]
    written = dt.datetime.now().astimezone()
    if pack.program is None:  # a pack without a programme: counts, no target, no level
        monday = week_start(today)
        judge = counter(pack)
        done = [s.day for s in mine if judge(s)]
        return Summary(
            pack_id=pack.info.id,
            name=pack.info.title,
            per="",
            day=today,
            sessions_this_week=sum(1 for d in done if d >= monday),
            done_today=sum(1 for d in done if d == today),
            target_low=0,
            target_high=0,
            started=None,
            ends=None,
            last_session=max((s.day for s in mine), default=None),
            outcome="",
            urgency="",
            start_needed=False,
            not_before=None,
            level="",
            written=written,
        )
    figures = compute(
        pack,
        mine,
        today,
        activities=activities,
        start_given=start_given,
        level_changes=level_changes,
    )
    return summary_of(pack, figures, written)


def summary_of(pack: Pack, figures: Figures, written: dt.datetime | None = None) -> Summary:
    """The summary of a pack with a programme, from its figures."""
    standing = figures.standing
    today = figures.today
    return Summary(
        pack_id=pack.info.id,
        name=pack.info.title,
        per=figures.per,
        day=today,
        sessions_this_week=figures.done_this_week,
        done_today=figures.done_today,
        target_low=figures.target.low,
        target_high=figures.target.high,
        started=standing.started,
        ends=standing.ends if standing.ends and not standing.length_minimum else None,
        last_session=figures.last_session,
        outcome=figures.outcome,
        urgency=figures.urgency,
        start_needed=bool(standing.asked) and standing.given is None,
        not_before=standing.window_from if standing.waiting(today) else None,
        level=figures.level_label if figures.levels_used else "",
        written=written or dt.datetime.now().astimezone(),
    )


def refresh(pack: Pack | None, journal: Journal | None, today: dt.date | None = None) -> None:
    """What the app calls after a session is saved and when home loads: never raises.

    Without a pack or a journal there is nothing to summarise; the old summary stays.
    """
    if pack is None or journal is None:
        return
    try:
        day = today or dt.date.today()
        if pack.program is not None:  # the figures home and the history show, kept
            summary = summary_of(pack, journal_figures(journal, pack, day))
        else:
            view = read_journal(journal, pack.info.id)
            summary = summary_from(pack, view.sessions, day, activities=view.activities)
        status_summary.write_summary(summary)
    except Exception:  # a status line must never break the app
        log.warning("could not write the status summary", exc_info=True)
