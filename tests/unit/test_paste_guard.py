"""Pasted escape sequences stay text (issue 26): Textual's parser turned the 32 characters after
each pasted ESC into key presses; coach.tui.paste_guard feeds it without them."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from textual import events
from textual._xterm_parser import XTermParser

from coach.system.safe_text import query_text
from coach.tui.paste_guard import END, START, GuardedParser, PasteGuard

HOSTILE = "how\x1b[31m long\x1b]0;pwned\x07 does\x1b\x1b[2J it\x1b[201 take\x1bx?\u202e\r\n" * 300


def parse(parser: GuardedParser, chunks: list[str]) -> list[object]:
    found: list[object] = []
    for chunk in chunks:
        found += list(parser.feed(chunk))
    return found


def test_a_paste_with_escapes_is_one_paste_and_no_key() -> None:
    typed = START + HOSTILE + END
    for size in (1, 7, 4096):  # a marker split between reads, or not
        chunks = [typed[i : i + size] for i in range(0, len(typed), size)] + ["a"]
        found = parse(GuardedParser(), chunks)
        pastes = [e for e in found if isinstance(e, events.Paste)]
        keys = [e for e in found if isinstance(e, events.Key)]
        assert len(pastes) == 1 and [k.key for k in keys] == ["a"], (size, keys[:5])
        assert "\x1b" not in pastes[0].text
        assert query_text(pastes[0].text).startswith("how long does it")
        assert "pwned" not in query_text(pastes[0].text)


def test_textuals_parser_alone_types_pasted_escapes_as_keys() -> None:
    """What the guard is for: if Textual ever stops doing this, the guard can go."""
    found = list(XTermParser().feed(START + "a\x1b[31mbcdefghijklmnopqrstuvwxyz0123456789" + END))
    assert any(isinstance(e, events.Key) for e in found)


def test_outside_a_paste_input_passes_unchanged() -> None:
    guard = PasteGuard()
    typed = "\x1b[A\x1bq\x1b[200"  # arrow up, alt+q, and a start marker not finished
    assert guard(typed) == typed and not guard.in_paste
    assert guard("~x") == "~x" and guard.in_paste  # finished in the next read
    assert guard("y\x1b[20") == "y" and guard("1~z") == END + "z" and not guard.in_paste


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("ab[]~0129\x1b\x07\n")), cut=st.integers(0, 200))
def test_nothing_but_the_end_marker_carries_esc_in_a_paste(text: str, cut: int) -> None:
    assume(END not in text)  # a terminal never sends it inside a paste: it ends the paste
    guard = PasteGuard()
    typed = START + text + END + "k"
    out = guard(typed[:cut]) + guard(typed[cut:])
    assert out.startswith(START) and out.endswith(END + "k") and not guard.in_paste
    assert "\x1b" not in out[len(START) : -len(END) - 1]
