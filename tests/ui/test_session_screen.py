"""The session screen, key by key, driven with Pilot on a fake clock."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.widgets import Digits, Markdown, Static

from coach.engine.clock import FakeClock
from coach.engine.events import Event, EventKind
from coach.engine.view import FinishReason, Status
from coach.journal.store import Journal
from coach.pack.model import Pack
from coach.session.run import SessionRun
from coach.tui.app import CoachApp
from coach.tui.dialogs.confirm import ConfirmDialog
from coach.tui.messages import OpenQuestions
from coach.tui.screens.keys import KeysScreen
from coach.tui.screens.safety import SafetyScreen
from coach.tui.screens.session import SessionOutcome, SessionScreen, attempts_line
from coach.tui.screens.summary import SummaryScreen, summary_rows
from coach.tui.widgets.key_bar import KeyBar
from coach.tui.widgets.phase_banner import PhaseBanner
from coach.tui.widgets.step_timer import StepTimer, timer_face
from tests.helpers import make_pack, wait_for
from tests.screen import screen_rows, screen_text, text_in, text_of
from tests.unit.packs import mini_pack

SAFETY = {
    "title": "Stop [bold]now[/bold]",
    "stop_now": "Take the dilator out **gently**.",
    "normal": ["A mild stretch"],
    "warning_signs": ["Sharp pain"],
    "red_flags": ["Heavy bleeding [@click=app.quit]"],
    "see_clinician": "Call your clinic.",
}


def step(kind: str, step_id: str, **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "id": step_id, "title": step_id.title(), **extra}


STEPS = [
    step("checklist", "ready", items=["Towel", "[b]Lube[/b]"], text="Have these **ready**."),
    step(
        "timed", "hold", duration="3-5m", on_resistance="breathe", cues=[{"at": "1m", "say": "x"}]
    ),
    step("attempts", "insert", attempts="4-6"),
    step(
        "intervals",
        "drill",
        repetitions=2,
        phases=[
            {"name": "squeeze", "duration": "5s", "tone": "hold"},
            {"name": "relax", "duration": "10s", "tone": "relax"},
        ],
    ),
    step("timed", "breathe", duration="1m", branch_only=True),
]


def practice(steps: list[dict[str, Any]] = STEPS) -> Pack:
    """The shared pack factory, with this file's steps and its markup-laden safety text."""
    return make_pack(steps, safety=SAFETY)


class Host(App[None]):
    """Pushes one session screen and records what it dismisses with, bells and notes."""

    def __init__(self, pack: Pack | None = None, *, sound: bool = True) -> None:
        super().__init__()
        self.pack = pack or practice()
        self.clock = FakeClock()
        self.sound = sound
        self.outcomes: list[SessionOutcome | None] = []
        self.bells = 0
        self.notes: list[str] = []
        self.heard: list[Event] = []

    def on_mount(self) -> None:
        run = SessionRun(
            self.pack, self.pack.protocols[0], clock=self.clock, listeners=[self.heard.append]
        )
        self.push_screen(SessionScreen(run, sound=self.sound), self.outcomes.append)

    def bell(self) -> None:
        self.bells += 1

    def notify(self, message: str, **kwargs: Any) -> None:
        self.notes.append(message)
        super().notify(message, **kwargs)

    @property
    def session_screen(self) -> SessionScreen:
        return next(s for s in self.screen_stack if isinstance(s, SessionScreen))

    def advance(self, seconds: float) -> None:
        """Move the clock and redraw now, as the 4 Hz timer would."""
        self.clock.advance(seconds)
        self.session_screen.refresh_view()


def banner(host: Host) -> str | None:
    """The cue banner's words, or None while it is hidden."""
    widget = host.session_screen.query_one("#cue-banner", Static)
    return text_of(widget) if widget.has_class("-shown") else None


def ticks_of(host: Host, monkeypatch: pytest.MonkeyPatch) -> Callable[[], int]:
    """Count the redraw timer's ticks of the session run (each redraw ticks it once)."""
    run = host.session_screen.run
    count = 0
    tick = run.tick

    def counted() -> None:
        nonlocal count
        count += 1
        tick()

    monkeypatch.setattr(run, "tick", counted)
    return lambda: count


@pytest.fixture
def quick_redraw(monkeypatch: pytest.MonkeyPatch) -> None:
    """The redraw timer at 20 Hz instead of 4: what a tick does is the same, sooner."""
    monkeypatch.setattr(SessionScreen, "REDRAW_SECONDS", 0.05)


