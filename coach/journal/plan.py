"""Which level the next session is planned at, and opening it in the journal at that level."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from coach.journal.figures import compute
from coach.journal.records import SessionRecord

if TYPE_CHECKING:
    from coach.journal.store import Journal
    from coach.pack.model import Pack, Protocol


def planned_level_id(
    pack: Pack, protocol: Protocol, sessions: Sequence[SessionRecord], today: dt.date
) -> str | None:
    """The level advised for a session of ``protocol`` today; ``None`` when levels don't apply."""
    if pack.program is None or not protocol.uses_levels:
        return None

    return compute(pack, sessions, today).next_level.id


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
