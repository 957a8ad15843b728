"""Which level (size) the next session is planned at: the progression rules' advice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from coach.journal.progress import compute_progress
from coach.journal.records import SessionRecord

if TYPE_CHECKING:
    from coach.pack.model import Pack, Protocol


def planned_level_id(
    pack: Pack, protocol: Protocol, sessions: Sequence[SessionRecord], today: dt.date
) -> str | None:
    """The level advised for a session of ``protocol`` today; ``None`` when levels don't apply."""
    if pack.program is None or not protocol.uses_levels:
        return None
    return compute_progress(pack.program, sessions, today).next_level.id
