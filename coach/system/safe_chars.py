"""Which characters never reach an output as they are: the one definition, without ``re``.

:data:`UNSAFE_RANGES` is every character that must not reach a terminal, a spreadsheet, a
calendar or a page raw (see :mod:`coach.system.safe_text`, which builds its fast regular
expressions from it). This module imports nothing, so ``coach status``, which runs on every
shell prompt and cannot afford ``re``, applies the same rule with :func:`clean`.
"""

from __future__ import annotations

# Every C0 control except tab and newline, DEL and every C1 control (an escape sequence pasted
# into a file or a note: ESC, and CSI as one byte), the line and paragraph separators some
# terminals and readers treat as new lines, and the Unicode controls that reorder what is shown
# (bidi embeddings, overrides and isolates, such as U+202E, which makes "gpj.exe" read as
# "exe.jpg"). The plain direction marks (U+200E, U+200F, U+061C) stay: Arabic and Hebrew text
# needs them, and they reorder nothing beyond themselves. Lone surrogates too (bytes that were
# not UTF-8, as Python keeps them): no terminal encoding can write one, and printing it fails.
UNSAFE_RANGES: tuple[tuple[int, int], ...] = (
    (0x00, 0x08),
    (0x0B, 0x1F),
    (0x7F, 0x9F),
    (0x2028, 0x2029),
    (0x202A, 0x202E),
    (0x2066, 0x2069),
    (0xD800, 0xDFFF),
)


def is_unsafe(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in UNSAFE_RANGES)


def visible(char: str) -> str:
    """How an unsafe character is shown: ``\\x1b``, ``\\u202e``."""
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: str) -> str:
    """:func:`coach.system.safe_text.clean` for short texts (a status line), without ``re``."""
    # Every unsafe character is also one Python calls unprintable: most text skips the loop.
    if text.isprintable():
        return text
    return "".join(visible(c) if is_unsafe(c) else c for c in text)


def json_escaped(dumped: str) -> str:
    """:func:`coach.system.safe_text.json_safe` for short texts, without ``re``."""
    if dumped.isprintable():
        return dumped
    return "".join(f"\\u{ord(c):04x}" if is_unsafe(c) else c for c in dumped)
