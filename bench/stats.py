"""The bench's arithmetic: medians with their spread, paired ratios, and a budget's verdict.

Pure functions over numbers (no timing, no processes, no coach import), so the tests can check
them (tests/unit/test_bench_smoke.py) and every figure the bench prints is computed one way.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Spread:
    """A sample's median and its spread: the quartiles and the 10th/90th percentiles."""

    n: int
    median: float
    p10: float
    p25: float
    p75: float
    p90: float

    @property
    def iqr(self) -> float:
        return self.p75 - self.p25

    def scaled(self, factor: float) -> Spread:
        """The same spread in other units (seconds to milliseconds, say)."""
        return Spread(
            self.n,
            self.median * factor,
            self.p10 * factor,
            self.p25 * factor,
            self.p75 * factor,
            self.p90 * factor,
        )


def spread(samples: Sequence[float]) -> Spread:
    """Median, quartiles and 10th/90th percentiles (linear interpolation between the sorted
    samples, as numpy's default; one sample is its own spread). Empty or NaN samples are an
    error: a figure that was not measured must not print as a number."""
    values = sorted(float(v) for v in samples)
    if not values:
        raise ValueError("no samples")
    if any(math.isnan(v) for v in values):
        raise ValueError("a sample is NaN")
    return Spread(
        len(values),
        statistics.median(values),
        percentile(values, 10),
        percentile(values, 25),
        percentile(values, 75),
        percentile(values, 90),
    )


def percentile(sorted_values: Sequence[float], p: float) -> float:
    """The p-th percentile (0-100) of already sorted values, interpolated linearly."""
    if not sorted_values:
        raise ValueError("no samples")
    if not 0 <= p <= 100:
        raise ValueError(f"percentile {p} is outside 0-100")
    position = (len(sorted_values) - 1) * p / 100
    low = math.floor(position)
    high = min(low + 1, len(sorted_values) - 1)
    below, above = sorted_values[low], sorted_values[high]
    # Clamped: rounding must not put a percentile outside its neighbours (or above the
    # next percentile) when they are equal or close.
    return min(max(below + (above - below) * (position - low), below), above)


def paired_ratios(numerators: Sequence[float], denominators: Sequence[float]) -> list[float]:
    """Round by round ratios of two interleaved series (run i of one over run i of the other):
    a busy moment slows both runs of a round, so the ratio keeps steadier than either figure."""
    if len(numerators) != len(denominators):
        raise ValueError(
            f"paired series differ in length ({len(numerators)} vs {len(denominators)})"
        )
    if any(d <= 0 for d in denominators):
        raise ValueError("a denominator is zero or negative")
    return [n / d for n, d in zip(numerators, denominators, strict=True)]


Outcome = Literal["met", "over"]


@dataclass(frozen=True)
class Verdict:
    """Whether a figure's median is within its budget, and whether the spread straddles it
    (then one more run could flip the verdict: read it as "at the limit")."""

    outcome: Outcome
    marginal: bool

    def __str__(self) -> str:
        return f"{self.outcome} (within the spread)" if self.marginal else self.outcome


def verdict(figure: Spread, budget: float, *, strict: bool = False) -> Verdict:
    """``met`` when the median is at most ``budget`` (below it when ``strict``: budgets written
    as "< 100 ms"); ``marginal`` when the budget lies inside the interquartile range."""
    within = figure.median < budget if strict else figure.median <= budget
    return Verdict("met" if within else "over", figure.p25 <= budget <= figure.p75)


def number(value: float, unit: str, with_unit: bool = True) -> str:
    """A figure as the bench prints it: ratios ("x") and CPU percentages (" %") to two
    decimals, MiB to one, milliseconds whole from 100 up and to one decimal below."""
    if unit in ("x", " %"):
        digits = 2
    elif unit == " ms":
        digits = 0 if abs(value) >= 100 else 1
    else:
        digits = 1
    return f"{value:.{digits}f}{unit if with_unit else ''}"


def describe(figure: Spread, unit: str) -> str:
    """``median (IQR low-high, p10-p90 low-high, n=N)``, in one unit, on one line."""

    def f(value: float) -> str:
        return number(value, unit, with_unit=False)

    return (
        f"{number(figure.median, unit)} (IQR {f(figure.p25)}-{f(figure.p75)},"
        f" p10-p90 {f(figure.p10)}-{f(figure.p90)}, n={figure.n})"
    )
