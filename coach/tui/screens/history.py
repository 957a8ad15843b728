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
from textual.widgets import DataTable, Static

from coach.journal.figures import grade, journal_figures, pain_answer, read_journal, weeks
from coach.journal.records import MONTHS, STATUS_WORDS, SessionRecord, unreadable_text
from coach.outputs.export import active_minutes, answer_said, answer_text, level_name
from coach.pack import discreet as neutral
from coach.pack.discreet import routine_label
from coach.pack.levels import all_questions
from coach.pack.ranges import CountRange
from coach.system import collector
from coach.tui.literal import clean
from coach.tui.messages import OpenHistory
from coach.tui.widgets.key_bar import KeyBar

# A question asked and left unanswered, in a table cell too narrow for "not answered"
# (NOT_ANSWERED, which the detail line under the table says).
UNANSWERED_CELL = "?"

if TYPE_CHECKING:
    from coach.journal.store import Journal
    from coach.pack.model import Pack, Program, Question
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
    """Everything the screen shows, read and worked out in one go."""

    newest_first: list[SessionRecord]
    headline: str
    week_starts: list[dt.date]
    sessions_a_week: list[float | None]
    scale_a_week: list[float | None]  # the first scale question's weekly average


def first_scale(pack: Pack | None) -> Question | None:
    if pack is None:
        return None
    return next((q for q in all_questions(pack).values() if q.kind == "scale"), None)


def overview(
    journal: Journal,
    pack: Pack | None,
    today: dt.date,
    *,
    all_packs: bool = False,
    discreet: bool = False,
) -> Overview:
    """The active pack's sessions (every pack's with ``all_packs``), and the figures."""
    view = read_journal(journal, None if all_packs or pack is None else pack.info.id)
    listed = view.sessions
    headline = f"{len(listed)} session{'s' if len(listed) != 1 else ''}"
    if listed:
        headline += f" since {short_day(listed[0].day)} {listed[0].day.year}"
    if all_packs:
        headline += " (all packs)"
    if view.activities:  # logged without a timer (coach log, l on home): they count too
        last = max(view.activities, key=lambda a: a.day)
        count = len(view.activities)
        what = "" if discreet else f": {last.title}"  # discreet: what it was, nowhere
        headline += (
            f" · {count} logged activit{'y' if count == 1 else 'ies'}, the last "
            f"{short_day(last.day)}{what}"
        )
    if view.unreadable or view.unreadable_other:
        headline += "\n" + unreadable_text(view.unreadable, view.unreadable_other)
    mine = view if not all_packs or pack is None else read_journal(journal, pack.info.id)
    if pack is not None and pack.program is not None:
        figures = journal_figures(journal, pack, today)  # home's, when nothing changed
        headline = f"{figures.summary} · {figures.label}\n{headline}"
    first = today - dt.timedelta(weeks=CHART_WEEKS - 1)
    recent = [s for s in mine.sessions if s.day >= first]
    acts = [a for a in mine.activities if a.day >= first]
    since = min([s.day for s in recent] + [a.day for a in acts], default=today)
    shown = weeks(pack, recent, since=since, until=today, activities=acts) if listed or acts else []
    scale = first_scale(pack)
    return Overview(
        newest_first=listed[::-1],
        headline=headline,
        week_starts=[w.start for w in shown],
        sessions_a_week=[w.done for w in shown],
        scale_a_week=[w.scales.get(scale.id) if scale else None for w in shown],
    )


