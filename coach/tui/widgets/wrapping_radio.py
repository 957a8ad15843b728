"""A radio button whose label wraps under itself instead of being cut.

Textual's :class:`~textual.widgets.RadioButton` is one line high and ends a long label with an
ellipsis: a check-in option "Heavy, or it did not stop after about 10 minutes" lost its ten
minutes at 100 columns (issue 24). Here the label wraps at the button's width, each further
line indented under the label's first, so an option reads whole at any width down to 40.
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.style import Style
from textual.widgets import RadioButton

LABEL_PADDING = 2
"""Textual pads a toggle's label with a space each side."""


class WrappingRadioButton(RadioButton):
    """A :class:`RadioButton` as tall as its label needs."""

    DEFAULT_CSS = """
    WrappingRadioButton {
        height: auto;
    }
    """

    def _button_mark(self) -> Content:
        """The round mark, drawn as Textual draws it (its own helper is private)."""
        button_style = self.get_visual_style("toggle--button")
        side = Style(foreground=button_style.background, background=self.background_colors[1])
        return Content.assemble(
            (self.BUTTON_LEFT, side), (self.BUTTON_INNER, button_style), (self.BUTTON_RIGHT, side)
        )

    def _mark_width(self) -> int:
        return len(self.BUTTON_LEFT) + len(self.BUTTON_INNER) + len(self.BUTTON_RIGHT)

    def label_lines(self, width: int) -> list[Content]:
        """The label wrapped to fit beside the mark in ``width`` columns."""
        room = max(1, width - self._mark_width() - LABEL_PADDING)
        return self.label.wrap(room) or [Content("")]

    def get_content_height(self, _container: Size, _viewport: Size, width: int) -> int:
        return len(self.label_lines(width))

    def render(self) -> Content:
        label_style = self.get_visual_style("toggle--label")
        lines = self.label_lines(self.content_size.width)
        indent = Content(" " * self._mark_width())
        return Content("\n").join(
            Content.assemble(
                self._button_mark() if index == 0 else indent,
                line.pad(1, 1).stylize_before(label_style),
            )
            for index, line in enumerate(lines)
        )


__all__ = ["WrappingRadioButton"]
