"""Text a person wrote (content files, journal notes) made safe to show or print.

No Textual here: the journal's exports and report use it, and the UI builds on it.
"""

from __future__ import annotations

import re

# Every C0/C1 control except tab and newline: an escape sequence pasted into a file or a note.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Control characters (ESC and friends) replaced by their visible escapes, e.g. ``\\x1b``."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)
