"""The link as a QR code for a terminal: two rows of modules a line, in half-block characters.

segno makes the code; each text line stacks two of its rows: "▀" is a dark top half, "▄" a
dark bottom half, "█" both. Dark modules are drawn in the foreground colour, so the caller
shows the lines dark on light (a scanner wants dark modules on a light ground).
"""

from __future__ import annotations

import segno

QUIET = 2
"""Modules of light margin around the code (the standard asks 4; 2 scans well on a screen)."""

_HALVES = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def qr_lines(data: str) -> list[str]:
    """``data`` as a QR code, in half-block lines of equal width (dark = drawn)."""
    code = segno.make(data, error="l", micro=False)
    rows = [[bool(module) for module in row] for row in code.matrix]
    width = len(rows[0]) + 2 * QUIET
    blank = [False] * width
    padded = [blank] * QUIET + [[False] * QUIET + row + [False] * QUIET for row in rows]
    padded += [blank] * QUIET
    if len(padded) % 2:
        padded.append(blank)
    return [
        "".join(_HALVES[(top[i], bottom[i])] for i in range(width))
        for top, bottom in zip(padded[::2], padded[1::2], strict=True)
    ]
