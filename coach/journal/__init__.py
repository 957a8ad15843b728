"""The person's log: a private SQLite store, the programme's figures, exports and the report.

No Textual and, at import time, no pydantic here: the CLI commands and the tests use these
modules as they are, and a test checks that importing them leaves ``textual`` unloaded.

The names below are imported when first asked for, so that importing one small module of the
package (``coach status`` reads :mod:`coach.journal.seal`) does not load the store and SQLite.
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # not typing's: typing imports re, which coach status does without
if TYPE_CHECKING:
    from coach.journal.aside import JournalError, JournalTooNew
    from coach.journal.records import CheckIn, SessionRecord, StoredEvent
    from coach.journal.store import Journal, forget

_HOME = {
    "JournalError": "coach.journal.aside",
    "JournalTooNew": "coach.journal.aside",
    "CheckIn": "coach.journal.records",
    "SessionRecord": "coach.journal.records",
    "StoredEvent": "coach.journal.records",
    "Journal": "coach.journal.store",
    "forget": "coach.journal.store",
}


def __getattr__(name: str) -> object:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


__all__ = [
    "CheckIn",
    "Journal",
    "JournalError",
    "JournalTooNew",
    "SessionRecord",
    "StoredEvent",
    "forget",
]
