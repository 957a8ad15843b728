"""The bench's own arithmetic and set-up rules (bench/stats.py, bench/installs.py): no timing.

The bench prints figures people act on: a wrong percentile or a verdict off by the boundary
would mislead every reading of it, so its pure helpers are checked here.
"""

from __future__ import annotations

import importlib.util
import statistics
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _load(name: str) -> ModuleType:
    """A bench module by its path, under a private name: bench/ is not a package, and putting
    it on sys.path would let its module names shadow others for the whole test run."""
    spec = importlib.util.spec_from_file_location(f"_bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


stats = _load("stats")
installs = _load("installs")

samples = st.lists(
    st.floats(min_value=0.001, max_value=1e6, allow_nan=False), min_size=1, max_size=60
)


def test_spread_of_known_samples() -> None:
    figure = stats.spread([5, 1, 4, 2, 3])  # order does not matter
    assert (figure.n, figure.median, figure.p25, figure.p75) == (5, 3, 2, 4)
    assert figure.p10 == pytest.approx(1.4)
    assert figure.p90 == pytest.approx(4.6)
    assert figure.iqr == 2


def test_one_sample_is_its_own_spread() -> None:
    figure = stats.spread([7.5])
    assert (figure.median, figure.p10, figure.p25, figure.p75, figure.p90) == (7.5,) * 5


@pytest.mark.parametrize("bad", [[], [1.0, float("nan")]])
def test_spread_refuses_what_was_not_measured(bad: list[float]) -> None:
    with pytest.raises(ValueError):
        stats.spread(bad)


@given(st.lists(st.floats(min_value=-1e6, max_value=1e6), min_size=2, max_size=60))
def test_quartiles_agree_with_the_standard_library(values: list[float]) -> None:
    figure = stats.spread(values)
    low, middle, high = statistics.quantiles(values, n=4, method="inclusive")
    assert figure.p25 == pytest.approx(low, abs=1e-6)
    assert figure.median == pytest.approx(middle, abs=1e-6)
    assert figure.p75 == pytest.approx(high, abs=1e-6)


@given(samples)
def test_percentiles_are_ordered_and_within_the_samples(values: list[float]) -> None:
    f = stats.spread(values)
    assert min(values) <= f.p10 <= f.p25 <= f.median <= f.p75 <= f.p90 <= max(values)


def test_percentile_outside_0_100_is_refused() -> None:
    with pytest.raises(ValueError):
        stats.percentile([1.0, 2.0], 101)


def test_scaled_spread() -> None:
    assert stats.spread([0.1, 0.2, 0.3]).scaled(1000).median == pytest.approx(200)


def test_paired_ratios_are_round_by_round() -> None:
    # A slow second round (everything doubled) leaves the ratio as it was.
    assert stats.paired_ratios([110, 220, 330], [100, 200, 300]) == pytest.approx([1.1] * 3)
    with pytest.raises(ValueError):
        stats.paired_ratios([1, 2], [1])
    with pytest.raises(ValueError):
        stats.paired_ratios([1], [0])


def test_verdict_at_the_boundary() -> None:
    at_limit = stats.spread([1.05])
    assert stats.verdict(at_limit, 1.05).outcome == "met"  # "<= 1.05x"
    assert stats.verdict(at_limit, 1.05, strict=True).outcome == "over"  # "< 1.05"
    assert stats.verdict(stats.spread([1.06]), 1.05).outcome == "over"
    assert stats.verdict(stats.spread([99.0]), 100, strict=True).outcome == "met"


def test_verdict_says_when_the_spread_straddles_the_budget() -> None:
    wide = stats.spread([0.9, 1.0, 1.1, 1.2, 1.3])  # IQR 1.0-1.2, median 1.1
    assert str(stats.verdict(wide, 1.05)) == "over (within the spread)"
    assert str(stats.verdict(wide, 1.15)) == "met (within the spread)"
    assert str(stats.verdict(wide, 1.5)) == "met"
    assert str(stats.verdict(wide, 0.95)) == "over"


def test_numbers_print_in_their_unit() -> None:
    assert stats.number(1.2345, "x") == "1.23x"
    assert stats.number(183.4, " ms") == "183 ms"
    assert stats.number(12.34, " ms") == "12.3 ms"
    assert stats.number(68.44, " MiB", with_unit=False) == "68.4"
    assert stats.describe(stats.spread([1, 2, 3]), "x") == (
        "2.00x (IQR 1.50-2.50, p10-p90 1.20-2.80, n=3)"
    )


def test_measured_processes_keep_their_bytecode() -> None:
    env = installs.measured_env(
        {
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONPATH": "/elsewhere",
            "XDG_DATA_HOME": "/mine",
            "PATH": "/usr/bin",
        }
    )
    assert env == {"PATH": "/usr/bin"}


def test_the_wheel_key_follows_the_wheel_inputs_only(tmp_path: Path) -> None:
    (tmp_path / "coach").mkdir()
    (tmp_path / "coach" / "app.py").write_text("x = 1\n")
    (tmp_path / "pyproject.toml").write_text("[project]\n")
    first = installs.tree_digest(tmp_path)
    (tmp_path / "coach" / "__pycache__").mkdir()
    (tmp_path / "coach" / "__pycache__" / "app.cpython-311.pyc").write_bytes(b"\0")
    (tmp_path / "bench").mkdir()
    (tmp_path / "bench" / "run.py").write_text("")  # not in the wheel
    assert installs.tree_digest(tmp_path) == first
    (tmp_path / "coach" / "app.py").write_text("x = 2\n")
    assert installs.tree_digest(tmp_path) != first
