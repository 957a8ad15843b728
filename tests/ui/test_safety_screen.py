"""The safety screen, About, the home disclaimer and F2, as a person sees them at 80x24."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App

from coach.journal.store import Journal
from coach.pack.load import check_file
from coach.pack.model import Pack, Safety
from coach.system.settings import Settings
from coach.tui.app import CoachApp, make_app
from coach.tui.screens.about import AboutScreen
from coach.tui.screens.blank import BlankScreen
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.safety import SafetyScreen
from coach.tui.screens.session import SessionScreen
from tests.helpers import CONTENT, wait_for
from tests.screen import screen_text


def flat(text: str) -> str:
    """Screen text with wrapping, bars and bullets folded away, for phrase checks."""
    # The scrollbar's thumb can be any block element (U+2580-U+259F), wherever it lands.
    text = "".join(" " if "\u2580" <= char <= "\u259f" else char for char in text)
    text = text.replace("•", " ")
    return " ".join(text.split())


@pytest.fixture
def safety() -> Safety:
    loaded = check_file(CONTENT / "safety.toml")
    assert isinstance(loaded, Safety)
    return loaded


class Host(App[None]):
    def __init__(self, safety: Safety, moment: str = "during") -> None:
        super().__init__()
        self.safety = safety
        self.moment = moment

    def on_mount(self) -> None:
        self.push_screen(SafetyScreen(self.safety, self.moment))  # type: ignore[arg-type]


def assert_urgent_on_screen(text: str, safety: Safety) -> None:
    screen = flat(text)
    assert "Get urgent medical help now if" in screen
    for flag in safety.red_flags:
        assert flag in screen, flag
    assert "emergency number" in screen and "emergency department" in screen


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_the_stop_steps_and_the_urgent_signs_fit_without_scrolling(
    safety: Safety, size: tuple[int, int]
) -> None:
    app = Host(safety)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Stop. Your safety comes first." in text
        assert "ease it out gently" in flat(text)
        assert_urgent_on_screen(text, safety)
        footer = text.splitlines()[-1]
        for key in ("Close", "PgDn", "End", "↓"):
            assert key in footer, footer


async def test_the_order_on_screen_is_urgent_first(safety: Safety) -> None:
    app = Host(safety)
    async with app.run_test(size=(80, 24)):
        ids = [w.id for w in app.screen.query(".safety-section")]
        assert ids == [
            "safety-now",
            "safety-urgent",
            "safety-warning",
            "safety-clinician",
            "safety-normal",
        ]


async def test_end_and_page_down_reach_everything(safety: Safety) -> None:
    app = Host(safety)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("end")
        await pilot.pause()
        text = flat(screen_text(app))
        assert safety.normal[-1] in text and "What can be normal" in text
        await pilot.press("home")
        await pilot.pause()
        assert "Stop. Your safety comes first." in screen_text(app)
        for _ in range(6):
            await pilot.press("pagedown")
        await pilot.pause()
        assert safety.normal[-1] in flat(screen_text(app))


async def test_after_a_session_the_steps_are_for_after(safety: Safety) -> None:
    app = Host(safety, "after")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Your safety comes first." in text and "Stop." not in text.splitlines()[0]
        assert "dilator out" not in flat(text)
        assert "No more training today" in flat(text)
        assert_urgent_on_screen(text, safety)


async def test_enter_does_not_close_it_and_c_does(safety: Safety) -> None:
    app = Host(safety)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, SafetyScreen)
        await pilot.press("c")
        await pilot.pause()
        assert not isinstance(app.screen, SafetyScreen)


# --- in the real app -----------------------------------------------------------------------


def real_app(pack: Pack, tmp_path: Path, **settings: bool) -> CoachApp:
    return make_app(
        pack=pack,
        journal=Journal.open(tmp_path / "journal.sqlite3"),
        watch_content=False,
        settings=Settings(sound=False, **settings),
    )


async def test_after_p_in_a_session_the_urgent_words_are_on_screen(
    default_pack: Pack, tmp_path: Path
) -> None:
    app = real_app(default_pack, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, SafetyScreen)
        app.clear_notifications()
        await pilot.pause()
        assert_urgent_on_screen(screen_text(app), default_pack.safety)


async def test_home_shows_the_disclaimer_at_80x24(default_pack: Pack, tmp_path: Path) -> None:
    app = real_app(default_pack, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        text = flat(screen_text(app))
        assert flat(default_pack.info.disclaimer) in text
        assert "a About" in text


async def test_discreet_home_keeps_a_neutral_disclaimer_and_distinct_names(
    default_pack: Pack, tmp_path: Path
) -> None:
    from coach.pack import discreet

    app = real_app(default_pack, tmp_path, discreet=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = flat(screen_text(app))
        assert discreet.DISCLAIMER in text
        assert "Spotting" not in text and "bleeding" not in text
        for protocol in default_pack.protocols:
            assert protocol.title not in text
        assert "Routine A · " in text and "Routine B · " in text and "Routine C · " in text


async def test_a_opens_about_which_says_what_is_not_from_the_source(
    default_pack: Pack, tmp_path: Path
) -> None:
    app = real_app(default_pack, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AboutScreen), what="About")
        await pilot.press("end")
        await pilot.pause()
        everything = " ".join(
            flat(str(w.source))
            for w in app.screen.query("SafeMarkdown")  # type: ignore[attr-defined]
        )
        assert "not affiliated with or endorsed by Bespoke Surgical" in everything
        assert "coach's own choices" in everything
        assert "not affiliated" in flat(screen_text(app))  # End reached the last parts
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_f2_shows_no_toast_and_holds_it_until_f2_again(
    default_pack: Pack, tmp_path: Path
) -> None:
    app = real_app(default_pack, tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        app.notify("Before the blank", timeout=30)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, BlankScreen)
        app.notify("Minimum reached: move on when ready", timeout=2)
        await pilot.pause()
        assert screen_text(app).strip() == ""  # not even for a moment, before it is held
        await wait_for(pilot, lambda: not app._notifications, what="the notice being held")
        assert screen_text(app).strip() == ""
        assert not app.screen.query("Toast")
        assert len(list(app._notifications)) == 0  # held by the blank screen, not the app
        await pilot.press("f2")
        await wait_for(pilot, lambda: "Minimum reached" in screen_text(app), what="the toast")
        assert isinstance(app.screen, HomeScreen)
        messages = [n.message for n in app._notifications]
        assert "Before the blank" in messages
        assert "Minimum reached: move on when ready" in messages


async def test_a_note_says_first_why_the_page_is_up(safety: Safety) -> None:
    class NoteHost(App[None]):
        def on_mount(self) -> None:
            self.push_screen(
                SafetyScreen(safety, "after", note="You reported **heavy bleeding**: get help now.")
            )

    app = NoteHost()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = flat(screen_text(app))
        assert text.index("You reported heavy bleeding") < text.index("No more training today")
        assert_urgent_on_screen(screen_text(app), safety)


async def test_no_toast_covers_the_safety_guidance_and_none_is_lost(
    default_pack: Pack, tmp_path: Path
) -> None:
    """A content notice, or "Saved", must not hide half of each urgent line: toasts wait while
    the safety screen is up, and come back when it closes."""
    app = real_app(default_pack, tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        app.notify("A content file has a problem: a notice from before", timeout=30)
        await pilot.press("p")  # home's p: the safety guidance
        await wait_for(pilot, lambda: isinstance(app.screen, SafetyScreen), what="safety")
        app.notify("Saved to your journal.", timeout=4)
        await wait_for(pilot, lambda: not app._notifications, what="the notice being held")
        assert not app.screen.query("Toast")
        assert_urgent_on_screen(screen_text(app), default_pack.safety)
        assert "Saved to your journal" not in screen_text(app)
        await pilot.press("c")

        def messages() -> list[str]:
            return [n.message for n in app._notifications]

        await wait_for(pilot, lambda: "Saved to your journal." in messages(), what="the notices")
        assert any("a notice from before" in m for m in messages())
