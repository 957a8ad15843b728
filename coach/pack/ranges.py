"""Count ranges such as ``"4-6"`` attempts or ``"2-3"`` sessions a week."""

from __future__ import annotations

import re
from dataclasses import dataclass

_RANGE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")


class RangeError(ValueError):
    """A count range that cannot be read."""


@dataclass(frozen=True, slots=True)
class CountRange:
    low: int
    high: int

    def __str__(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"


def parse_count_range(value: object, *, minimum: int = 1) -> CountRange:
    if isinstance(value, bool):
        raise RangeError("expected a number or a range like '4-6'")
    if isinstance(value, int):
        low = high = value
    elif isinstance(value, str):
        match = _RANGE.match(value)
        if not match and value.strip().startswith("-"):
            raise RangeError(f"{value!r} is negative; write a count such as 4 or a range '4-6'")
        if not match:
            raise RangeError(f"cannot read {value!r} as a count or range (try '4-6')")
        low = int(match.group(1))
        high = int(match.group(2) or low)
    elif isinstance(value, float):
        raise RangeError(f"{value} is not a whole number; write a count such as 4 or '4-6'")
    else:
        raise RangeError(f"expected a number or a range like '4-6', not {type(value).__name__}")
    if low < minimum:
        raise RangeError(f"must be at least {minimum}")
    if low > high:
        raise RangeError(f"the range starts after it ends ({low} > {high})")
    return CountRange(low, high)
