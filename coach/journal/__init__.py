"""The person's log: a private SQLite store, the programme's figures, exports and the report.

No Textual and, at import time, no pydantic here: the CLI commands and the tests use these
modules as they are, and a test checks that importing them leaves ``textual`` unloaded.
"""

from coach.journal.aside import JournalError, JournalTooNew
from coach.journal.records import CheckIn, SessionRecord, StoredEvent
from coach.journal.store import Journal, forget

__all__ = [
    "CheckIn",
    "Journal",
    "JournalError",
    "JournalTooNew",
    "SessionRecord",
    "StoredEvent",
    "forget",
]
