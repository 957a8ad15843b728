"""The collector is held off during big loads, and comes back as it was, however they nest."""

from __future__ import annotations

import gc
import threading

from coach.system.collector import collector_paused


def test_paused_inside_and_enabled_again_after_the_last_one() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer one still runs
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_across_threads_the_last_to_end_enables_it() -> None:
    inside, release = threading.Event(), threading.Event()

    def other() -> None:
        with collector_paused():
            inside.set()
            release.wait(10)

    thread = threading.Thread(target=other)
    with collector_paused():
        thread.start()
        assert inside.wait(10)
    assert not gc.isenabled()  # the other thread's load is still running
    release.set()
    thread.join(10)
    assert gc.isenabled()


def test_an_exception_inside_still_enables_it() -> None:
    try:
        with collector_paused():
            raise ValueError("a load that failed")
    except ValueError:
        pass
    assert gc.isenabled()
