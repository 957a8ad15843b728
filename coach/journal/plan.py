"""Which level (size) the next session is planned at: the progression rules' advice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from coach.journal.progress import compute_progress
from coach.journal.records import SessionRecord, for_pack

if TYPE_CHECKING:
    from coach.journal.store import Journal
    from coach.pack.model import Pack, Protocol


def planned_level_id(
    pack: Pack, protocol: Protocol, sessions: Sequence[SessionRecord], today: dt.date
) -> str | None:
    """The level advised for a session of ``protocol`` today; ``None`` when levels don't apply."""
    if pack.program is None or not protocol.uses_levels:
        return None
    return compute_progress(pack.program, sessions, today).next_level.id


def begin_planned(
    journal: Journal, pack: Pack, protocol: Protocol, started: dt.datetime
) -> tuple[int, str | None]:
    """Open a session in the journal at the planned level: ``(session id, level id)``."""
    sessions = for_pack(journal.sessions(), pack.info.id)
    level_id = planned_level_id(pack, protocol, sessions, started.date())
    session_id = journal.begin_session(
        pack_id=pack.info.id,
        protocol_id=protocol.id,
        protocol_title=protocol.title,
        level_id=level_id,
        started=started,
        counts_as_session=protocol.counts_as_session,
    )
    return session_id, level_id
