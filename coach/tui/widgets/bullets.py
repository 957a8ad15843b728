"""A list of items from content, one a line with a bullet, never read as markup."""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content

from coach.tui.literal import literal


def bullet_list(items: Iterable[str]) -> Content:
    return Content("\n").join(Content.assemble("• ", literal(item)) for item in items)