# --- start and redraw -------------------------------------------------------------------------


async def test_the_session_starts_on_the_first_step() -> None:
    host = Host()
    async with host.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = host.session_screen
        assert screen.view.status is Status.RUNNING
        assert text_in(host, "#step-title") == "Ready"
        assert text_in(host, "#bar-where") == "Step 1 of 4"
        assert text_in(host, "#step-checklist") == "• Towel\n• [b]Lube[/b]"
        assert screen.query_one(Markdown).source == "Have these **ready**."
        assert host.screen.query_one(Digits).value == "00:00"
        assert [e.kind for e in host.heard] == [EventKind.STARTED, EventKind.STEP]
        assert screen.focused is None  # arrows and space reach the screen's bindings


async def test_the_clock_shows_the_engines_time_only(
    quick_redraw: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    host = Host()
    async with host.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        host.advance(100)
        assert host.screen.query_one(Digits).value == "01:20"  # 3 min - 100 s, to the minimum
        assert text_in(host, "#timer-caption") == (
            "3-5 min: you may move on in 01:20 · at most 03:20"
        )
        ticks = ticks_of(host, monkeypatch)
        # The redraw timer fires; the clock did not move, nor does the face.
        await wait_for(pilot, lambda: ticks() >= 3, what="three redraws")
        assert host.screen.query_one(Digits).value == "01:20"
        host.advance(80)
        assert host.screen.query_one(Digits).value == "02:00"  # then to the maximum
        assert text_in(host, "#timer-caption") == (
            "3-5 min: minimum reached, you may move on · at most 02:00 left"
        )
        assert text_in(host, "#bar-clock") == "Session 03:00"


async def test_the_interval_timer_redraws_by_itself(quick_redraw: None) -> None:
    host = Host()
    async with host.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        host.clock.advance(65)  # no key, no call: only the timer can redraw it
        await wait_for(pilot, lambda: host.screen.query_one(Digits).value == "01:55")
        assert host.screen.query_one(Digits).value == "01:55"  # to the 3 min minimum
        assert banner(host) == "x"  # the cue at 1 min, heard through the timer's tick


# --- keys -------------------------------------------------------------------------------------


async def test_space_pauses_and_resumes() -> None:
    host = Host()
    async with host.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        host.advance(10)
        await pilot.press("space")
        screen = host.session_screen
        assert screen.view.paused
        assert screen.query_one("#paused-banner").display
        assert screen.query_one(StepTimer).has_class("-paused")
        assert text_in(host, "#timer-caption").startswith("Paused · ")
        assert "PAUSED" in text_in(host, "#bar-clock")
        assert screen.active_bindings["space"].binding.description == "Resume"
        host.advance(600)
        assert screen.view.step_elapsed == 10
        await pilot.press("space")
        assert screen.view.running
        assert not screen.query_one("#paused-banner").display
        assert screen.active_bindings["space"].binding.description == "Pause"


async def test_n_and_right_go_next_b_and_left_go_back() -> None:
    host = Host()
    async with host.run_test(size=(80, 24)) as pilot:
        screen = host.session_screen
        await pilot.press("n")
        assert screen.view.step.id == "hold"
        await pilot.press("right")  # a 3-5m range: its minimum has not passed yet
        assert screen.view.step.id == "hold"
        assert any("move on after 03:00" in str(n.message) for n in host._notifications)
        host.advance(180)
        await pilot.press("right")
        assert screen.view.step.id == "insert"
        await pilot.press("b")
        assert screen.view.step.id == "hold"
        await pilot.press("left")
        assert screen.view.step.id == "ready"
        assert text_in(host, "#step-title") == "Ready"


async def test_back_is_greyed_on_the_first_step() -> None:
    host = Host()
    async with host.run_test(size=(80, 24)) as pilot:
        screen = host.session_screen
        assert screen.check_action("back", ()) is None
        assert not screen.active_bindings["b"].enabled
        count = len(host.heard)
        await pilot.press("b")
        assert len(host.heard) == count
        await pilot.press("n")
        assert screen.active_bindings["b"].enabled


async def test_enter_is_done_or_an_attempt_by_step() -> None:
    host = Host()
    async with host.run_test(size=(80, 24)) as pilot:
        screen = host.session_screen
        assert screen.active_bindings["enter"].binding.action == "done"
        await pilot.press("enter")
        host.advance(180)  # the 3-5m step's minimum unlocks moving on
        await pilot.press("enter")
        assert screen.view.step.id == "insert"
        assert screen.active_bindings["enter"].binding.action == "attempt"
        assert text_in(host, "#step-attempts") == "No attempts yet · expected 4-6"
        for _ in range(3):
            await pilot.press("enter")
        assert screen.view.attempts == 3
        assert screen.view.step.id == "insert"  # enter counts; it does not move on
        assert text_in(host, "#step-attempts") == "Attempt 3 · expected 4-6"
        await pilot.press("enter")
        assert text_in(host, "#step-attempts") == "Attempt 4 · expected 4-6 · enough"


async def test_s_skips() -> None:
    host = Host()
    async with host.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        view = host.session_screen.view
        assert view.step.id == "hold"
        # A checklist is not required: left out, it changes nothing, so it is not "skipped".
        assert (view.steps_skipped, view.steps_left_out) == (0, 1)
        assert not any("won't count" in note for note in host.notes)
        await pilot.press("s")  # the timed step is required: skipping it costs the count
        view = host.session_screen.view
        assert view.step.id == "insert"
        assert (view.steps_skipped, view.steps_left_out) == (1, 1)
        assert (
            "This session won't count toward your plan: 'Hold' was skipped. "
            "Press b to go back to it."
        ) in host.notes


async def test_r_follows_the_branch_and_next_comes_back() -> None:
    host = Host()
    async with host.run_test(size=(80, 24)) as pilot:
        screen = host.session_screen
        await pilot.press("n")
        host.advance(30)
        await pilot.press("r")
        assert screen.view.step.id == "breathe"
        assert screen.query_one("#step-branch").display
        assert text_in(host, "#step-branch") == "For resistance · next returns to: Hold"
        assert text_in(host, "#bar-where") == "Step 2 of 4"
        assert "Resistance noted." not in host.notes
        await pilot.press("n")
        assert screen.view.step.id == "hold"
        assert screen.view.step_elapsed == 30
        assert not screen.query_one("#step-branch").display


async def test_r_is_offered_only_where_the_content_speaks_of_resistance() -> None:
    """A checklist with no tries and no way back for resistance: no "Resist" in the footer and
    r counts nothing (a breathing routine never shows it)."""
    host = Host()
    async with host.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        assert host.session_screen.view.resistances == 0
        assert host.session_screen.view.step.id == "ready"
        assert host.session_screen.check_action("resistance", ()) is False
        bar = host.screen.query_one(KeyBar)
        assert bar.keys and "Resist" not in " ".join(face.description for face in bar.keys)
        assert "Resist" not in screen_rows(host)[-1]


# --- ending -----------------------------------------------------------------------------------


async def test_p_stops_at_once_and_shows_the_safety_guidance() -> None:
    host = Host()
    async with host.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        host.advance(42)
        await pilot.press("p")
        assert isinstance(host.screen, SafetyScreen)
        assert text_of(host.screen.query_one("#safety-title", Static)) == "Stop [bold]now[/bold]"
        lists = [text_of(w) for w in host.screen.query(".safety-list").results(Static)]
        # Urgent first: red flags, then warning signs, then what can be normal.
        assert lists == ["Heavy bleeding [@click=app.quit]", "Sharp pain", "A mild stretch"]
        assert host.heard[-2].kind is EventKind.PAIN_STOP
        await pilot.press("enter")  # pressed by habit: must not close the guidance
        assert isinstance(host.screen, SafetyScreen)
        await pilot.press("c")
        await pilot.pause()
        (outcome,) = host.outcomes
        assert outcome is not None
        assert outcome.pain and not outcome.completed
        assert outcome.reason is FinishReason.PAIN
        assert outcome.view.active_total == 42


async def test_p_works_while_paused() -> None:
    host = Host()
    async with host.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        await pilot.press("p")
        assert isinstance(host.screen, SafetyScreen)
        assert host.session_screen.view.finish_reason is FinishReason.PAIN


async def test_p_works_while_the_end_question_is_open() -> None:
    host = Host()
    async with host.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")
        assert isinstance(host.screen, ConfirmDialog)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(host.screen, SafetyScreen)
        assert host.session_screen.view.finish_reason is FinishReason.PAIN


async def test_q_asks_first_and_no_keeps_going() -> None:
    host = Host()
    async with host.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")
        assert isinstance(host.screen, ConfirmDialog)
        assert isinstance(host.screen.focused, type(host.screen.query_one("#confirm-no")))
        assert host.screen.focused.id == "confirm-no"  # enter by habit keeps going
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(host.screen, SessionScreen)
        assert host.session_screen.view.running
        await pilot.press("escape")
        await pilot.press("enter")
        await pilot.pause()
        assert host.session_screen.view.running


async def test_escape_then_yes_ends_with_the_summary() -> None:
    host = Host()
    async with host.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        host.advance(90)
        await pilot.press("escape")
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(host.screen, SummaryScreen)
        assert text_of(host.screen.query_one("#summary-title", Static)) == "Session ended early"
        await pilot.press("enter")
        await pilot.pause()
        (outcome,) = host.outcomes
        assert outcome is not None
        assert outcome.reason is FinishReason.ENDED
        assert outcome.view.active_total == 90
        assert outcome.view.steps_left_out == 1  # the checklist: not required


async def test_next_past_the_last_step_completes_the_session() -> None:
    host = Host()
    async with host.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        host.advance(180)  # the 3-5m step's minimum unlocks moving on
        await pilot.press("n")
        await pilot.press(*["enter"] * 4)  # the tries expected: 4-6
        await pilot.press("n")
        await pilot.press("n")  # the intervals' 30 s have not run: not yet
        assert host.session_screen.view.step.id == "drill"
        assert any(note.startswith("You can move on after 00:30") for note in host.notes)
        host.advance(30)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(host.screen, SummaryScreen)
        assert text_of(host.screen.query_one("#summary-title", Static)) == "Session complete"
        counts = text_of(host.screen.query_one("#summary-counts", Static))
        assert counts == "This session counts toward your plan."
        await pilot.press("q")
        await pilot.pause()
        (outcome,) = host.outcomes
        assert outcome is not None
        assert outcome.completed
        assert outcome.reason is FinishReason.DONE


async def test_quitting_the_app_mid_session_ends_it_for_the_listeners() -> None:
    host = Host()
    async with host.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        host.clock.advance(12)
        await pilot.press("ctrl+q")
        await pilot.pause()
    finished = host.heard[-1]
    assert finished.kind is EventKind.FINISHED
    assert finished.data["reason"] == "ended"
    assert finished.active == 12


# --- cues -------------------------------------------------------------------------------------


async def test_cues_ring_the_bell_and_stay_in_the_banner() -> None:
    host = Host()
    async with host.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        assert banner(host) is None
        host.advance(60)
        assert (host.bells, banner(host)) == (1, "x")
        host.advance(100)
        assert banner(host) == "x"  # stays until the next cue
        host.advance(20)
        assert (host.bells, banner(host)) == (
            2,
            "Minimum time reached. You can move on now: press n.",
        )
        host.advance(120)
        assert (host.bells, banner(host)) == (3, "Time is up: press n to move on.")
        host.advance(120)
        assert host.bells == 3  # each once
        assert host.notes == []  # no toasts for cues
        await pilot.press("n")
        assert banner(host) is None  # a new step: the last cue is over


async def test_intervals_show_the_phase_as_a_word_with_its_tone() -> None:
    host = Host()
    async with host.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        host.advance(180)  # the 3-5m step's minimum unlocks moving on
        await pilot.press("n", "n")
        banner = host.screen.query_one(PhaseBanner)
        assert banner.display
        assert text_of(banner) == "SQUEEZE\n1 of 2"
        assert banner.has_class("-hold") and not banner.has_class("-relax")
        host.advance(6)
        assert text_of(banner) == "RELAX\n1 of 2"
        assert banner.has_class("-relax")
        assert host.screen.query_one(Digits).value == "00:09"
        host.advance(30)
        assert not banner.display
        assert text_of(host.screen.query_one("#cue-banner", Static)).startswith("Time is up")


async def test_sound_off_means_no_bell_but_still_the_banner() -> None:
    host = Host(sound=False)
    async with host.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        host.advance(400)  # a cue, the minimum and time up in one redraw
        assert host.bells == 0
        assert banner(host) == "x\nTime is up: press n to move on."  # the minimum superseded


async def test_a_late_redraw_shows_only_the_latest_cue() -> None:
    host = Host()
    async with host.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        host.advance(180)  # the 3-5m step's minimum unlocks moving on
        await pilot.press("n", "n")
        bells = host.bells
        host.advance(3600)  # 4 phase changes and time up at once
        assert banner(host) == "Time is up: press n to move on."
        assert host.bells - bells == 1  # one bell for the whole burst


# --- content is never markup ------------------------------------------------------------------


async def test_text_from_content_is_shown_literally() -> None:
    tricky = "[bold]Hold[/bold] [@click=app.quit]me[/]"
    pack = practice(
        [
            step(
                "timed",
                "hold",
                title=tricky,
                duration="1m",
                text="Text with [@click=app.quit]quit[/] in it.",
                cues=[{"at": "10s", "say": "[red]breathe[/red]"}],
            ),
            step(
                "intervals",
                "drill",
                repetitions=1,
                phases=[{"name": "[i]squeeze[/i]", "duration": "5s", "tone": "hold"}],
            ),
        ]
    )
    host = Host(pack)
    async with host.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert text_in(host, "#step-title") == tricky
        host.advance(10)
        assert banner(host) == "[red]breathe[/red]"
        markdown = host.screen.query_one(Markdown)
        await pilot.pause()
        shown = " ".join(
            text_of(block) for block in markdown.query("MarkdownBlock").results(Static)
        )
        assert "[@click=app.quit]quit[/]" in shown
        host.advance(50)  # the minute is up
        await pilot.press("n")
        assert text_of(host.screen.query_one(PhaseBanner)) == "[I]SQUEEZE[/I]"  # not "1 of 1"
        assert host.is_running  # nothing ran app.quit


async def test_links_in_step_text_open_nothing() -> None:
    host = Host()
    opened: list[str] = []
    host.open_url = lambda url, **_: opened.append(url)  # type: ignore[method-assign]
    async with host.run_test(size=(80, 24)) as pilot:
        markdown = host.screen.query_one("#step-text", Markdown)
        markdown.post_message(Markdown.LinkClicked(markdown, "https://example.com"))
        await pilot.pause()
        assert opened == []
        assert host.session_screen.view.running


# --- small terminals --------------------------------------------------------------------------


async def test_a_small_terminal_hides_the_big_digits_and_keeps_working() -> None:
    host = Host()
    async with host.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        screen = host.session_screen
        assert screen.has_class("-short") and screen.has_class("-narrow")
        assert not screen.query_one("#timer-digits").display
        assert screen.query_one("#timer-compact").display
        await pilot.press("n")
        host.advance(30)
        assert text_in(host, "#timer-compact") == "02:30"  # to the 3 min minimum
        await pilot.press("p")
        assert isinstance(host.screen, SafetyScreen)


async def test_a_comfortable_terminal_shows_the_big_digits() -> None:
    host = Host()
    async with host.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = host.session_screen
        assert screen.has_class("-tall") and screen.has_class("-wide")
        assert screen.query_one("#timer-digits").display
        assert not screen.query_one("#timer-compact").display


@pytest.mark.parametrize("size", [(100, 30), (40, 12)])
async def test_a_step_only_to_read_shows_no_clock(size: tuple[int, int]) -> None:
    # "Well done" has no time limit: a big 00:00 there reads as a countdown run out.
    host = Host(make_pack([step("info", "done", text="That is one session.")]))
    async with host.run_test(size=size) as pilot:
        await pilot.pause()
        screen = host.session_screen
        assert not screen.query_one("#timer-digits").display
        assert not screen.query_one("#timer-compact").display
        assert text_in(host, "#timer-caption") == "No time limit: move on when ready"


# --- pure helpers -----------------------------------------------------------------------------


def test_pure_helpers_word_the_figures() -> None:
    from coach.engine.clock import FakeClock as Clock
    from coach.engine.session import Session

    pack = practice()
    session = Session(pack.protocols[0], Clock())
    session.start()
    assert timer_face(session.view()).caption == "No time limit: move on when ready"
    assert attempts_line(session.view()) is None
    session.finish()
    rows = dict(summary_rows(session.view()))
    assert rows == {
        "Active time": "00:00",
        "Steps done": "0 of 4",
        "Attempts": "0",
        "Resistance": "0",
    }


# --- keys, the terminal title, messages up -----------------------------------------------------


async def test_the_footer_at_80_columns_shows_the_keys_that_matter_most() -> None:
    host = Host()
    async with host.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bar = host.screen.query_one(KeyBar)
        shown = {face.display for face in bar.drawn}
        assert bar.region.right <= 80
        for key in ("p", "space", "n", "q", "?"):
            assert key in shown, shown


async def test_question_mark_lists_every_key_including_f_and_f2(tmp_path: Path) -> None:
    """In the real app: ``?`` is the app's, and lists the session's keys in its words."""
    app = CoachApp(
        pack=mini_pack(tmp_path / "pack"),
        journal=Journal.open(tmp_path / "j.sqlite3"),
        clock=FakeClock(),
        watch_content=False,
    )
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SessionScreen))
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, KeysScreen))
        help_text = screen_text(app)
        assert "Pain stop" in help_text
        for key in ("p ", "Space", "Enter", "n ", "b ", "s ", "q Esc", "f ", "F2", "?"):
            assert key in help_text, key


