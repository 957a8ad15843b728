"""One count of attempts (issue 21): what the session screen and plain mode say, and what the
journal keeps, agree whatever back, forward, skip and resistance do.

The definition (coach/engine/session.py): tries belong to the step and survive leaving it; the
screen shows the step's count, the journal keeps every try (their sum).
"""

from __future__ import annotations

import asyncio
import io
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.app import App

from coach.engine.clock import FakeClock
from coach.engine.events import EventKind
from coach.journal.store import Journal
from coach.pack.model import Pack
from coach.plain.session import PlainSession
from coach.session.run import SessionRun
from coach.system.settings import Settings
from coach.tui.flow import start_session
from coach.tui.screens.session import SessionScreen
from tests.screen import text_in
from tests.unit.packs import mini_pack

WAIT = 10.0


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Pack:
    """ready (checklist) -> in-out (intervals) -> try (attempts 4-6, resistance to reset)."""
    return mini_pack(tmp_path_factory.mktemp("mini") / "mini")


class Host(App[None]):
    def __init__(self, pack: Pack, journal: Journal, clock: FakeClock) -> None:
        super().__init__()
        self.pack, self.journal, self.clock = pack, journal, clock
        self.run: SessionRun | None = None

    def on_mount(self) -> None:
        self.run = start_session(
            self,
            self.pack,
            self.pack.default_protocol,
            journal=self.journal,
            clock=self.clock,
            settings=Settings(sound=False),
        )


def tries_line(host: Host) -> str:
    return text_in(host, "#step-attempts")


def journal_tries(journal: Journal, run: SessionRun) -> tuple[int, dict[str, int]]:
    """The session's attempts as the journal lists them, and its tries per step (events)."""
    assert run.flush(WAIT) == 0
    (session,) = journal.sessions()
    per_step: dict[str, int] = {}
    for event in journal.session_events(session.id):
        if event.kind is EventKind.ATTEMPT:
            per_step[event.step_id] = per_step.get(event.step_id, 0) + 1
    return session.attempts, per_step


async def test_two_tries_back_forward_four_more_say_six_on_screen_and_in_history(
    mini: Pack, tmp_path: Path
) -> None:
    """The issue's steps: 2 tries, b, then right: the screen said "No attempts yet"; 4 more
    said "Attempt 4" while history recorded 6."""
    clock = FakeClock()
    journal = Journal.open(tmp_path / "j.sqlite3")
    host = Host(mini, journal, clock)
    async with host.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "n")  # the checklist done, past the intervals: the tries
        assert isinstance(host.screen, SessionScreen)
        assert host.screen.view.step.id == "try"
        await pilot.press("enter", "enter")
        assert tries_line(host).startswith("Attempt 2")
        await pilot.press("b", "right")
        await pilot.pause()
        assert tries_line(host).startswith("Attempt 2 · expected 4-6")
        await pilot.press(*["enter"] * 4)
        await pilot.pause()
        assert tries_line(host).startswith("Attempt 6 · expected 4-6 · enough")
        assert host.run is not None
        assert journal_tries(journal, host.run) == (6, {"try": 6})
    journal.close()


# --- any keys: the screen's count is the journal's ----------------------------------------

TUI_KEYS = ("enter", "enter", "enter", "b", "left", "n", "right", "s", "r", "space")
PLAIN_LINES = ("", "", "", "d", "b", "n", "s", "r", " ")


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(lines=st.lists(st.sampled_from(PLAIN_LINES), min_size=1, max_size=30))
def test_any_plain_commands_the_tries_said_are_the_journals(
    mini: Pack, tmp_path: Path, lines: list[str]
) -> None:
    path = tmp_path / f"plain-{uuid.uuid4().hex}.sqlite3"  # one journal per example
    journal = Journal.open(path)
    clock = FakeClock()
    plain = PlainSession(
        mini, mini.default_protocol, clock=clock, out=io.StringIO(), journal=journal
    )
    try:
        plain.start()
        for line in lines:
            clock.advance(2)  # the intervals (30 s) end on the way: both ways off it are tried
            plain.handle(line)
            view = plain.run.view()
            if view.finished:
                break
            if view.step.kind == "attempts":
                total, per_step = journal_tries(journal, plain.run)
                assert view.attempts == per_step.get(view.step.id, 0)
                assert view.attempts_total == total
        plain.run.finish()
        total, per_step = journal_tries(journal, plain.run)
        assert plain.run.view().attempts_total == total == sum(per_step.values())
    finally:
        plain.run.close(WAIT)
        journal.close()


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(keys=st.lists(st.sampled_from(TUI_KEYS), min_size=1, max_size=16))
def test_any_keys_the_screens_count_is_the_journals(
    mini: Pack, tmp_path: Path, keys: list[str]
) -> None:
    path = tmp_path / f"tui-{uuid.uuid4().hex}.sqlite3"  # one journal per example

    async def drive() -> None:
        clock = FakeClock()
        journal = Journal.open(path)
        host = Host(mini, journal, clock)
        try:
            async with host.run_test(size=(100, 30)) as pilot:
                await pilot.pause()
                for key in keys:
                    clock.advance(2)
                    await pilot.press(key)
                    screen = host.screen
                    if not isinstance(screen, SessionScreen) or screen.view.finished:
                        break
                    view = screen.refresh_view()
                    if view.step.kind == "attempts":
                        shown = tries_line(host)
                        assert host.run is not None
                        total, per_step = journal_tries(journal, host.run)
                        count = per_step.get(view.step.id, 0)
                        if count:
                            assert shown.startswith(f"Attempt {count} ·"), (shown, per_step)
                        else:
                            assert shown.startswith("No attempts yet"), (shown, per_step)
                        assert view.attempts_total == total
        finally:
            journal.close()

    asyncio.run(drive())
