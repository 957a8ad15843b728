"""Figures kept on the journal (``journal_figures``): worked out once per state of the journal,
never shown stale, whoever wrote (this connection, a batch rolled back, another process)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.journal import figures as figures_module
from coach.journal.figures import figures_for, journal_figures, read_journal
from coach.journal.store import Journal
from tests.snapshots.apps.journal_data import TZ, fill, pack, record

MONDAY = dt.date(2026, 1, 5)


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    opened = Journal.open(tmp_path / "journal.sqlite3")
    yield opened
    opened.close()


def fresh(journal: Journal, the_pack: object, today: dt.date) -> object:
    return figures_for(the_pack, read_journal(journal, the_pack.info.id), today)


def counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How often the figures are really worked out."""
    calls: list[int] = []
    real = figures_module.figures_for

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(figures_module, "figures_for", counted)
    return calls


def test_asked_again_with_nothing_changed_they_are_not_worked_out_again(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    the_pack = pack()
    fill(journal, [record(MONDAY), record(MONDAY + dt.timedelta(days=2))])
    calls = counting(monkeypatch)
    first = journal_figures(journal, the_pack, MONDAY + dt.timedelta(days=3))
    again = journal_figures(journal, the_pack, MONDAY + dt.timedelta(days=3))
    assert again is first
    assert len(calls) == 1
    assert first == fresh(journal, the_pack, MONDAY + dt.timedelta(days=3))


def test_every_kind_of_write_is_seen(journal: Journal) -> None:
    the_pack = pack()
    today = MONDAY + dt.timedelta(days=3)
    before = journal_figures(journal, the_pack, today)
    assert before.done_this_week == 0
    fill(journal, [record(MONDAY)])
    after_session = journal_figures(journal, the_pack, today)
    assert after_session.done_this_week == 1
    journal.log_activity(
        pack_id="test-pack",
        activity_id="intercourse",
        title="Intercourse instead of a session",
        counts=True,
        day=MONDAY + dt.timedelta(days=1),
    )
    after_activity = journal_figures(journal, the_pack, today)
    assert after_activity.done_this_week == 2
    journal.set_level("test-pack", "size-3", "clinician", dt.datetime(2026, 1, 7, 8, tzinfo=TZ))
    after_level = journal_figures(journal, the_pack, today)
    assert after_level.next_level.id == "size-3"
    assert after_level.level_set_by == "clinician"
    journal.set_plan_start("test-pack", MONDAY)
    assert journal_figures(journal, the_pack, today) == fresh(journal, the_pack, today)


def test_another_day_and_a_reloaded_pack_are_worked_out_afresh(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(journal, [record(MONDAY)])
    the_pack = pack()
    calls = counting(monkeypatch)
    monday = journal_figures(journal, the_pack, MONDAY)
    next_week = journal_figures(journal, the_pack, MONDAY + dt.timedelta(days=7))
    assert monday.done_this_week == 1 and next_week.done_this_week == 0
    reloaded = pack()  # equal content, another object: an edited file gives a new one
    journal_figures(journal, reloaded, MONDAY)
    assert len(calls) == 3


def test_a_write_by_another_process_is_seen(journal: Journal, tmp_path: Path) -> None:
    """Another connection's commit (a second coach, `coach log`): SQLite's data_version."""
    the_pack = pack()
    today = MONDAY + dt.timedelta(days=3)
    assert journal_figures(journal, the_pack, today).done_this_week == 0
    other = Journal.open(tmp_path / "journal.sqlite3")
    try:
        fill(other, [record(MONDAY), record(MONDAY + dt.timedelta(days=1))])
    finally:
        other.close()
    assert journal_figures(journal, the_pack, today).done_this_week == 2


def test_a_rolled_back_part_of_a_batch_is_not_kept(journal: Journal) -> None:
    """Figures worked out inside a savepoint that is then undone must not outlive it."""
    the_pack = pack()
    today = MONDAY + dt.timedelta(days=3)
    with journal.batch():
        with pytest.raises(RuntimeError), journal.savepoint():
            fill(journal, [record(MONDAY)])
            assert journal_figures(journal, the_pack, today).done_this_week == 1
            raise RuntimeError("undo")
        assert journal_figures(journal, the_pack, today).done_this_week == 0
    assert journal_figures(journal, the_pack, today).done_this_week == 0


_WRITES = st.lists(
    st.tuples(
        st.sampled_from(["session", "painful", "activity", "level", "start", "ask"]),
        st.integers(min_value=0, max_value=20),
    ),
    max_size=12,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=_WRITES)
def test_kept_figures_always_equal_fresh_ones(tmp_path: Path, steps: list[tuple[str, int]]) -> None:
    """Whatever is written, in whatever order, asked on whatever day: never stale."""
    folder = tmp_path / f"j{abs(hash(tuple(steps)))}"
    folder.mkdir()
    journal = Journal.open(folder / "journal.sqlite3")
    the_pack = pack()
    try:
        for kind, offset in steps:
            day = MONDAY + dt.timedelta(days=offset)
            if kind == "session":
                fill(journal, [record(day)])
            elif kind == "painful":
                fill(journal, [record(day, pain=True, bleeding=True)])
            elif kind == "activity":
                journal.log_activity(
                    pack_id="test-pack",
                    activity_id="intercourse",
                    title="Intercourse",
                    counts=True,
                    day=day,
                )
            elif kind == "level":
                level = ["size-1", "size-2", "size-3", "size-4"][offset % 4]
                journal.set_level(
                    "test-pack", level, "person", dt.datetime.combine(day, dt.time(8), TZ)
                )
            elif kind == "start":
                journal.set_plan_start("test-pack", day)
            # The day after, and one fixed day asked after every write (as home is).
            for today in (day + dt.timedelta(days=1), MONDAY + dt.timedelta(days=21)):
                kept = journal_figures(journal, the_pack, today)
                assert kept == fresh(journal, the_pack, today)
    finally:
        journal.close()
