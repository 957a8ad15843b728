"""Which level the next session is planned at, and the protocol as it runs at that level."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coach.journal.figures import compute
from coach.journal.records import SessionRecord, for_pack
from coach.pack.levels import resolved_protocol

if TYPE_CHECKING:
    from coach.journal.store import Journal
    from coach.pack.model import Pack, Protocol


@dataclass(frozen=True, slots=True)
class Planned:
    """A session opened in the journal: its id, its level, and the protocol to run.

    ``protocol`` has the level's parameters filled in (see
    :func:`coach.pack.levels.protocol_for_level`): give it to the engine, not the pack's own.
    """

    session_id: int
    level_id: str | None
    protocol: Protocol


def planned_level_id(
    pack: Pack, protocol: Protocol, sessions: Sequence[SessionRecord], today: dt.date
) -> str | None:
    """The level advised for a session of ``protocol`` today; ``None`` when levels don't apply."""
    if pack.program is None or not protocol.uses_levels:
        return None

    return compute(pack, sessions, today).next_level.id


def begin_planned_session(
    journal: Journal, pack: Pack, protocol: Protocol, started: dt.datetime
) -> Planned:
    """Open a session in the journal at the planned level, with the protocol resolved for it."""
    sessions = for_pack(journal.sessions(), pack.info.id)
    level_id = planned_level_id(pack, protocol, sessions, started.date())
    running = resolved_protocol(pack, protocol, level_id)
    return Planned(begin_at(journal, pack, protocol, level_id, started), level_id, running)


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


def begin_planned(
    journal: Journal, pack: Pack, protocol: Protocol, started: dt.datetime
) -> tuple[int, str | None]:
    """Open a session in the journal at the planned level: ``(session id, level id)``.

    Kept for callers that only need these two; the protocol to run at that level comes from
    :func:`begin_planned_session`."""
    planned = begin_planned_session(journal, pack, protocol, started)
    return planned.session_id, planned.level_id
