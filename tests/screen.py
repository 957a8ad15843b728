"""Reading what a running app shows, through Textual's public API only: the one screen reader
the tests share.

:func:`screen_text` is the whole terminal; :func:`text_of` is one widget's text, and
:func:`text_in` the text of the widget a selector finds on the current screen.

``App.export_screenshot`` renders the current screen (with the screens under a modal) as an SVG;
its text elements carry their column (``x``) and row (``line-N``), which is all that is needed
to rebuild the screen as lines of text. Notifications are recorded by wrapping ``App.notify``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager

from textual.app import App
from textual.content import Content
from textual.widget import Widget

_TEXT = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
    r'clip-path="url\(#[\w-]+-line-(\d+)\)">(.*?)</text>',
    re.S,
)
_CELL = 12.2  # rich's SVG export: the width of one terminal cell


def screen_rows(app: App) -> list[str]:
    """Each row of the terminal, padded to its width."""
    width, height = app.size
    rows = [[" "] * width for _ in range(height)]
    for x, line, text in _TEXT.findall(app.export_screenshot()):
        row = int(line)
        if row >= height:
            continue
        column = round(float(x) / _CELL)
        for offset, char in enumerate(html.unescape(text).replace("\n", "")):
            if 0 <= column + offset < width:
                rows[row][column + offset] = " " if char == "\xa0" else char
    return ["".join(row) for row in rows]


def visible_text(app: App, widget: Widget) -> str:
    """The text on screen inside ``widget``'s content region, its wrapped lines joined by
    single spaces: a sentence that is there whole reads whole, one cut off does not ("" when
    the region is not all on screen)."""
    rows = screen_rows(app)
    region = widget.content_region
    if not (region.height and region.y >= 0 and region.bottom <= len(rows)):
        return ""
    if region.right > len(rows[0]):
        return ""
    lines = [rows[y][region.x : region.right] for y in range(region.y, region.bottom)]
    return " ".join(" ".join(lines).split())


def screen_text(app: App) -> str:
    """What the terminal shows, as text, one line per row."""
    return "\n".join(screen_rows(app))


def text_of(widget: Widget) -> str:
    """The plain text a widget (a ``Static``, a ``Label``...) shows, without styles."""
    content = widget.render()
    return content.plain if isinstance(content, Content) else str(content)


def text_in(app: App, selector: str) -> str:
    """The plain text of the widget ``selector`` finds on the current screen."""
    return text_of(app.screen.query_one(selector))


@contextmanager
def notifications(app: App) -> Iterator[list[str]]:
    """Collect the messages of every ``app.notify`` call made inside the block."""
    seen: list[str] = []
    original = app.notify

    def notify(message: str, *args: object, **kwargs: object) -> None:
        seen.append(str(message))
        original(message, *args, **kwargs)  # type: ignore[arg-type]

    app.notify = notify  # type: ignore[method-assign]
    try:
        yield seen
    finally:
        app.notify = original  # type: ignore[method-assign]
