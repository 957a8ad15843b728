"""A radio list that can be left unanswered, and cleared back to unanswered.

Textual's :class:`~textual.widgets.RadioSet` starts with nothing pressed, but once a button is
pressed it can only be moved, never taken back: a check-in answer given by mistake could then
only be changed into another answer. ``delete`` or ``backspace`` here clears it, so "not
answered" stays a value the person can choose (issue 21).
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import RadioButton, RadioSet


class AnswerSet(RadioSet):
    """A :class:`RadioSet` whose answer can be cleared (nothing pressed: not answered)."""

    # RadioSet marks its cursor (the first option, at first) even while it has no focus: on
    # an unanswered question that read as "Yes" already chosen. Only the pressed mark shows.
    DEFAULT_CSS = """
    AnswerSet:blur > RadioButton.-selected > .toggle--label {
        background: transparent;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete,backspace", "clear", "Clear answer", tooltip="Back to not answered"),
    ]

    class Cleared(Message):
        """The answer was cleared: nothing is pressed now."""

        def __init__(self, answer_set: AnswerSet) -> None:
            super().__init__()
            self.answer_set = answer_set

        @property
        def control(self) -> AnswerSet:
            return self.answer_set

    # RadioSet keeps its pressed button privately and has no public way to clear it: a
    # cleared answer is its button switched off, so "pressed" here is a button that is on.
    @property
    def pressed_button(self) -> RadioButton | None:
        pressed = super().pressed_button
        return pressed if pressed is not None and pressed.value else None

    @property
    def pressed_index(self) -> int:
        pressed = self.pressed_button
        return -1 if pressed is None else self.children.index(pressed)

    @property
    def answered(self) -> bool:
        return self.pressed_button is not None

    def clear(self) -> None:
        """Nothing pressed again. (RadioSet turns a button switched off back on: its message
        is held back here, the one place that does.)"""
        pressed = self.pressed_button
        if pressed is None:
            return
        with self.prevent(RadioButton.Changed):
            pressed.value = False
        self.post_message(self.Cleared(self))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear":
            return self.answered  # shown only when there is an answer to clear
        return True

    def action_clear(self) -> None:
        self.clear()
        self.refresh_bindings()

    def on_radio_set_changed(self) -> None:
        self.refresh_bindings()  # "Clear answer" applies now (the message goes on up)


__all__ = ["AnswerSet"]
