"""The home screen: the pack, where you are in the programme, protocols to start, the FAQ."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from coach.pack import discreet as neutral
from coach.pack.content_state import Status
from coach.tui import messages as msg
from coach.tui.breakpoints import SizedFromTheStart
from coach.tui.literal import literal
from coach.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from coach.journal.store import Journal
    from coach.pack.model import Pack
    from coach.pack.read import Titles


@dataclass(frozen=True)
class HomeState:
    """What home shows, handed down by the app."""

    pack: Pack | None = None
    titles: Titles | None = None  # before the validated pack: cheap titles for a first paint
    status: Status = Status.LOADING  # coach.pack.content_state: one value for where it stands
    problem: str = ""  # the first problem, file:line: field: message
    using: str = "the last content that worked"  # what is shown instead, when status says so
    discreet: bool = False
    journal: Journal | None = field(default=None, compare=False)
    # Today by the app's clock (injected in tests): the figures are for this day.
    today: Callable[[], dt.date] = field(default=dt.date.today, compare=False)


class HomeScreen(SizedFromTheStart, Screen[None]):
    # Styles in home.tcss, loaded by the app (see CoachApp.CSS_PATH).
    VERTICAL_BREAKPOINTS = [(0, "-short"), (28, "-tall")]
    BINDINGS = [
        # Priority: the protocol list's own Enter (hidden) would otherwise take the key bar's
        # place of "Start"; both start the highlighted protocol.
        Binding("enter", "start", "Start", priority=True),
        Binding("f", "faq", "Questions"),
        Binding("h", "history", "History"),
        Binding("p", "safety", "Pain? Safety"),
        # The key bar shows what fits, in this order after p, Enter and ?: quitting early,
        # then where the content comes from (at 80 columns Settings is left to ?).
        Binding("q", "app.quit", "Quit"),
        Binding("a", "about", "About"),
        # The programme's log-only activities and start date (coach/tui/dialogs/start_date).
        Binding("l", "log_activity", "Log", tooltip="Log an activity without a timer"),
        Binding("comma", "settings", "Settings"),
        Binding("d", "start_date", "Start date", show=False),
        Binding("v", "set_level", "Set level", show=False, tooltip="The level for next time"),
        Binding("m", "start_remote", "Start with the phone remote", show=False),
    ]

    state: reactive[HomeState] = reactive(HomeState, init=False, always_update=True)

    def __init__(self, state: HomeState | None = None) -> None:
        super().__init__()
        self.set_reactive(HomeScreen.state, state or HomeState())
        self._names: dict[str, str] = {}  # protocol id -> the name shown for it
        self._stale = False  # a state came while another screen covered home

    def watch_state(self) -> None:
        if self.is_mounted:
            # After the handler that set it: `coach start` sets the first pack and pushes the
            # session in one go, and home, covered by then, need not fill in (~80 ms) first.
            self._stale = True
            self.call_later(self._show_if_seen)

    def _show_if_seen(self) -> None:
        if not self._stale:
            return
        if self._in_view():
            self.show()
        elif self.state.pack is not None:
            # Covered, home waits to fill in; the summary `coach status` reads does not: a
            # level set from the FAQ, then quitting from it, must still reach it.
            self._refresh_status()

    def _in_view(self) -> bool:
        """Home can be seen: on top, or under dialogs only (home shows around them)."""
        stack = self.app.screen_stack
        if self not in stack:
            return False
        above = stack[stack.index(self) + 1 :]
        return all(isinstance(screen, ModalScreen) for screen in above)

    def compose(self) -> ComposeResult:
        yield Header()
        # The protocols come first after the line saying where the person stands: at 60x20
        # they are on screen with the key that starts them; the advice (a paragraph before the
        # first session) and the citation follow, a scroll away (its bar shows there is more).
        with VerticalScroll(id="home", can_focus=False):
            yield Static(id="pack-title")  # tall terminals only: the header says it too
            yield Static(id="home-notice")  # loading, or what is wrong with the content
            yield Static(id="progress")
            yield OptionList(id="protocols")
            yield Static(id="home-hint")
            yield Vertical(id="advice-box")
            yield Static(id="pack-source")
        # Outside the scroll, above the key bar: on screen at every size, never more than a
        # third of it; a longer disclaimer scrolls in its own box (its scroll bar says so).
        yield VerticalScroll(id="disclaimer-box")
        yield KeyBar(first=("enter",))

    def on_mount(self) -> None:
        self.show()
        # Enter starts the highlighted protocol: make that visible from the first frame.
        self.query_one("#protocols", OptionList).focus()

    def show(self) -> None:
        """Fill in from the validated pack when it is there, from the cheap titles before."""
        self._stale = False
        state = self.state
        discreet = state.discreet
        pack = state.pack
        title_widget = self.query_one("#pack-title", Static)
        options = self.query_one("#protocols", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        if pack is None:
            titles = state.titles
            title_widget.update(
                literal(neutral.HOME_TITLE if discreet or not titles else titles.pack_title)
            )
            self._names = {}
            for index, (pid, ptitle) in enumerate(titles.protocols if titles else ()):
                options.add_option(Option(self._protocol_label(index, ptitle, None), id=pid))
                self._names[pid] = f"Routine {neutral.letter(index)}" if discreet else ptitle
            if options.option_count:
                options.highlighted = 0
            self.query_one("#home-notice").display = True
            self.query_one("#home-notice", Static).update(
                literal(
                    f"The content has problems ({state.problem}): fix the file and save, "
                    "coach reloads it. F8 lists them."
                )
                if state.status == "failed"
                else "Loading…"
            )
            self._show_hint()
            return
        title_widget.update(literal(neutral.HOME_TITLE if discreet else pack.info.title))
        from coach.pack.attribution import citation  # once content is loaded, after 1st frame

        source = pack.info.source
        source_line = citation(source) + " · a: about" if source and not discreet else ""
        self.query_one("#pack-source", Static).update(literal(source_line))
        notice = ""
        if state.status in ("fallback", "problems"):
            notice = (
                f"Your content has a problem ({state.problem}); showing {state.using} until it "
                "is fixed. F8 lists every problem."
            )
        self.query_one("#home-notice", Static).update(literal(notice))
        self.query_one("#home-notice").display = bool(notice)
        ordered = neutral.home_order(pack)
        names = neutral.routine_names(ordered)  # discreet: distinct names that say nothing
        self._names = {p.id: names[p.id] if discreet else p.title for p in ordered}
        for index, protocol in enumerate(ordered):
            label = (
                literal(names[protocol.id])
                if discreet
                else self._protocol_label(index, protocol.title, protocol.summary)
            )
            options.add_option(Option(label, id=protocol.id))
        if options.option_count:
            keep = highlighted is not None and highlighted < options.option_count
            options.highlighted = highlighted if keep else 0
        disclaimer = pack.info.disclaimer.strip()
        self._markdown(
            "#disclaimer-box", neutral.DISCLAIMER if discreet and disclaimer else disclaimer
        )
        self.query_one("#disclaimer-box").display = bool(disclaimer)
        self._show_hint()
        self._show_progress()

    def _show_hint(self) -> None:
        """What Enter does, naming the protocol it starts: nothing else on home says so."""
        options = self.query_one("#protocols", OptionList)
        hint = self.query_one("#home-hint", Static)
        index = options.highlighted
        if index is None:
            hint.update("")
            return
        name = self._names.get(options.get_option_at_index(index).id or "", "")
        more = " · ↑↓ choose another" if options.option_count > 1 else ""
        hint.update(Content.assemble("Enter starts ", literal(name, "bold"), more))

    @on(OptionList.OptionHighlighted, "#protocols")
    def _highlighted(self) -> None:
        self._show_hint()

    def _protocol_label(self, index: int, title: str, summary: str | None):
        if self.state.discreet:  # before the pack is in: no lengths yet, still distinct
            return literal(f"Routine {neutral.letter(index)}")
        label = literal(title, "bold")
        first = " ".join((summary or "").strip().split("\n\n")[0].split())
        if first:
            if len(first) > 90:  # one line of the menu: cut at a word, say that it was cut
                first = first[:89].rsplit(" ", 1)[0].rstrip(",;:") + "…"
            label = label + literal("\n" + first, "dim")
        return label

    def _show_progress(self) -> None:
        from coach.tui.progress import progress_lines

        today = self.state.today()
        headline, advice = progress_lines(
            self.state.pack, self.state.journal, today, discreet=self.state.discreet
        )
        self.query_one("#progress", Static).update(literal(headline, "bold"))
        self._refresh_status()
        # Discreet: the advice names the kit and the body; someone walking past sees neither.
        self._markdown("#advice-box", "" if self.state.discreet else advice)

    def _refresh_status(self) -> None:
        """issue 15: keep the summary `coach status` reads up to date (never raises)."""
        from coach.journal.status_refresh import refresh

        refresh(self.state.pack, self.state.journal, self.state.today())

    def _markdown(self, box_id: str, text: str) -> None:
        """Markdown arrives with the validated pack, after the first frame: its import (the
        Markdown widget and markdown-it, ~25 ms) stays off the start-up path."""
        from coach.tui.widgets.safe_markdown import SafeMarkdown

        box = self.query_one(box_id)
        if box.children:
            box.query_one(SafeMarkdown).update(text)
        else:
            box.mount(SafeMarkdown(text))

    def on_screen_resume(self) -> None:
        if self._stale:
            self.show()
        elif self.state.pack is not None:
            self._show_progress()

    @on(OptionList.OptionSelected, "#protocols")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.post_message(msg.StartProtocol(event.option.id))

    def action_start(self, remote: bool = False) -> None:
        options = self.query_one("#protocols", OptionList)
        chosen = None
        if options.highlighted is not None:
            chosen = options.get_option_at_index(options.highlighted).id
        self.post_message(msg.StartProtocol(chosen, remote=remote))

    def action_start_remote(self) -> None:
        """m: the highlighted protocol, with the phone remote (loopback; l in its panel opens
        it to the home network)."""
        self.action_start(remote=True)

    def action_faq(self) -> None:
        self.post_message(msg.OpenQuestions())

    def action_history(self) -> None:
        self.post_message(msg.OpenHistory())

    def action_settings(self) -> None:
        self.post_message(msg.OpenSettings())

    def action_about(self) -> None:
        self.post_message(msg.OpenAbout())

    def action_log_activity(self) -> None:
        self.post_message(msg.LogActivity())

    def action_start_date(self) -> None:
        self.post_message(msg.SetStartDate())

    def action_set_level(self) -> None:
        self.post_message(msg.SetLevel())

    def action_safety(self) -> None:
        self.post_message(msg.OpenSafety())
