"""The history screen, driven with Pilot over a real (temporary) journal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rich.text import Text
from textual.app import App
from textual.widgets import DataTable

from coach.journal.store import Journal
from coach.pack.model import Pack
from coach.tui.messages import OpenHistory
from coach.tui.screens import history as history_module
from coach.tui.screens.history import HistoryScreen, WeekBars, bar_rows
from tests.screen import text_in, text_of
from tests.snapshots.apps.journal_data import fill, pack, record

SIZE = (80, 24)
TODAY = dt.date(2026, 3, 4)  # a Wednesday


class Host(App[None]):
    def __init__(
        self,
        journal: Journal,
        pack: Pack | None,
        *,
        all_packs: bool = False,
        discreet: bool = False,
    ) -> None:
        super().__init__()
        self.journal = journal
        self.pack = pack
        self.all_packs = all_packs
        self.discreet = discreet

    def on_mount(self) -> None:
        self.push_screen(self._history())

    def _history(self) -> HistoryScreen:
        return HistoryScreen(
            self.journal,
            self.pack.program if self.pack else None,
            pack=self.pack,
            today=TODAY,
            all_packs=self.all_packs,
            discreet=self.discreet,
        )

    def on_open_history(self, message: OpenHistory) -> None:
        """History's every-pack toggle is an intent; the app routes it (as CoachApp does)."""
        self.all_packs = message.all_packs
        self.switch_screen(self._history())


@pytest.fixture
def journal(tmp_path: Path):
    with Journal.open(tmp_path / "journal.sqlite3") as opened:
        yield opened


def table_of(app: App[None]) -> DataTable:
    return app.screen.query_one("#history-table", DataTable)


def plain(cell: object) -> str:
    return cell.plain if isinstance(cell, Text) else str(cell)


