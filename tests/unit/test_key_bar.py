"""The key bar's order and fit, without a terminal (coach/tui/widgets/key_bar.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from textual.binding import Binding

from coach.tui.widgets.key_bar import Shown, fitting, ordered


def shown(key: str, action: str, *, show: bool = True, enabled: bool = True) -> Shown:
    return Shown(Binding(key, action, action.title(), show=show), enabled)


@given(st.lists(st.integers(min_value=1, max_value=30), max_size=20), st.integers(0, 200))
def test_the_keys_shown_fit_whole_and_the_first_always_shows(widths: list[int], room: int) -> None:
    count = fitting(widths, room)
    assert count <= len(widths)
    if widths:
        assert count >= 1  # the safety key, cut rather than gone
    if count > 1:
        assert sum(widths[:count]) <= room
    if count < len(widths):
        assert sum(widths[: count + 1]) > room  # no room for one more


def test_safety_then_the_main_keys_then_help_then_the_rest() -> None:
    candidates = [
        shown("f", "faq"),
        shown("question_mark", "keys"),
        shown("enter", "start"),
        shown("q", "quit"),
        shown("p", "pain", show=False),  # hidden, but the safety key is always shown
        shown("f1", "keys_f1", show=False),
        shown("d", "date", show=False),
    ]
    keys = [item.binding.key for item in ordered(candidates, first=("enter", "q"))]
    assert keys == ["p", "enter", "q", "question_mark", "f"]


def test_p_where_it_works_else_f9_and_f1_where_question_mark_is_typed() -> None:
    candidates = [
        shown("p", "pain_key", show=False, enabled=False),  # typing: p goes to the field
        shown("f9", "pain_stop"),
        shown("question_mark", "keys_key", enabled=False),
        shown("f1", "keys", show=False),
        shown("escape", "back"),
    ]
    keys = [item.binding.key for item in ordered(candidates, first=("escape",))]
    assert keys == ["f9", "escape", "f1"]
