"""Durations people can read: ``"90s"``, ``"4m"``, ``"1m30s"``, ``"3-5m"`` or plain seconds.

Kept free of pydantic so the engine and the first frame can use it without the validation stack.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_UNITS = {"s": 1, "sec": 1, "secs": 1, "m": 60, "min": 60, "mins": 60, "h": 3600, "hr": 3600}
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*(h|hr|mins?|m|secs?|s)?", re.IGNORECASE)
_SINGLE = re.compile(r"^\s*(?:\d+(?:\.\d+)?\s*(?:h|hr|mins?|m|secs?|s)?\s*)+$", re.IGNORECASE)
MAX_SECONDS = 24 * 3600  # nothing in a home protocol lasts a day; bigger is a typo


class DurationError(ValueError):
    """A duration text that cannot be read."""


@dataclass(frozen=True, slots=True)
class Span:
    """A duration range in seconds; ``low == high`` for a fixed duration."""

    low: float
    high: float

    @property
    def fixed(self) -> bool:
        return self.low == self.high

    def __str__(self) -> str:
        if self.fixed:
            return format_seconds(self.low)
        return f"{format_seconds(self.low)}-{format_seconds(self.high)}"


def _single(text: str, default_unit: str | None) -> float:
    if not _SINGLE.match(text):
        raise DurationError(f"cannot read {text!r} as a duration (try '90s', '4m', '1m30s')")
    parts = _PART.findall(text)
    total = 0.0
    for number, unit in parts:
        unit = (unit or default_unit or "s").lower()
        total += float(number) * _UNITS[unit]
    return total


def _trailing_unit(text: str) -> str | None:
    match = re.search(r"(h|hr|mins?|m|secs?|s)\s*$", text.strip(), re.IGNORECASE)
    return match.group(1) if match else None


def parse_span(value: object) -> Span:
    """Read a duration or a range. ``"3-5m"`` gives ``Span(180, 300)``.

    A range's left side borrows the right side's unit when it has none, as people write it.
    """
    if isinstance(value, bool):
        raise DurationError(
            "a duration is a number of seconds or a text like '90s', not true/false"
        )
    if isinstance(value, int | float):
        if isinstance(value, int) and abs(value) > MAX_SECONDS:
            raise DurationError("a duration longer than a day is surely a typo")
        if not math.isfinite(value):
            raise DurationError(f"{value} is not a duration (write a number such as 30 or '90s')")
        low = high = float(value)
    elif isinstance(value, str):
        text = value.strip()
        if not text:
            raise DurationError("a duration cannot be empty")
        if text.startswith("-"):
            raise DurationError(
                f"{value!r} is negative; a duration is a length of time, such as '90s' or "
                "'3-5m' for a range"
            )
        if "-" in text:
            left, _, right = text.partition("-")
            if not left.strip() or not right.strip():
                raise DurationError(
                    f"{value!r} has a range with a missing end; write both ends, as in '3-5m'"
                )
            unit = _trailing_unit(right)
            left_unit = _trailing_unit(left)
            low = _single(left, None if left_unit else unit)
            high = _single(right, None)
        else:
            low = high = _single(text, None)
    else:
        raise DurationError(
            f"a duration is a number of seconds or a text, not {type(value).__name__}"
        )
    if low <= 0 or high <= 0:
        raise DurationError("a duration must be longer than zero")
    if low > high:
        raise DurationError(
            f"the range starts after it ends ({format_seconds(low)} > {format_seconds(high)})"
        )
    if high > MAX_SECONDS:
        raise DurationError("a duration longer than a day is surely a typo")
    return Span(low, high)


def format_seconds(seconds: float) -> str:
    """``95`` -> ``"1m35s"``; whole minutes as ``"4m"``; used for content and plain text."""
    if not math.isfinite(seconds):  # never reached from checked content; never a crash either
        return "?"
    seconds = round(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    out = ""
    if hours:
        out += f"{hours}h"
    if minutes:
        out += f"{minutes}m"
    if secs or not out:
        out += f"{secs}s"
    return out


def format_clock(seconds: float) -> str:
    """A clock face: ``"04:05"``, or ``"1:02:03"`` past an hour. Never negative."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"
