"""Text a person wrote (content files, journal notes) made safe to show, print or speak.

One rule for all of coach: :data:`UNSAFE` is every character that must never reach a terminal
or a screen as it is. :func:`clean` shows them as visible escapes (where the text is shown);
:func:`strip` removes them, with any escape sequence they start (where the text is searched or
spoken). No Textual here: the journal's exports and report use it, and the UI builds on it.
"""

from __future__ import annotations

import codecs
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TextIO

from coach.system.safe_chars import UNSAFE_RANGES, visible

# The one definition of what is unsafe (coach.system.safe_chars, which `coach status` uses
# without re), as a character class.
UNSAFE_CHARS = "".join(
    re.escape(chr(low)) + ("" if low == high else "-" + re.escape(chr(high)))
    for low, high in UNSAFE_RANGES
)
UNSAFE = re.compile(f"[{UNSAFE_CHARS}]")
# Escape sequences as terminals read them (CSI, OSC, and two-character ones), so stripping
# "\x1b[31malert" leaves "alert", not "[31malert".
ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[@-_]"
)
_STRIP = re.compile(f"{ESCAPE_SEQUENCE.pattern}|{UNSAFE.pattern}")


def clean(text: str) -> str:
    """Unsafe characters (ESC, bidi overrides...) replaced by visible escapes, e.g. ``\\x1b``."""
    return UNSAFE.sub(lambda m: visible(m.group()), text)


def strip(text: str, replacement: str = "") -> str:
    """``text`` without escape sequences or unsafe characters (tabs and newlines kept)."""
    return _STRIP.sub(replacement, text)


def json_safe(dumped: str) -> str:
    """JSON text (from ``json.dumps``) with every unsafe character written as ``\\uXXXX``.

    They can only occur inside JSON strings, where the escape means the same character: the
    data stays exact, and the terminal it is printed on never sees a raw control.
    """
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def one_line(text: str) -> str:
    """:func:`clean` text on one line, as a message quoting it (a title, a path) needs."""
    return " ".join(clean(text).split()) if text.strip() else clean(text)


MAX_QUERY = 500
"""How much of a search a person types or pastes is read: each word costs the search time (and,
until it is iterative, stack), and no question is this long. The FAQ's search box holds no more,
and ``coach faq --print`` reads no more."""


def query_text(text: str, limit: int = MAX_QUERY) -> str:
    """What a search reads of typed or pasted text: escape sequences and unsafe characters
    removed (a pasted ESC[... never becomes keys or a colour), lines and runs of spaces joined
    into single spaces, at most ``limit`` characters. Linear in at most a few times ``limit``,
    however much was pasted (110 KB of escape sequences spun the search at 100% CPU)."""
    return " ".join(strip(text[: limit * 8].translate(_LINE_BREAKS)).split())[:limit]


# Line breaks that are unsafe to show separate words all the same (a terminal pastes CR).
_LINE_BREAKS = str.maketrans(dict.fromkeys("\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029", " "))


_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"
"""What stands for a character that could not be read: U+FFFD, the Unicode replacement."""


def storable(text: str) -> tuple[str, bool]:
    """``text`` as it can be stored (UTF-8), and whether anything had to be replaced.

    Bytes that were not UTF-8 (a Latin-1 terminal, a pipe) reach Python as lone surrogates
    ("surrogate escapes"), which no UTF-8 file or database can hold: each becomes U+FFFD, so the
    rest of what the person wrote is kept. A surrogate pair is joined into its character first.
    """
    if _SURROGATE.search(text) is None:
        return text, False
    joined = text.encode("utf-16", "surrogatepass").decode("utf-16", "surrogatepass")
    kept = _SURROGATE.sub(REPLACEMENT, joined)
    return kept, kept != joined


UNREADABLE_NOTICE = (
    "Some characters you typed could not be read (they were not UTF-8); each is kept as "
    f"{REPLACEMENT}, and everything else as you wrote it."
)
"""Said once when :func:`storable` replaced anything."""


def _escape_unencodable(error: UnicodeError) -> tuple[str, int]:
    """Characters an encoding lacks, as ``\\uXXXX`` (astral ones as a surrogate pair): the
    same escapes JSON uses, so ``coach history --format json`` stays valid JSON in any locale."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    out = []
    for char in error.object[error.start : error.end]:
        code = ord(char)
        if code > 0xFFFF:
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out), error.end


def encoding_safe_output() -> None:
    """Make stdout and stderr print any text, whatever the locale's encoding.

    Under ``LC_ALL=C`` (and no UTF-8 mode) Python writes ASCII, and a title such as "Café"
    would raise UnicodeEncodeError half-way through a listing. Characters the encoding lacks
    are written as ``\\u00e9``-style escapes instead (valid inside JSON strings too); UTF-8
    terminals see no change. Called once, first thing, by the command line.
    """
    codecs.register_error("coach-escape", _escape_unencodable)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if reconfigure is not None and encoding not in ("utf8", "utf_8"):
            try:
                reconfigure(errors="coach-escape")
            except (ValueError, OSError):  # a closed or detached stream: nothing to print to
                continue


class TerminalStream:
    """A text stream that shows every unsafe character as a visible escape before it reaches
    the stream below: the one rule applied where a command's output is written, so no line a
    command prints (a pack's title in "Installed ...", a level's name in a table header, a path
    or a query quoted back) can carry a raw escape, bidi override or line separator, whichever
    caller forgot. Everything else (``isatty``, ``encoding``, ``fileno``) is the stream's."""

    def __init__(self, stream: TextIO) -> None:
        self.unfiltered = stream
        """The stream itself, for a control character coach sends on purpose (the bell)."""

    def write(self, text: str) -> int:
        self.unfiltered.write(clean(text))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> object:
        return getattr(self.unfiltered, name)


def unfiltered(stream: TextIO) -> TextIO:
    """The stream below a :class:`TerminalStream` (``stream`` itself when it is not one)."""
    return stream.unfiltered if isinstance(stream, TerminalStream) else stream


@contextmanager
def terminal_output() -> Iterator[None]:
    """While inside: whatever is printed to stdout and stderr passes :func:`clean`.

    The command line runs every command in it, except one that draws its own terminal (plain
    mode's highlighted lines and bell). JSON is unchanged by it (:func:`json_safe` already wrote
    every unsafe character as an escape) and so is CSV (whose cells :func:`clean` made visible).
    """
    saved = sys.stdout, sys.stderr
    sys.stdout = TerminalStream(sys.stdout)  # type: ignore[assignment]
    sys.stderr = TerminalStream(sys.stderr)  # type: ignore[assignment]
    try:
        yield
    finally:
        # Put back only what is still ours (a test's capture may have replaced it meanwhile).
        if isinstance(sys.stdout, TerminalStream):
            sys.stdout = saved[0]
        if isinstance(sys.stderr, TerminalStream):
            sys.stderr = saved[1]
