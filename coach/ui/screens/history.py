"""The history screen: where the person stands, two weekly charts, and every session.

Thin over the journal: it reads ``Journal.sessions()`` once, and everything shown comes from
``coach.journal`` (progress, weekly totals). Text from the journal and the content is shown
literally, never as markup.

The journal is read on mount, synchronously: ``Journal.sessions()`` keeps its last listing
while nothing changes, so after the home screen has listed them it costs nothing, and cold it
is ~30 ms at 10,000 sessions. (A worker thread was tried: building the records holds the GIL,
so it slowed the first frame as much as it saved, and cost a second full render.)

The table takes the newest sessions first and older ones a page at a time as the cursor or
the view nears the end: ``DataTable`` measures every cell of every row it is given (about
0.1 ms a row), so 10,000 rows at once freeze the screen for over a second (measured: 0.2 s to
add, 1.3 s to measure), while the first page of 40 costs a few milliseconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Static

from coach.journal.export import active_minutes, level_name
from coach.journal.progress import compute_progress
from coach.journal.records import MONTHS, STATUS_WORDS, SessionRecord, for_pack
from coach.journal.weekly import Week, weekly
from coach.ui.text import clean

if TYPE_CHECKING:
    from coach.journal.store import Journal
    from coach.pack.model import Program
    from coach.pack.ranges import CountRange

FIRST_PAGE = 40  # at least; a taller terminal gets its height's worth and more
PAGE = 200
LOOKAHEAD = 20  # rows left below the cursor (or view) before the next page loads
CHART_WEEKS = 26  # at most; the chart shows as many of the latest as fit
_EIGHTHS = " ▁▂▃▄▅▆▇█"


def short_day(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]}"


def bar_rows(values: Sequence[float | None], *, top: float, height: int) -> list[str]:
    """Vertical bars, one character wide each, as ``height`` lines from the top down.

    Eighth blocks give each line eight steps; ``None`` (no data that week) is a dot on the
    baseline, so an empty week and a week rated 0 look different.
    """
    steps = height * 8
    levels = [
        None if v is None else max(0, min(steps, round(v / top * steps))) if top > 0 else 0
        for v in values
    ]
    lines = []
    for row in range(height - 1, -1, -1):
        chars = []
        for level in levels:
            if level is None:
                chars.append("·" if row == 0 else " ")
            else:
                chars.append(_EIGHTHS[max(0, min(8, level - row * 8))])
        lines.append("".join(chars))
    return lines


class WeekBars(Widget):
    """A small bar chart of one figure a week, newest on the right."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "week-bars--title",
        "week-bars--bar",
        "week-bars--short",
        "week-bars--axis",
    }
    DEFAULT_CSS = """
    WeekBars { height: 6; }
    WeekBars > .week-bars--title { text-style: bold; }
    WeekBars > .week-bars--bar { color: $success; }
    WeekBars > .week-bars--short { color: $warning; }
    WeekBars > .week-bars--axis { color: $text-muted; }
    """

    def __init__(
        self,
        title: str,
        *,
        top: float,
        target: CountRange | None = None,
        id: str | None = None,  # noqa: A002 - Textual's own name for it
    ) -> None:
        super().__init__(id=id)
        self.title = title
        self.top = top
        self.target = target  # bars under its low end show in the warning colour
        self.starts: list[dt.date] = []
        self.values: list[float | None] = []

    def show(self, starts: list[dt.date], values: list[float | None]) -> None:
        self.starts, self.values = starts, values
        self.refresh()

    def render(self) -> Text:
        width, height = self.size.width, max(1, self.size.height - 2)
        style = self.get_component_rich_style
        out = Text(no_wrap=True, overflow="crop")
        out.append(self.title + "\n", style("week-bars--title"))
        count = min(len(self.values), max(0, (width - 1) // 2))
        values, starts = (
            self.values[-count:] if count else [],
            self.starts[-count:] if count else [],
        )
        top = max([self.top, *(v for v in values if v is not None)])
        bar_style, short_style = style("week-bars--bar"), style("week-bars--short")
        for line in bar_rows(values, top=top, height=height):
            for value, char in zip(values, line, strict=True):
                short = self.target is not None and value is not None and value < self.target.low
                out.append(char, short_style if short else bar_style)
                out.append(" ")
            out.append("\n")
        if starts:
            left, right = short_day(starts[0]), short_day(starts[-1])
            gap = max(1, 2 * len(starts) - 1 - len(left) - len(right))
            axis = left + " " * gap + right if 2 * len(starts) > len(left) + len(right) else right
            out.append(axis, style("week-bars--axis"))
        else:
            out.append("no sessions yet", style("week-bars--axis"))
        return out


@dataclass(frozen=True, slots=True)
class Overview:
    """Everything the screen shows, read and worked out off the event loop."""

    newest_first: list[SessionRecord]
    headline: str
    week_starts: list[dt.date]
    sessions_a_week: list[float | None]
    comfort_a_week: list[float | None]


def overview(
    journal: Journal, program: Program | None, today: dt.date, pack_id: str | None = None
) -> Overview:
    listed = journal.sessions()
    headline = f"{len(listed)} session{'s' if len(listed) != 1 else ''}"
    if listed:
        headline += f" since {short_day(listed[0].day)} {listed[0].day.year}"
    if program is not None:
        mine = for_pack(listed, pack_id) if pack_id else listed  # progress: this pack only
        progress = compute_progress(program, mine, today)
        headline = f"{progress.summary} · {progress.label}\n{headline}"
    first = today - dt.timedelta(weeks=CHART_WEEKS - 1)
    recent = [s for s in listed if s.day >= first]
    since = min((s.day for s in recent), default=today)
    weeks: list[Week] = weekly(recent, since=since, until=today) if listed else []
    return Overview(
        newest_first=listed[::-1],
        headline=headline,
        week_starts=[w.start for w in weeks],
        sessions_a_week=[w.sessions for w in weeks],
        comfort_a_week=[w.comfort for w in weeks],
    )


class HistoryScreen(Screen[None]):
    """Past sessions, newest first, with weekly charts and the progression line on top."""

    CSS_PATH = "history.tcss"
    BINDINGS: ClassVar = [
        Binding("escape,q", "back", "Back", tooltip="Back to where you were", id="history.back"),
    ]

    def __init__(
        self,
        journal: Journal,
        program: Program | None,
        *,
        today: dt.date | None = None,
        pack_id: str | None = None,
    ) -> None:
        super().__init__()
        self.pack_id = pack_id
        self.journal = journal
        self.program = program
        self.today = today  # fixed in tests; None means the real today, read on mount
        self.sessions: list[SessionRecord] = []  # newest first
        self._loaded = 0
        self._texts: dict[str, Text] = {}

    def compose(self) -> ComposeResult:
        yield Static(Content("History"), id="history-title")
        yield Static(id="history-progress")
        target = self.program.sessions_per_week if self.program else None
        with Horizontal(id="history-charts"):
            yield WeekBars(
                f"Sessions a week (target {target})" if target else "Sessions a week",
                top=target.high if target else 1,
                target=target,
                id="chart-sessions",
            )
            yield WeekBars("Comfort, weekly average (0-10)", top=10, id="chart-comfort")
        table: DataTable[Text | str] = DataTable(
            id="history-table", cursor_type="row", zebra_stripes=True
        )
        yield table
        yield Static(id="history-detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#history-table", DataTable)
        noun = self.program.level_noun if self.program else "level"
        for label, key, width in (
            ("Date", "date", 16),
            ("Protocol", "protocol", 16),
            (noun[:1].upper() + noun[1:], "level", 12),
            ("Min", "minutes", 4),
            ("Comfort", "comfort", 7),
            ("Pain", "pain", 4),
            ("Bleed", "bleeding", 5),
        ):
            table.add_column(Content(clean(label)), key=key, width=width)
        table.focus()
        # Mouse-wheel scrolling does not move the cursor: load older rows on scrolling too.
        self.watch(table, "scroll_y", self._scrolled, init=False)
        try:
            result = overview(
                self.journal, self.program, self.today or dt.date.today(), self.pack_id
            )
        except Exception as exc:  # a closed journal, a disk error: say so, never crash
            self.query_one("#history-progress", Static).update(
                Content(clean(f"The journal could not be read: {exc}"))
            )
            return
        self._show(result)

    # --- what is shown ------------------------------------------------------------------------

    def _show(self, result: Overview) -> None:
        self.sessions = result.newest_first
        self.query_one("#history-progress", Static).update(Content(clean(result.headline)))
        starts = result.week_starts
        self.query_one("#chart-sessions", WeekBars).show(starts, result.sessions_a_week)
        self.query_one("#chart-comfort", WeekBars).show(starts, result.comfort_a_week)
        self._load_more(max(FIRST_PAGE, self.app.size.height + LOOKAHEAD))
        if not self.sessions:
            self.query_one("#history-detail", Static).update(
                Content("No sessions yet. They appear here after your first session.")
            )

    def _text(self, value: str) -> Text:
        """A literal, cropped cell; one shared Text per distinct title (there are few)."""
        text = self._texts.get(value)
        if text is None:
            text = self._texts[value] = Text(clean(value), no_wrap=True, overflow="ellipsis")
        return text

    def _row(self, s: SessionRecord) -> tuple[Text | str, ...]:
        pain = "stop" if s.pain_stop else ("" if s.pain is None else ("yes" if s.pain else "no"))
        bleeding = "" if s.bleeding is None else ("yes" if s.bleeding else "no")
        comfort = "" if s.comfort is None else str(s.comfort)
        return (
            s.started.strftime("%Y-%m-%d %H:%M"),
            self._text(s.protocol_title),
            self._text(level_name(self.program, s.level_id)),
            f"{active_minutes(s):.0f}",
            comfort,
            Text(pain, style="bold" if s.had_pain else ""),
            Text(bleeding, style="bold" if s.had_bleeding else ""),
        )

    def _load_more(self, count: int = PAGE) -> None:
        if self._loaded >= len(self.sessions):
            return
        table = self.query_one("#history-table", DataTable)
        page = self.sessions[self._loaded : self._loaded + count]
        table.add_rows([self._row(s) for s in page])
        self._loaded += len(page)

    def _scrolled(self, scroll_y: float) -> None:
        table = self.query_one("#history-table", DataTable)
        if scroll_y + table.size.height >= self._loaded - LOOKAHEAD:
            self._load_more()

    def on_resize(self) -> None:
        # A taller terminal shows more rows than were loaded: never leave it half empty.
        if self.sessions:
            self._scrolled(self.query_one("#history-table", DataTable).scroll_y)

    # --- events and actions -------------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#history-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        index = event.cursor_row
        if index >= self._loaded - LOOKAHEAD:
            self._load_more()
        if 0 <= index < len(self.sessions):
            self._show_detail(self.sessions[index])

    def _show_detail(self, s: SessionRecord) -> None:
        parts = [f"{s.started:%a %d %b %Y %H:%M}", STATUS_WORDS[s.status]]
        if s.steps_total:
            parts.append(f"{s.steps_done} of {s.steps_total} steps")
        if s.attempts:
            parts.append(f"{s.attempts} tries")
        if s.resistances:
            parts.append(f"resistance {s.resistances}×")
        detail = Content(clean(" · ".join(parts)))
        notes = " ".join(s.notes.split())
        if notes:
            detail = detail + Content("\n") + Content.styled(clean(notes), "italic")
        self.query_one("#history-detail", Static).update(detail)

    def action_back(self) -> None:
        self.dismiss()


__all__ = ["HistoryScreen", "Overview", "WeekBars", "bar_rows", "overview"]
