"""Keys for a screen that is read, top to bottom: the safety guidance and About.

One set of bindings (shown in the Footer, scroll keys included, so a person sees how to reach
what is below) and their actions, over the screen's scrolling body (``BODY_ID``).
"""

from __future__ import annotations

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen


class ReadingKeys(Screen):  # type: ignore[type-arg]
    """Mix in before a screen class; set ``BODY_ID`` to the id of its VerticalScroll."""

    BODY_ID = "body"
    BINDINGS: list[BindingType] = [
        Binding("c,escape", "close", "Close"),
        Binding("down,j", "scroll(1)", "Down", key_display="↓"),
        Binding("up,k", "scroll(-1)", "Up", key_display="↑"),
        Binding("pagedown,space", "page(1)", "Page", key_display="PgDn"),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("end", "end", "End", key_display="End"),
        Binding("home", "home", "Top", key_display="Home"),
    ]

    @property
    def _body(self) -> VerticalScroll:
        return self.query_one(f"#{self.BODY_ID}", VerticalScroll)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, lines: int) -> None:
        self._body.scroll_relative(y=lines, animate=False)

    def action_page(self, pages: int) -> None:
        body = self._body
        step = max(1, body.scrollable_content_region.height - 2)
        body.scroll_relative(y=pages * step, animate=False)

    def action_end(self) -> None:
        self._body.scroll_end(animate=False)

    def action_home(self) -> None:
        self._body.scroll_home(animate=False)