async def test_sessions_newest_first_with_their_figures(journal: Journal) -> None:
    fill(
        journal,
        [
            record(dt.date(2026, 3, 2), comfort=6),
            record(
                dt.date(2026, 3, 3),
                level="size-2",
                pain_stop=True,
                completed=False,
                finish_reason="pain",
                comfort=None,
                pain=True,
                bleeding=True,
                active_seconds=95.0,
            ),
        ],
    )
    app = Host(journal, pack())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = table_of(app)
        labels = [plain(column.label) for column in table.ordered_columns]
        assert labels == ["Date", "Protocol", "Size", "Min", "Comfort", "Pain", "Bleeding"]
        rows = [[plain(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows == [
            ["2026-03-03 09:00", "Dilation session", "Size 2", "2", "", "stop", "Spotting"],
            ["2026-03-02 09:00", "Dilation session", "Size 1 (smallest)", "10", "6", "no", "None"],
        ]
        progress = text_in(app, "#history-progress")
        # The pain stop on size 2 did not count: the level is still size 1 (only sessions
        # that count move it), and the pain on it says to go slower there.
        assert progress.startswith("Size 1 of 4 · day 3 · 1 of 2-3 this week · Go slower")
        assert "2 sessions since 2 Mar 2026" in progress
        detail = text_in(app, "#history-detail")
        assert (
            "stopped for pain" in detail and "3 tries" in detail and "bleeding: Spotting" in detail
        )


async def test_the_active_packs_sessions_only_unless_all_packs(journal: Journal) -> None:
    fill(
        journal,
        [
            record(dt.date(2026, 3, 2)),
            record(dt.date(2026, 3, 3), level="pf-1")._replace(
                pack_id="pelvic", protocol_title="Quick squeezes"
            ),
        ],
    )
    app = Host(journal, pack())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert table_of(app).row_count == 1
        assert "1 session since 2 Mar 2026" in text_in(app, "#history-progress")
    app = Host(journal, pack(), all_packs=True)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        table = table_of(app)
        assert table.row_count == 2
        newest = [plain(c) for c in table.get_row_at(0)]
        assert newest[:3] == ["pelvic", "2026-03-03 09:00", "Quick squeezes"]
        assert newest[3] == "pf-1"  # another pack's level: its id, not this pack's names
        progress = text_in(app, "#history-progress")
        assert "2 sessions since 2 Mar 2026 (all packs)" in progress
        assert "1 of 2-3 this week" in progress  # the figures stay this pack's
        await pilot.press("a")  # back to the active pack's only
        await pilot.pause()
        assert table_of(app).row_count == 1 and isinstance(app.screen, HistoryScreen)
        assert not app.screen.all_packs


async def test_escape_and_q_go_back(journal: Journal) -> None:
    for key in ("escape", "q"):
        app = Host(journal, pack())
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, HistoryScreen)
            await pilot.press(key)
            await pilot.pause()
            assert not isinstance(app.screen, HistoryScreen)


async def test_an_empty_journal(journal: Journal) -> None:
    app = Host(journal, pack())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert table_of(app).row_count == 0
        assert "No sessions yet" in text_in(app, "#history-detail")
        assert text_in(app, "#history-progress").startswith("Size 1 of 4 · 0 of ")
        assert "no sessions yet" in text_in(app, "#chart-sessions")


async def test_text_from_the_journal_and_content_is_literal(journal: Journal) -> None:
    sid = journal.begin_session(
        pack_id="p",
        protocol_id="x",
        protocol_title="[@click=app.quit]Evil[/]",
        level_id="[b]lvl",
        started=dt.datetime(2026, 3, 3, 9, 0, tzinfo=dt.UTC),
    )
    from coach.journal.records import CheckIn

    journal.save_checkin(sid, CheckIn(notes="[red]note[/red] \x1b[2J"))
    app = Host(journal, None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        row = [plain(c) for c in table_of(app).get_row_at(0)]
        assert row[1] == "[@click=app.quit]Evil[/]" and row[2] == "[b]lvl"
        detail = text_in(app, "#history-detail")
        assert "[red]note[/red] \\x1b[2J" in detail
        labels = [plain(column.label) for column in table_of(app).ordered_columns]
        assert labels[2] == "Level"  # no programme: the generic noun
        assert text_in(app, "#history-progress") == "1 session since 3 Mar 2026"
        await pilot.click("#history-table", offset=(20, 1))
        assert app.is_running


async def test_ten_thousand_sessions_open_and_page_in(journal: Journal) -> None:
    """How fast is measured in bench/bench_history.py, not here: a busy machine is no bug."""
    base = TODAY - dt.timedelta(days=9_999)
    fill(journal, [record(base + dt.timedelta(days=i), comfort=i % 11) for i in range(10_000)])
    journal.sessions()  # as in the app: the home screen has listed them already
    app = App[None]()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = HistoryScreen(journal, None, pack=pack(), today=TODAY)
        await app.push_screen(screen)
        await pilot.pause()
        table = table_of(app)
        assert len(screen.sessions) == 10_000
        first = table.row_count  # the screen's height and some: not 10,000
        assert first == max(history_module.FIRST_PAGE, SIZE[1] + history_module.LOOKAHEAD)
        assert plain(table.get_row_at(0)[0]).startswith("2026-03-04")
        # Moving down the table brings older sessions in, a page at a time.
        table.move_cursor(row=table.row_count - 1)
        await pilot.pause()
        assert table.row_count == first + history_module.PAGE
        # So does scrolling with the wheel, which does not move the cursor.
        table.scroll_to(y=table.max_scroll_y, animate=False)
        await pilot.pause()
        assert table.row_count == first + 2 * history_module.PAGE


async def test_a_journal_that_cannot_be_read_is_reported(journal: Journal) -> None:
    journal.close()
    app = Host(journal, pack())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "could not be read" in text_in(app, "#history-progress")
        assert app.is_running


def test_bar_rows_scale_and_mark_empty_weeks() -> None:
    assert bar_rows([0, 1.5, 3, None], top=3, height=2) == ["  █ ", " ██·"]
    assert bar_rows([1], top=3, height=1) == ["▃"]
    assert bar_rows([10], top=10, height=1) == ["█"]
    assert bar_rows([5], top=10, height=1) == ["▄"]
    assert bar_rows([None], top=10, height=3) == [" ", " ", "·"]
    assert bar_rows([4], top=0, height=1) == [" "]


async def test_week_bars_show_the_latest_weeks_that_fit() -> None:
    class ChartApp(App[None]):
        def compose(self):  # type: ignore[no-untyped-def]
            yield WeekBars("Sessions", top=3, id="bars")

    app = ChartApp()
    async with app.run_test(size=(21, 6)) as pilot:
        bars = app.query_one(WeekBars)
        monday = dt.date(2026, 1, 5)
        starts = [monday + dt.timedelta(weeks=i) for i in range(20)]
        bars.show(starts, [float(i % 4) for i in range(20)])
        await pilot.pause()
        lines = text_of(bars).splitlines()
        assert lines[0] == "Sessions"
        assert len(lines) == 6 and all(len(line) <= 21 for line in lines)
        assert lines[-1] == "16 Mar       18 May"  # the latest 10 weeks: two columns each


async def test_a_tall_terminal_is_filled(journal: Journal) -> None:
    fill(journal, [record(TODAY - dt.timedelta(days=i)) for i in range(300)])
    app = Host(journal, pack())
    async with app.run_test(size=(80, 90)) as pilot:
        await pilot.pause()
        table = table_of(app)
        assert table.row_count >= table.size.height + history_module.LOOKAHEAD - 1
        await pilot.resize_terminal(80, 200)
        await pilot.pause()
        assert table.row_count >= table.size.height


async def test_discreet_history_names_no_routine(journal: Journal) -> None:
    """Discreet mode: a neutral title, and each routine by its neutral name, as on home."""
    from coach.pack.discreet import HISTORY_TITLE, pack_routine_names

    fill(journal, [record(dt.date(2026, 3, 2), comfort=6)])
    shown_pack = pack()
    app = Host(journal, shown_pack, discreet=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert text_in(app, "#history-title") == HISTORY_TITLE
        table = table_of(app)
        cells = [plain(c) for c in table.get_row_at(0)]
        names = pack_routine_names(shown_pack)
        assert names[journal.sessions()[0].protocol_id] in cells
        titles = {p.title for p in shown_pack.protocols}
        assert not titles & set(cells)


@pytest.mark.parametrize("discreet", [False, True])
async def test_logged_activities_show_in_history(journal: Journal, discreet: bool) -> None:
    """A counted activity (coach log) is in the history screen too, as on home and in
    `coach history`; in discreet mode without saying what it was."""
    fill(journal, [record(dt.date(2026, 3, 2), comfort=6)])
    journal.log_activity(
        pack_id=pack().info.id,
        activity_id="intercourse",
        title="Intercourse instead of a session",
        counts=True,
        day=dt.date(2026, 3, 3),
    )
    app = Host(journal, pack(), discreet=discreet)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        progress = text_in(app, "#history-progress")
        assert "1 logged activity, the last 3 Mar" in progress
        assert ("Intercourse" in progress) is not discreet


async def test_a_session_in_progress_says_so_and_one_cut_short_says_never_finished(
    journal: Journal,
) -> None:
    (sid,) = fill(journal, [record(dt.date(2026, 3, 3), finished=False, completed=False)])
    owner = Journal.open(journal.path)  # another window's run, say
    owner.claim_session(sid)
    try:
        app = Host(journal, pack())
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            detail = text_in(app, "#history-detail")
            assert "in progress" in detail and "never finished" not in detail
    finally:
        owner.close()
    app = Host(journal, pack())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "never finished" in text_in(app, "#history-detail")


async def test_the_collector_waits_while_the_rows_are_laid_out_and_runs_after(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full collection walks every session in memory (~60 ms at 10,000): none runs while
    the screen is built and first drawn; the collector runs again once it is shown, and if
    the screen goes before it is drawn."""
    import gc

    fill(journal, [record(dt.date(2026, 3, 2), comfort=6)])
    seen: list[bool] = []
    real_show = HistoryScreen._show

    def show(screen: HistoryScreen, *args: object, **kwargs: object) -> None:
        seen.append(gc.isenabled())
        real_show(screen, *args, **kwargs)

    monkeypatch.setattr(HistoryScreen, "_show", show)
    assert gc.isenabled()
    app = Host(journal, pack())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert seen and seen[0] is False  # held while the rows went in
        assert gc.isenabled()  # and running again once they are shown
        app.pop_screen()
        gone = HistoryScreen(journal, None, pack=pack(), today=TODAY)
        await app.push_screen(gone)  # mounted, then at once taken off before it is drawn
        app.pop_screen()
        await pilot.pause()
        assert gc.isenabled()
    assert gc.isenabled()
