"""Which level the next session is planned at, and opening it in the journal at that level."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coach.journal.figures import JournalView, figures_for

if TYPE_CHECKING:
    from coach.journal.store import Journal
    from coach.pack.model import Pack, Protocol


@dataclass(frozen=True, slots=True)
class PlannedLevel:
    """The level a session runs at, and what its steps may read of the last change of level."""

    level_id: str | None  # None: levels don't apply
    previous_id: str | None = None  # the level before the last change (None: no change yet)
    after_change: int | None = None  # sessions counted on the level since that change


def planned_level(
    pack: Pack, protocol: Protocol, view: JournalView, today: dt.date
) -> PlannedLevel:
    """The level advised for a session of ``protocol`` today, from the same figures every view
    shows (sessions that count, levels set by hand, activities); no level when levels don't
    apply."""
    if pack.program is None or not protocol.uses_levels:
        return PlannedLevel(None)
    figures = figures_for(pack, view, today)
    previous = figures.previous_level
    return PlannedLevel(
        level_id=figures.next_level.id,
        previous_id=previous.id if previous is not None else None,
        after_change=figures.after_change,
    )


def begin_at(
    journal: Journal, pack: Pack, protocol: Protocol, level_id: str | None, started: dt.datetime
) -> int:
    """Open a session of ``protocol`` (as the content writes it) at ``level_id``: its id."""
    return journal.begin_session(
        pack_id=pack.info.id,
        protocol_id=protocol.id,
        protocol_title=protocol.title,
        level_id=level_id,
        started=started,
        counts_as_session=protocol.counts_as_session,
    )