def test_the_terminal_title_is_the_step_and_time_left_cleaned_and_discreet() -> None:
    from coach.session.run import SessionRun
    from coach.tui.screens.session import terminal_title

    hostile = "Hold\x1b]2;owned\x07 it\nnow"
    pack = practice([step("timed", "hold", title=hostile, duration="1m")])
    clock = FakeClock()
    run = SessionRun(pack, pack.protocols[0], clock=clock)
    run.start()
    clock.advance(15)
    title = terminal_title(run.view(), discreet=False)
    assert title == "Hold\\x1b]2;owned\\x07 it now · 00:45 left"
    assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in title)
    assert terminal_title(run.view(), discreet=True) == "Timer · 00:45 left"
    run.pause()
    assert terminal_title(run.view(), discreet=True) == "Timer · paused · 00:45 left"


async def test_f_and_a_pain_stop_are_posted_up_as_messages() -> None:
    posted: list[object] = []
    host = Host()
    async with host.run_test(size=(80, 24), message_hook=posted.append) as pilot:
        await pilot.press("f")
        await pilot.press("p")
        await pilot.pause()
    # The hook sees a message at each node it bubbles through (the screen, then the app).
    asked = {id(m) for m in posted if isinstance(m, OpenQuestions)}
    stopped = {id(m): m for m in posted if isinstance(m, SessionScreen.PainStopped)}
    assert len(asked) == 1
    assert len(stopped) == 1
    (message,) = stopped.values()
    assert message.view.finish_reason is FinishReason.PAIN


