from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.pack.durations import DurationError, Span, format_clock, format_seconds, parse_span
from coach.pack.ranges import CountRange, RangeError, parse_count_range


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("90s", Span(90, 90)),
        ("4m", Span(240, 240)),
        ("1m30s", Span(90, 90)),
        ("3-5m", Span(180, 300)),
        ("30s-2m", Span(30, 120)),
        ("1h", Span(3600, 3600)),
        (45, Span(45, 45)),
        (2.5, Span(2.5, 2.5)),
        (" 10 min ", Span(600, 600)),
    ],
)
def test_parses_what_people_write(text: object, expected: Span) -> None:
    assert parse_span(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0s", "longer than zero"),
        (-5, "longer than zero"),
        ("5-3m", "starts after it ends"),
        ("soon", "cannot read"),
        ("", "cannot be empty"),
        (True, "not true/false"),
        ("-3m", "is negative"),
        ("3-", "missing end"),
        (float("nan"), "not a duration"),
        (float("inf"), "not a duration"),
        (10**400, "longer than a day"),
        ("25h", "longer than a day"),
        ([1], "not list"),
    ],
)
def test_rejects_with_a_reason(text: object, message: str) -> None:
    with pytest.raises(DurationError, match=message):
        parse_span(text)


def test_formats() -> None:
    assert format_seconds(95) == "1m35s"
    assert format_seconds(240) == "4m"
    assert format_seconds(0) == "0s"
    assert format_clock(65) == "01:05"
    assert format_clock(3725) == "1:02:05"
    assert format_clock(-3) == "00:00"
    assert str(Span(180, 300)) == "3m-5m"


@given(st.integers(min_value=1, max_value=24 * 3600))
def test_round_trips_through_text(seconds: int) -> None:
    assert parse_span(format_seconds(seconds)) == Span(seconds, seconds)


def test_count_ranges() -> None:
    assert parse_count_range("4-6") == CountRange(4, 6)
    assert parse_count_range(3) == CountRange(3, 3)
    assert str(CountRange(2, 3)) == "2-3"
    for bad in ("6-4", "0", "a", True, 1.5):
        with pytest.raises(RangeError):
            parse_count_range(bad)
