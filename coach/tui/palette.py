"""The command palette's coach commands: start a protocol, open a FAQ question.

Titles and questions come from content files, so they are shown literally (``literal``), and the
match highlighting is applied to that literal text: Textual's own ``Matcher.highlight`` would
parse the candidate as markup.
"""

from __future__ import annotations

import asyncio
import logging
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from coach.system.safe_text import query_text
from coach.tui.literal import clean, literal
from coach.tui.messages import OpenQuestions, StartProtocol

if TYPE_CHECKING:
    from textual.app import App

    from coach.faq.index_build import IndexBuild
    from coach.faq.search import FaqIndex
    from coach.pack.model import Pack

log = logging.getLogger(__name__)

DISCOVER_FAQ = 5
"""How many FAQ questions the palette offers before anything is typed."""
PALETTE_FAQ = 20
"""At most this many FAQ questions are offered for a query."""


def highlight(matcher: Matcher, text: str) -> Content:
    """``text`` shown literally, with the letters the matcher matched highlighted."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if not score:
        return content
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class CoachCommands(Provider):
    """Protocols to start and FAQ questions to open, found by their titles.

    Textual builds providers itself, so the app hands the content down by making a subclass
    that holds it (:meth:`showing`) each time the palette opens."""

    pack: Pack | None = None  # still loading (or no content at all): offer nothing
    index: IndexBuild | None = None  # the app's FAQ index for that pack (perhaps still building)

    @classmethod
    def showing(cls, pack: Pack | None, index: IndexBuild | None = None) -> type[CoachCommands]:
        return type(cls.__name__, (cls,), {"pack": pack, "index": index})

    def _pack(self) -> Pack | None:
        return self.pack

    def _candidates(self, pack: Pack) -> list[tuple[str, str, partial[None]]]:
        """(text to match and show, help, command) for everything the palette can do."""
        found = [
            (
                clean(f"Start: {protocol.title}"),
                "Start this protocol now",
                partial(self._start_protocol, protocol.id),
            )
            for protocol in pack.protocols
        ]
        found += [
            (clean(f"FAQ: {entry.question}"), "Read the answer", partial(self._open_faq, entry.id))
            for entry in pack.faq
        ]
        return found

    async def discover(self) -> Hits:
        pack = self._pack()
        if pack is None:
            return
        candidates = self._candidates(pack)
        shown = len(pack.protocols) + DISCOVER_FAQ
        for text, help_text, command in candidates[:shown]:
            yield DiscoveryHit(literal(text), command, text=text, help=help_text)

    async def search(self, query: str) -> Hits:
        pack = self._pack()
        if pack is None:
            return
        query = query_text(query)  # issue 26: a long paste is read as the FAQ screen reads it
        matcher = self.matcher(query)
        faq_commands: dict[str, tuple[str, str, partial[None]]] = {}
        for text, help_text, command in self._candidates(pack):
            if text.startswith("FAQ: "):
                faq_commands[command.args[0]] = (text, help_text, command)
                continue
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, highlight(matcher, text), command, text=text, help=help_text)
        # Questions are ranked by the FAQ's own search, as on the FAQ screen and in --print;
        # its index may still be building (off the UI thread): waited for, never blocking.
        try:
            index = await self._faq_index(pack)
        except Exception:
            log.error("the FAQ index could not be built", exc_info=True)
            return
        hits = index.search(query, limit=PALETTE_FAQ)
        top = hits[0].score if hits else 1.0
        for hit in hits:
            text, help_text, command = faq_commands[hit.entry.id]
            score = 0.99 * hit.score / top  # the palette sorts by 0-1; the order is kept
            yield Hit(score, highlight(matcher, text), command, text=text, help=help_text)

    async def _faq_index(self, pack: Pack) -> FaqIndex:
        """The app's FAQ index when it is the current pack's, else one built here (once); in
        a thread either way: a search waits for it, the palette stays responsive."""
        from coach.faq.index_build import IndexBuild

        build = self.index
        if build is None or build.entries != pack.faq:
            build = type(self).index = IndexBuild(pack)
        if build.ready() is None:
            await asyncio.to_thread(build.run)  # returns at once if it is already building
        return await build.wait()

    def _start_protocol(self, protocol_id: str) -> None:
        self.app.post_message(StartProtocol(protocol_id))

    def _open_faq(self, entry_id: str) -> None:
        self.app.post_message(OpenQuestions(entry_id))


def open_palette(app: App[object]) -> None:
    """The palette (ctrl+p), unless one is open already. Textual only checks the top screen:
    with the palette under F2's blank screen, a second would be pushed with the same id."""
    if app.use_command_palette and not any(
        isinstance(screen, CommandPalette) for screen in app.screen_stack
    ):
        app.push_screen(CoachPalette(id="--command-palette"))


class CoachPalette(CommandPalette):
    """Textual's palette, safe against keys typed faster than it lays out.

    Its results list is shown (made visible) when the first hits arrive and laid out on the
    next refresh; a page key in between found no line map (KeyError). Until the list has an
    area, page keys wait their turn, as they would in a slower terminal: they are ignored."""

    # Textual's own page keys (its CommandPalette.BINDINGS) replaced by these, which a
    # subclass's bindings for the same keys do; the results list's page actions are public.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("pagedown", "page('down')", "Next page", show=False),
        Binding("pageup", "page('up')", "Previous page", show=False),
    ]

    def action_page(self, direction: str) -> None:
        results = self.query_one(CommandList)
        if not results.scrollable_content_region or not results.option_count:
            return
        if direction == "down":
            results.action_page_down()
        else:
            results.action_page_up()