def test_a_cue_and_the_minimum_at_once_show_the_minimum_line_once() -> None:
    from coach.session.run import SessionRun
    from coach.tui.screens.session import cue_of

    pack = practice(
        [
            step(
                "timed",
                "rest",
                duration="1-3m",
                cues=[{"at": "1m", "say": "You can move on when you are ready", "show_for": "20s"}],
            )
        ]
    )
    clock = FakeClock()
    run = SessionRun(pack, pack.protocols[0], clock=clock)
    heard: list[Event] = []
    run.session.subscribe(heard.append)
    run.start()
    clock.advance(60)
    run.tick()
    cue = cue_of(heard, run.view())
    assert cue is not None
    assert cue.lines == (
        "You can move on when you are ready",
        "Minimum time reached. You can move on now: press n.",
    )
    assert cue.kind == "min_reached"
    assert cue_of(heard + heard[-2:], run.view()) == cue  # heard twice: shown once
    clock.advance(120)
    run.tick()
    later = cue_of(heard, run.view())
    assert later is not None and later.lines[-1] == "Time is up: press n to move on."
    assert "Minimum time reached. You can move on now: press n." not in later.lines


async def test_the_terminal_title_is_kept_set_each_change_and_given_back(
    monkeypatch: Any,
) -> None:
    written: list[str] = []
    monkeypatch.setattr(SessionScreen, "_write_title", lambda self, seq: written.append(seq))
    host = Host()
    async with host.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        host.advance(0.1)  # the same second: not written again
        await pilot.press("n")
        host.advance(1)
        await pilot.press("p")
        await pilot.pause()
    assert written[0] == "\x1b[22;2t"  # the terminal's own title kept
    titles = [seq for seq in written if seq.startswith("\x1b]2;")]
    assert titles[0] == "\x1b]2;Ready · 00:00\x07"
    assert "\x1b]2;Hold · 04:59 left\x07" in titles
    assert len(titles) == len(set(titles))  # written on change only
    assert written[-1] == "\x1b[23;2t" and written.count("\x1b[23;2t") == 1  # given back once
