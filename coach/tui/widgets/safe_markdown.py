"""Markdown from content files, with links that never leave the machine.

``[text](faq:ID)`` opens that FAQ entry in the app; any other link is shown, not opened: coach
makes no network calls and launches no browser.
"""

from __future__ import annotations

from textual import on
from textual.await_complete import AwaitComplete
from textual.widgets import Markdown

from coach.tui.literal import clean
from coach.tui.messages import OpenQuestions


class SafeMarkdown(Markdown):
    def __init__(
        self, markdown: str | None = None, *, handles_faq_links: bool = False, **kwargs
    ) -> None:
        """``handles_faq_links``: the screen showing it opens ``faq:`` links itself (in place,
        with its history), so the link is left to bubble up to it."""
        self.handles_faq_links = handles_faq_links
        kwargs.setdefault("open_links", False)
        super().__init__(None if markdown is None else clean(markdown), **kwargs)

    def update(self, markdown: str) -> AwaitComplete:
        # An ANSI escape pasted into a content file is shown, never sent to the terminal.
        return super().update(clean(markdown))

    @on(Markdown.LinkClicked)
    def _link(self, event: Markdown.LinkClicked) -> None:
        href = event.href
        if href.startswith("faq:"):
            # Screens that show FAQ entries handle it themselves (in place, with history).
            if self.handles_faq_links:
                return
            event.stop()
            self.post_message(OpenQuestions(href.removeprefix("faq:")))
            return
        event.stop()
        self.notify(
            clean(f"Link (not opened, coach stays offline): {href}"), timeout=6, markup=False
        )
