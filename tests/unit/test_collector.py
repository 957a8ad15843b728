"""The collector is held off during big loads, and comes back as it was, however they nest."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from coach.system import collector
from coach.system.collector import collector_paused

ROOT = Path(__file__).resolve().parents[2]


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


# --- start-up: held from the command's start until the first frame (or the command's work) ----


@pytest.fixture
def start_up() -> Iterator[None]:
    """Puts the process's collector back as it was: enabled, nothing frozen."""
    gc.unfreeze()  # an in-process command test before this one may have frozen its start
    try:
        yield
    finally:
        collector._start_up = None
        collector._depth = 0
        gc.unfreeze()
        gc.enable()


def test_start_up_holds_until_it_is_over_then_freezes_what_it_made(start_up: None) -> None:
    collector.hold_start_up()
    assert not gc.isenabled()
    made = [object() for _ in range(100)]  # noqa: F841  # what start-up keeps
    assert gc.get_freeze_count() == 0
    collector.start_up_over()
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0  # frozen: later collections leave it alone
    frozen = gc.get_freeze_count()
    made_since = [[] for _ in range(1000)]
    collector.start_up_over()  # a second end (the app's first frame, then its exit) is nothing
    assert gc.isenabled() and gc.get_freeze_count() < frozen + len(made_since)


def test_held_once_per_process(start_up: None) -> None:
    collector.hold_start_up()
    collector.hold_start_up()
    collector.start_up_over()
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    made_since = [[] for _ in range(1000)]  # a second freeze would take these too
    collector.hold_start_up()  # start-up is over once: asked again, nothing is held
    assert gc.isenabled()
    collector.start_up_over()
    # (frozen objects that die leave the count: it may fall, never rise by what was made)
    assert gc.get_freeze_count() < frozen + len(made_since)


def test_over_without_a_hold_changes_nothing(start_up: None) -> None:
    """Tests and embedders that build the app themselves keep their collector as it is."""
    collector.start_up_over()
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.disable()
    collector.start_up_over()
    assert not gc.isenabled()


def test_a_load_that_began_during_start_up_keeps_it_paused_till_it_ends(start_up: None) -> None:
    collector.hold_start_up()
    with collector.collector_paused():
        collector.start_up_over()
        assert not gc.isenabled()  # the load still runs
    assert gc.isenabled()


COMMAND_PROBE = """
import gc, sys
from coach.entry import main
how, sys.argv[1:] = sys.argv[1], sys.argv[2:]
code = main() if how == "console" else main(sys.argv[1:])
print(code, gc.isenabled(), gc.get_freeze_count() > 0, file=sys.stderr)
"""


@pytest.mark.parametrize(
    "argv", [["history"], ["plan"], ["faq", "--print", "bleeding"], ["settings"], ["check"]]
)
def test_a_command_runs_its_work_with_the_collector_on(tmp_path: Path, argv: list[str]) -> None:
    """The hold ends when a command that shows no app begins its work: a long one (plain
    mode, a big report) is never left without its collector. A call from code (a test, a
    script) holds and freezes nothing: only the console script's own command does."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env |= {"HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}

    def run(how: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", COMMAND_PROBE, how, *argv],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        return done.stderr.strip().splitlines()[-1]

    assert run("console") == "0 True True"
    assert run("code") == "0 True False"