class HistoryScreen(Screen[None]):
    """Past sessions, newest first, with weekly charts and the progression line on top."""

    CSS_PATH = "history.tcss"
    BINDINGS: ClassVar = [
        Binding("escape,q", "back", "Back", tooltip="Back to where you were", id="history.back"),
        Binding(
            "a",
            "toggle_packs",
            "All packs",
            tooltip="Every content pack's sessions, or the active pack's only",
            id="history.all_packs",
        ),
    ]

    def __init__(
        self,
        journal: Journal,
        program: Program | None,
        *,
        today: dt.date | None = None,
        pack_id: str | None = None,
        pack: Pack | None = None,
        all_packs: bool = False,
        discreet: bool = False,
    ) -> None:
        super().__init__()
        self.pack = pack
        # Discreet: a neutral title, and routines by their neutral names ("Routine B"), the
        # same letters as on home; what someone walking past sees names nothing.
        self.discreet = discreet

        self._names = neutral.pack_routine_names(pack) if discreet and pack is not None else {}
        self.pack_id = pack.info.id if pack is not None else pack_id
        self.all_packs = all_packs
        self.journal = journal
        self.program = pack.program if pack is not None else program
        self.scale = first_scale(pack)

        self._all_questions = all_questions(pack) if pack else {}
        self.questions = [
            q for q in self._all_questions.values() if q.kind != "scale" and not q.pain
        ][:2]
        self.today = today  # fixed in tests; None means the real today, read on mount
        self.sessions: list[SessionRecord] = []  # newest first
        self._loaded = 0
        self._texts: dict[str, Text] = {}

    def compose(self) -> ComposeResult:
        # The journal's sessions live in memory: a full collection meanwhile walks them all
        # (~60 ms at 10,000 sessions) and held up the first frame now and then. Held from
        # here to the first frame (or the screen's going): it runs once the rows are shown.
        self._collector = collector.Held()
        title = neutral.HISTORY_TITLE if self.discreet else "History"
        yield Static(Content(title), id="history-title")
        yield Static(id="history-progress")
        plan = self.program.plan if self.program else None
        target = plan.sessions if plan and plan.per == "week" else None
        if plan is not None and plan.per == "day":
            target = CountRange(plan.sessions.low * 7, plan.sessions.high * 7)
        with Horizontal(id="history-charts"):
            yield WeekBars(
                f"Sessions a week (plan {target})" if target else "Sessions a week",
                top=target.high if target else 1,
                target=target,
                id="chart-sessions",
            )
            scale = self.scale
            yield WeekBars(
                f"{scale.id.capitalize()}, weekly average ({scale.min}-{scale.max})"
                if scale
                else "No scale question",
                top=scale.max if scale and scale.max and scale.max > 0 else 10,
                id="chart-comfort",
            )
        table: DataTable[Text | str] = DataTable(
            id="history-table", cursor_type="row", zebra_stripes=True
        )
        yield table
        yield Static(id="history-detail")
        yield KeyBar(first=("escape",))

    def on_unmount(self) -> None:
        self._collector.end()

    def on_mount(self) -> None:
        self.call_after_refresh(self._collector.end)
        table = self.query_one("#history-table", DataTable)
        noun = self.program.level_noun if self.program else "level"
        columns = [
            *([("Pack", "pack", 10)] if self.all_packs else []),
            ("Date", "date", 16),
            ("Protocol", "protocol", 16),
            (noun[:1].upper() + noun[1:], "level", 12),
            ("Min", "minutes", 4),
        ]
        if self.scale is not None:
            columns.append((self.scale.id.capitalize()[:7], "scale", 7))
        columns.append(("Pain", "pain", 4))
        columns += [(q.id.capitalize()[:10], f"q-{q.id}", 10) for q in self.questions]
        for label, key, width in columns:
            table.add_column(Content(clean(label)), key=key, width=width)
        table.focus()
        # Mouse-wheel scrolling does not move the cursor: load older rows on scrolling too.
        self.watch(table, "scroll_y", self._scrolled, init=False)
        try:
            result = overview(
                self.journal,
                self.pack,
                self.today or dt.date.today(),
                all_packs=self.all_packs,
                discreet=self.discreet,
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
        self.query_one("#chart-comfort", WeekBars).show(starts, result.scale_a_week)
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

    def _protocol_name(self, s: SessionRecord) -> str:
        if not self.discreet:
            return s.protocol_title

        return routine_label(s.protocol_id, self._names)

    def _row(self, s: SessionRecord) -> tuple[Text | str, ...]:
        said = pain_answer(s, self._all_questions)
        if s.pain_stop:
            pain = "stop"
        elif said is None:
            pain = UNANSWERED_CELL if s.checked_in else ""
        else:
            pain = "yes" if said else "no"
        cells: list[Text | str] = [self._text(s.pack_id)] if self.all_packs else []
        program = self.program if s.pack_id == self.pack_id else None
        cells += [
            s.started.strftime("%Y-%m-%d %H:%M"),
            self._text(self._protocol_name(s)),
            self._text(level_name(program, s.level_id)),
            f"{active_minutes(s):.0f}",
        ]
        if self.scale is not None:
            cells.append(self._said(self.scale, s))
        cells.append(Text(pain, style="bold" if s.had_pain else ""))
        for q in self.questions:
            value = s.answers.get(q.id)
            flagged = value is True or (q.kind == "choice" and grade(q, value) > grade(q, None))
            cells.append(
                self._said(q, s)
                if not flagged
                else Text(
                    clean(answer_text(q, value)), style="bold", no_wrap=True, overflow="ellipsis"
                )
            )
        return tuple(cells)

    def _said(self, question: Question, s: SessionRecord) -> Text | str:
        """A narrow cell's answer: "?" for a question asked and left unanswered (the detail
        line below the table says "not answered")."""
        if question.id in s.answers and s.answers[question.id] is None:
            return UNANSWERED_CELL
        return self._text(answer_text(question, s.answers.get(question.id)))

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
            parts.append(f"{s.attempts} {'try' if s.attempts == 1 else 'tries'}")
        if s.resistances:
            parts.append(f"resistance {s.resistances}×")

        questions = all_questions(self.pack) if self.pack is not None else {}
        for qid in s.answers:
            parts.append(f"{qid}: {answer_said(questions.get(qid), s.answers, qid)}")
        detail = Content(clean(" · ".join(parts)))
        notes = " ".join(s.notes.split())
        if notes:
            detail = detail + Content("\n") + Content.styled(clean(notes), "italic")
        self.query_one("#history-detail", Static).update(detail)

    def action_back(self) -> None:
        self.dismiss()

    def action_toggle_packs(self) -> None:
        """The active pack's sessions only (the default), or every pack's, each named."""
        if self.pack is None:
            return  # without content every pack's sessions are shown already
        self.post_message(OpenHistory(all_packs=not self.all_packs))


__all__ = ["HistoryScreen", "Overview", "WeekBars", "bar_rows", "overview"]
