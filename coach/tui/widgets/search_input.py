"""A search box that holds a bounded, plain question, however it is typed or pasted."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from coach.system.safe_text import MAX_QUERY, query_text


class SearchInput(Input):
    """An :class:`~textual.widgets.Input` of at most :data:`MAX_QUERY` characters.

    A paste is made plain first (:func:`~coach.system.safe_text.query_text`: no escape sequence
    or control character, its lines joined) and cut to the room left, where Textual's own would
    refuse a paste that does not fit whole and keep its controls. An 11 KB paste into the FAQ
    mid-session ended the app and the session; 110 KB of escape sequences spun at 100% CPU.
    """

    def __init__(
        self,
        value: str = "",
        *,
        placeholder: str = "",
        id: str | None = None,  # noqa: A002 - Textual's own name for it
    ) -> None:
        super().__init__(query_text(value), placeholder, max_length=MAX_QUERY, id=id)

    def on_paste(self, event: events.Paste) -> None:
        # Before Input's own handler, which is then skipped (prevent_default).
        event.prevent_default()
        event.stop()
        selection = self.selection
        start, end = sorted((selection.start, selection.end))
        room = MAX_QUERY - (len(self.value) - (end - start))
        pasted = query_text(event.text)
        if pasted[:room]:
            self.replace(pasted[:room], start, end)
        if len(pasted) > room:
            self.app.bell()  # some of it did not fit: say so, as a refused key does
