"""The FAQ browser: search as you type, read the answer beside the list, follow links.

People often come here anxious and before their first session, so the answer to the best match is
on screen as soon as they type, nothing needs a network, and no link ever opens a browser. A
question nothing fits well still lists the closest ones, with the way to the safety guidance
(F9) and a clinician: the screen never shows nothing.

Navigation keeps a small history, like a browser: following a ``faq:`` link or a related question
adds to it; moving through the list only changes the current place (so browsing the list does
not bury the way back).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from coach.faq.basis import basis_line
from coach.faq.index_build import IndexBuild
from coach.faq.search import FaqIndex, Hit
from coach.tui.editor import faq_request
from coach.tui.literal import literal
from coach.tui.messages import OpenSafety, PackChanged, Quit
from coach.tui.widgets.key_bar import KeyBar
from coach.tui.widgets.safe_markdown import SafeMarkdown
from coach.tui.widgets.search_input import SearchInput

if TYPE_CHECKING:
    from coach.pack.model import FaqEntry, Pack

log = logging.getLogger(__name__)

LIST_LIMIT = 500
"""At most this many questions are listed: more would only slow each keystroke down."""
NEAREST = 5
NO_FIT = (
    "Not sure any of these fits. If something is wrong now, F9 shows the safety guidance; "
    "if in doubt, ask a clinician."
)


class FaqScreen(Screen[None]):
    """Search box, matching questions, the selected answer and related questions."""

    CSS_PATH = "faq.tcss"
    AUTO_FOCUS = "#faq-search"
    # Below 70 columns the list and the answer take turns instead of sharing the width.
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (70, "-wide")]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-short"), (18, "-tall")]
    BINDINGS: ClassVar[list[BindingType]] = [
        # The safety guidance, from a key that is never typed into the search box. Over a
        # running session the app's own F9 (a priority key) stops it for pain instead.
        Binding("f9", "safety", "Safety"),
        Binding("slash", "focus_search", "Search", key_display="/"),
        Binding("escape", "escape", "Back"),
        Binding("f4", "edit", "Edit", tooltip="This answer's file in your editor"),
        # A function key: the search box takes every letter.
        # F6 as well: the key this screen first had for it (F9 is every screen's).
        Binding("f6", "safety", "Safety", show=False),
        Binding("left_square_bracket,alt+left", "history_back", "Previous", key_display="["),
        Binding("right_square_bracket,alt+right", "history_forward", "Next", key_display="]"),
        # Outside the search box (which keeps backspace for editing), backspace goes back too.
        Binding("backspace", "history_back", "Previous", show=False),
        # In the search box, up and down still move through the questions.
        Binding("down", "move(1)", "Down", show=False),
        Binding("up", "move(-1)", "Up", show=False),
    ]

    def __init__(
        self,
        pack: Pack,
        *,
        query: str = "",
        entry_id: str | None = None,
        index: FaqIndex | None = None,
        building: IndexBuild | None = None,
    ) -> None:
        super().__init__()
        self.pack = pack
        # ``building``: the index is being built off the UI thread; the screen is there at
        # once (typing goes to its search box) and lists the questions when it is ready.
        self._building = building
        self.index: FaqIndex | None = index
        if index is None and building is None:
            self.index = FaqIndex.for_pack(pack)
        self._initial_query = query
        self._initial_entry = entry_id
        self._history: list[str] = []
        self._cursor = -1
        self._shown: str | None = None
        self._listed_query: str | None = None

    # --- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield SearchInput(
            value=self._initial_query,
            placeholder="Type a question, or a few words of one",
            id="faq-search",
        )
        yield Static(id="faq-status")
        yield Static(literal(NO_FIT), id="faq-no-fit")
        with Horizontal(id="faq-body"):
            yield OptionList(id="faq-questions", markup=False)
            with VerticalScroll(id="faq-answer-pane"):
                yield Static(id="faq-question")
                yield SafeMarkdown(id="faq-answer", handles_faq_links=True)
                yield Static(id="faq-basis")
                with Vertical(id="faq-related-box"):
                    yield Static(literal("Related questions"), id="faq-related-title")
                    yield OptionList(id="faq-related", markup=False)
        yield KeyBar(first=("escape",))

    async def on_mount(self) -> None:
        if self.index is None:
            self.query_one("#faq-status", Static).update(literal("Getting the questions ready…"))
            self.run_worker(self._when_built(), name="faq-index-wait", exit_on_error=False)
            return
        await self._first_show()

    async def _when_built(self) -> None:
        assert self._building is not None
        try:
            built = await self._building.wait()
        except Exception:
            log.error("the FAQ index could not be built", exc_info=True)
            if self._alive():
                self.query_one("#faq-status", Static).update(
                    literal("The questions cannot be searched: the log says why.")
                )
            return
        if self.index is not None or not self._alive():
            return  # closed, or the content reloaded meanwhile (its questions listed already)
        self.index = built
        await self._first_show()

    async def _first_show(self) -> None:
        assert self.index is not None
        entry = self.index.get(self._initial_entry) if self._initial_entry else None
        if entry is not None:
            await self._visit(entry.id, push=True)
        await self._refresh_list(follow=entry is None)
        if entry is not None:
            self._read()

    def _alive(self) -> bool:
        """False once the screen has been closed: a keystroke's message (the search box's
        Changed, a list's Highlighted) can still arrive after its widgets are gone, and
        querying them then raised NoMatches on #faq-search."""
        return self.is_attached and bool(self.query("#faq-search"))

    # --- state --------------------------------------------------------------------------------

    @property
    def current(self) -> FaqEntry | None:
        """The entry whose answer is shown."""
        return self.index.get(self._shown) if self._shown and self.index is not None else None

    @property
    def history(self) -> tuple[list[str], int]:
        """The visited entry ids and the position of the current one (for tests and the app)."""
        return list(self._history), self._cursor

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # None greys the key out in the Footer: there is nowhere to go that way.
        if action == "history_back":
            return True if self._cursor > 0 else None
        if action == "history_forward":
            return True if self._cursor < len(self._history) - 1 else None
        return True

    # --- searching ----------------------------------------------------------------------------

    @on(Input.Changed, "#faq-search")
    async def _query_changed(self, event: Input.Changed) -> None:
        # The box also reports its initial value once mounted: already listed, and re-listing
        # would replace an entry the screen was opened on.
        if event.value != self._listed_query:
            # Typing asks a new question: its best match is shown, even if the entry on screen
            # is further down the new list. Clearing the box keeps what is being read.
            await self._refresh_list(keep_shown=not event.value.strip())

    async def _refresh_list(self, *, follow: bool = True, keep_shown: bool = True) -> None:
        """List the questions matching the search box. The shown entry stays highlighted if it
        is listed (and ``keep_shown``); else, when ``follow``, the best match is highlighted and
        its answer shown."""
        if not self._alive() or self.index is None:
            return  # not built yet: listed once it is, with what is typed by then
        self._listed_query = self.query_one("#faq-search", Input).value
        query = self._listed_query.strip()
        hits = self.index.search(query, limit=LIST_LIMIT)
        status = self.query_one("#faq-status", Static)
        entries: list[FaqEntry] = [hit.entry for hit in hits]
        total = len(self.index)
        fits = True
        if not total:
            status.update(literal("There are no questions in this content pack yet."))
        elif not query:
            shown = f"All {total}" if total <= LIST_LIMIT else f"The first {LIST_LIMIT} of {total}"
            status.update(literal(f"{shown} questions"))
        else:
            found = self.index.answer(query, NEAREST)
            fits = found.fits
            if not hits:
                entries = list(found.entries)
            if fits:
                status.update(_status(hits))
            else:
                status.update(literal(f"Nothing fits {query!r} closely. The closest questions:"))
        self.query_one("#faq-no-fit").display = not fits
        options = self.query_one("#faq-questions", OptionList)
        options.set_options(Option(literal(entry.question), id=entry.id) for entry in entries)
        ids = [entry.id for entry in entries]
        if self._shown in ids and (keep_shown or ids[0] == self._shown):
            options.highlighted = ids.index(self._shown)
        elif ids and follow:
            options.highlighted = 0
            await self._visit(ids[0], push=False)

    # --- showing and history ------------------------------------------------------------------

    async def _visit(self, entry_id: str, *, push: bool) -> None:
        """Show an entry: ``push`` adds a step to the history, else the current step changes."""
        if entry_id == self._shown:
            return
        if push or self._cursor < 0:
            del self._history[self._cursor + 1 :]
            self._history.append(entry_id)
            self._cursor = len(self._history) - 1
        else:
            self._history[self._cursor] = entry_id
            del self._history[self._cursor + 1 :]
        await self._show(entry_id)

    async def _show(self, entry_id: str) -> None:
        if self.index is None:
            return
        entry = self.index.get(entry_id)
        if entry is None or not self._alive():
            return
        self._shown = entry_id
        self.query_one("#faq-question", Static).update(literal(entry.question))
        await self.query_one("#faq-answer", SafeMarkdown).update(entry.answer)
        source = self.pack.info.source
        line = basis_line(entry, source.title if source else "")
        basis = self.query_one("#faq-basis", Static)
        basis.update(literal(line))
        basis.display = bool(line)
        related = self.index.related(entry)
        self.query_one("#faq-related", OptionList).set_options(
            Option(literal(other.question), id=other.id) for other in related
        )
        self.query_one("#faq-related-box").display = bool(related)
        self.query_one("#faq-answer-pane", VerticalScroll).scroll_home(animate=False)
        self._sync_list()
        self.refresh_bindings()

    def _sync_list(self) -> None:
        """Highlight the shown entry in the list when it is there (no-op in the handler)."""
        options = self.query_one("#faq-questions", OptionList)
        for position, option in enumerate(options.options):
            if option.id == self._shown:
                if options.highlighted != position:
                    options.highlighted = position
                return

    async def _step(self, delta: int) -> bool:
        target = self._cursor + delta
        if not 0 <= target < len(self._history):
            return False
        self._cursor = target
        await self._show(self._history[target])
        return True

    def _read(self) -> None:
        """Move to the answer: in a narrow terminal it replaces the list until escape."""
        self.add_class("-reading")
        self.query_one("#faq-answer-pane").focus()

    # --- events -------------------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#faq-questions")
    async def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            await self._visit(event.option.id, push=False)

    @on(OptionList.OptionSelected, "#faq-questions")
    async def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            await self._visit(event.option.id, push=False)
            self._read()

    @on(Input.Submitted, "#faq-search")
    async def _submitted(self) -> None:
        options = self.query_one("#faq-questions", OptionList)
        option = options.highlighted_option
        if option is not None and option.id is not None:
            await self._visit(option.id, push=False)
            self._read()

    @on(OptionList.OptionSelected, "#faq-related")
    async def _related_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            await self._follow(event.option.id)

    def open_entry(self, entry_id: str) -> bool:
        """Open an entry in place, as a link would (for the app when the FAQ is already open).

        False if the pack has no such entry.
        """
        if self.index is None:  # still being built: opened once it is
            found = any(entry.id == entry_id for entry in self.pack.faq)
            if found:
                self._initial_entry = entry_id
            return found
        if self.index.get(entry_id) is None:
            return False
        self.call_next(self._follow, entry_id)
        return True

    async def _follow(self, entry_id: str) -> None:
        await self._visit(entry_id, push=True)
        self._read()

    @on(Markdown.LinkClicked)
    async def _link_clicked(self, event: Markdown.LinkClicked) -> None:
        # Only faq: links get here (SafeMarkdown shows any other address, never opens it):
        # open them in place, with back/forward.
        event.stop()
        entry_id = event.href.strip().removeprefix("faq:")
        if self.index is None or self.index.get(entry_id) is None:
            self.notify(f"There is no question {entry_id!r} in this pack.", markup=False)
            return
        await self._follow(entry_id)

    @on(PackChanged)
    async def _pack_changed(self, message: PackChanged) -> None:
        """Content reloaded: search the new questions, keep the answer if it still exists.
        Their index is built in a thread worker (about a second at 10,000 entries): the old
        one answers meanwhile."""
        pack = message.pack
        if pack is None or pack.faq == self.pack.faq:
            return
        self.pack = pack
        build = IndexBuild(pack)
        self.run_worker(build.run, thread=True, name="faq-index", exit_on_error=False)
        self.run_worker(self._reindexed(build), group="faq-reindex", exclusive=True)

    async def _reindexed(self, build: IndexBuild) -> None:
        try:
            index = await build.wait()
        except Exception:
            log.error("the FAQ index could not be built", exc_info=True)
            return
        if build.pack is not self.pack or not self._alive():
            return  # reloaded again meanwhile (that build follows), or closed
        self.index = index
        self._listed_query = None
        self._history = [entry_id for entry_id in self._history if self.index.get(entry_id)]
        self._cursor = len(self._history) - 1
        shown = self._shown if self._shown in self._history else None
        self._shown = None
        if shown is not None:
            self._cursor = self._history.index(shown)
            await self._show(shown)
        await self._refresh_list()

    # --- actions ------------------------------------------------------------------------------

    def action_edit(self) -> None:  # issue 15: see coach.tui.editor
        if self._shown is None:
            self.notify("Pick a question first.", markup=False)
            return
        self.post_message(faq_request(self._shown))

    def action_safety(self) -> None:
        self.post_message(OpenSafety())

    def action_focus_search(self) -> None:
        self.remove_class("-reading")
        self.query_one("#faq-search", Input).focus()

    def action_move(self, delta: int) -> None:
        options = self.query_one("#faq-questions", OptionList)
        if delta > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    async def action_history_back(self) -> None:
        await self._step(-1)

    async def action_history_forward(self) -> None:
        await self._step(1)

    async def action_escape(self) -> None:
        """Undo one thing: leave the answer (narrow), clear the search, go back, then close."""
        search = self.query_one("#faq-search", Input)
        if self.has_class("-reading") and self.has_class("-narrow"):
            self.remove_class("-reading")
            self.query_one("#faq-questions").focus()
        elif search.value:
            search.value = ""
            search.focus()
        elif not await self._step(-1):
            self.close()

    def close(self) -> None:
        """Leave the FAQ: back to the screen below, or quit when the FAQ is all there is."""
        if len(self.app.screen_stack) > 1:
            self.dismiss(None)
        else:
            self.post_message(Quit())


def _status(hits: list[Hit]) -> Content:
    count = len(hits)
    more = "+" if count >= LIST_LIMIT else ""
    return literal(f"{count}{more} matching question{'s' if count != 1 else ''}")
