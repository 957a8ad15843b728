"""The session screen says the content's words: its session noun, no "(1 of 1)", a cue that
leaves with its phase, and whether the session counts (issue 23, items 5 and 9)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import RadioSet, Static

from coach.engine.clock import FakeClock
from coach.journal.store import Journal
from coach.pack.load import load_pack
from coach.tui.dialogs.confirm import ConfirmDialog
from coach.tui.screens.checkin import CheckInScreen
from coach.tui.screens.safety import SafetyScreen
from coach.tui.screens.summary import SummaryScreen
from coach.tui.widgets.phase_banner import PhaseBanner
from tests.helpers import make_pack, wait_for
from tests.screen import text_of
from tests.ui.test_one_run import Host as FlowHost
from tests.ui.test_session_screen import Host, banner, step
from tests.unit.test_safety_sections import CONTENT

PROGRAM: dict[str, Any] = {
    "begin": "Start.",
    "keep_going": "Keep going.",
    "session_noun": "set",
    "plan": {"sessions": "3", "per": "day"},
    "levels": [{"id": "one", "name": "One"}],
}

DRILL = step(
    "intervals",
    "drill",
    repetitions=1,
    phases=[
        {"name": "squeeze", "duration": "5s", "tone": "hold"},
        {"name": "relax", "duration": "10s", "tone": "relax"},
    ],
    cues=[{"at": "2s", "say": "Squeeze harder"}],
)
BATH = step("timed", "bath", duration="10m", required=False)


async def test_the_session_noun_and_a_single_round_read_as_the_content_writes() -> None:
    host = Host(make_pack([DRILL], program=PROGRAM))
    async with host.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = host.session_screen
        assert text_of(screen.query_one("#bar-clock", Static)).startswith("Set 00:00")
        assert text_of(screen.query_one(PhaseBanner)) == "SQUEEZE"  # not "1 of 1"
        host.advance(2)
        await pilot.pause()
        assert banner(host) == "Squeeze harder"
        host.advance(3)  # the squeeze phase is over: its cue leaves with it
        await pilot.pause()
        assert banner(host) is None
        assert text_of(screen.query_one(PhaseBanner)) == "RELAX"
        host.advance(10)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(host.screen, SummaryScreen)
        assert text_of(host.screen.query_one("#summary-title", Static)) == "Set complete"
        counts = text_of(host.screen.query_one("#summary-counts", Static))
        assert counts == "This set counts toward your plan."


async def test_an_optional_step_left_out_and_a_required_one_skipped() -> None:
    host = Host(make_pack([BATH, DRILL, step("info", "after")], program=PROGRAM))
    async with host.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")  # at 0 s of a 10-minute bath: wait, and skipping costs nothing
        assert host.session_screen.view.step.id == "bath"
        assert (
            host.notes[-1] == "You can move on after 10:00 (10:00 to go). Press s to skip anyway."
        )
        await pilot.press("s")
        assert host.session_screen.view.step.id == "drill"
        assert not any("won't count" in note for note in host.notes)
        await pilot.press("enter")  # at 0 s of the drill: not done
        assert host.notes[-1].endswith("but then this set won't count toward your plan.")
        await pilot.press("s")
        await pilot.pause()
        assert host.notes[-1] == (
            "This set won't count toward your plan: 'Drill' was skipped. Press b to go back to it."
        )
        await pilot.press("n")  # the last step, an info step: read
        await pilot.pause()
        assert isinstance(host.screen, SummaryScreen)
        rows = [text_of(row) for row in host.screen.query(".summary-row").results(Static)]
        assert any(row.startswith("Steps skipped") and row.endswith("1") for row in rows)
        assert any(row.startswith("Optional, left") and row.endswith("1") for row in rows)
        counts = text_of(host.screen.query_one("#summary-counts", Static))
        assert counts == "This set does not count toward your plan: 'Drill' was skipped."


@pytest.mark.parametrize(
    ("downs", "heading", "urgent"),
    [(2, "Contact your clinician", False), (3, "Get medical help now", True)],
)
async def test_the_safety_page_after_a_check_in_names_the_rule_that_fired(
    tmp_path: Path, downs: int, heading: str, urgent: bool
) -> None:
    """The shipped rules: "more than spotting" is soon, "heavy" is urgent; the page after the
    check-in opens with that rule's label and advice, as urgent as it is and no more."""
    pack = load_pack(CONTENT)
    journal = Journal.open(tmp_path / "journal.sqlite3")
    host = FlowHost(pack, journal, FakeClock())
    async with host.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("q", "y")
        await wait_for(pilot, lambda: isinstance(host.screen, SummaryScreen), what="summary")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(host.screen, CheckInScreen), what="check-in")
        host.screen.query_one("#q-bleeding", RadioSet).focus()
        await pilot.press(*["down"] * downs, "enter")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(host.screen, ConfirmDialog), what="confirm")
        await pilot.press("y")  # save with the others not answered
        await wait_for(pilot, lambda: isinstance(host.screen, SafetyScreen), what="safety")
        blocks = host.screen.query_one("#safety-note").query("MarkdownBlock").results(Static)
        note = " ".join(text_of(block) for block in blocks)
        assert note.startswith(heading)
        assert ("Get medical help now" in note) is urgent
        assert host.run is not None
        host.run.flush(10)
    journal.close()
