"""The app's one way to tell the person something (coach.tui.notices, Textual-free): shown now,
or held while a screen that takes no toasts is up, and raised again, each in full, after it."""

from __future__ import annotations

from coach.tui.notices import Notices, Said


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_notice_is_shown_when_nothing_holds_it() -> None:
    notices = Notices(Ticks())
    assert notices.say(Said("Saved.")) is True
    assert notices.held == () and not notices.holding
    assert notices.release() == []  # nothing was held: nothing to raise again


def test_held_while_a_screen_is_up_and_released_in_order_after() -> None:
    clock = Ticks()
    notices = Notices(clock)
    assert notices.hold() is True
    assert notices.hold() is False  # already holding: the caller clears nothing twice
    assert notices.say(Said("first")) is False
    clock.now = 100.0  # however long the screen stays up, nothing is dropped
    assert notices.say(Said("second", severity="warning")) is False
    assert [s.message for s in notices.held] == ["first", "second"]
    released = notices.release()
    assert [s.message for s in released] == ["first", "second"]
    assert not notices.holding and notices.held == ()
    assert notices.say(Said("after")) is True


def test_a_notice_still_on_screen_when_the_screen_comes_up_is_raised_again() -> None:
    clock = Ticks()
    notices = Notices(clock)
    notices.say(Said("still showing", timeout=30))
    notices.say(Said("long gone", timeout=2))
    clock.now = 10.0
    assert notices.hold() is True
    notices.say(Said("during"))
    assert [s.message for s in notices.release()] == ["still showing", "during"]
