"""Content files are data, never markup or terminal codes: the whole app, driven like a person.

Every text a pack can hold (titles, step text, checklist items, cues, phases, FAQ, safety) is
filled with Textual markup, a ``[@click=app.quit]`` action, a link and an ANSI escape. The app
must show all of it literally, run no action when it is clicked, and send no ESC character to the
terminal: ``clean()`` turns ESC into the four visible characters ``\\x1b``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.content import Content
from textual.widgets import OptionList

from coach.engine.clock import FakeClock
from coach.journal.store import Journal
from coach.pack.load import load_pack
from coach.pack.model import Pack
from coach.system.settings import Settings
from coach.tui.app import CoachApp, make_app
from coach.tui.screens.faq import FaqScreen
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.safety import SafetyScreen
from coach.tui.screens.session import SessionScreen
from coach.tui.widgets.phase_banner import PhaseBanner
from tests.helpers import wait_for
from tests.screen import screen_rows, screen_text, text_in, text_of
from tests.unit.packs import write_pack

ESC = "\x1b"
# As written in the TOML files ("\u001b" is TOML for ESC) ...
HOSTILE_TOML = (
    r"[bold]x[/bold] [/] [link=https://example.com]y[/link] [@click=app.quit]z[/] \u001b[31m"
)
SHORT_TOML = r"[@click=app.quit]z[/] \u001b[31m"  # phases and tags are limited to 40 characters
# ... what the loaded pack holds ...
HOSTILE = "[bold]x[/bold] [/] [link=https://example.com]y[/link] [@click=app.quit]z[/] \x1b[31m"
SHORT = "[@click=app.quit]z[/] \x1b[31m"
# ... and what the screen must show.
SHOWN = HOSTILE.replace(ESC, "\\x1b")
SHORT_SHOWN = SHORT.replace(ESC, "\\x1b")
BANNER = SHORT.upper().replace(ESC, "\\x1b")  # the phase banner shouts the phase's name

SIZE = (200, 50)  # wide enough that no hostile line wraps, so each is found whole


def hostile_pack(folder: Path) -> Path:
    h, s = HOSTILE_TOML, SHORT_TOML
    return write_pack(
        folder,
        pack=f"""\
id = "mini"
title = "Pack {h}"
default_protocol = "breathe"
disclaimer = "Disclaimer {h}"

[source]
title = "Source {h}"
clinician = "Clinician {h}"
""",
        safety=f"""\
title = "Safety {h}"
stop_now = "Stop now {h}"
normal = ["Normal {h}"]
warning_signs = ["Warning {h}"]
red_flags = ["Red flag {h}"]
see_clinician = "See clinician {h}"
""",
        protocol=f"""\
id = "breathe"
title = "Protocol {h}"
summary = "Summary {h}"

[[steps]]
id = "ready"
title = "Step one {h}"
text = "Step text {h} and [a markdown link](https://example.com/md)"
kind = "checklist"
items = ["Item {h}"]

[[steps]]
id = "hold"
title = "Step two {h}"
kind = "timed"
duration = "10s"
cues = [{{ at = "2s", say = "Cue {h}" }}]

[[steps]]
id = "in-out"
title = "Step three {h}"
kind = "intervals"
repetitions = 2

[[steps.phases]]
name = "{s}"
duration = "4s"
tone = "hold"

[[steps.phases]]
name = "Out {s}"
duration = "6s"
tone = "relax"
""",
        faq=f"""\
[[faq]]
id = "what"
basis = "general"
question = "Question {h}"
answer = "Answer {h}"
tags = ["tagzz {s}"]
see_also = ["how"]

[[faq]]
id = "how"
basis = "general"
question = "Other {h}"
answer = "Slowly."
""",
    )


@pytest.fixture
def pack(tmp_path: Path) -> Pack:
    loaded = load_pack(hostile_pack(tmp_path / "pack"))
    assert loaded.info.title == f"Pack {HOSTILE}"  # the TOML escape really is an ESC
    return loaded


class Watched:
    """The app, with every way out of it recorded instead of taken."""

    def __init__(self, app: CoachApp) -> None:
        self.app = app
        self.exits: list[object] = []
        self.urls: list[str] = []
        app.exit = lambda *args, **kwargs: self.exits.append(args)  # type: ignore[method-assign]
        app.open_url = lambda url, **kwargs: self.urls.append(url)  # type: ignore[method-assign]

    def assert_nothing_ran(self) -> None:
        assert self.app.is_running
        assert self.exits == [], "a quit action ran"
        assert self.urls == [], "a link was opened"


@pytest.fixture
def app(pack: Pack, tmp_path: Path) -> Iterator[tuple[CoachApp, Watched, FakeClock]]:
    clock = FakeClock()
    journal = Journal.open(tmp_path / "journal.sqlite3")
    coach = make_app(
        pack=pack, journal=journal, clock=clock, watch_content=False, settings=Settings()
    )
    yield coach, Watched(coach), clock


def assert_screen(app: CoachApp, *expected: str) -> list[str]:
    rows = screen_rows(app)
    text = "\n".join(rows)
    assert ESC not in text, "a raw ESC reached the rendered output"
    assert ESC not in app.title
    for fragment in expected:
        assert fragment in text, f"{fragment!r} is not on screen:\n{text}"
    return rows


def where(rows: list[str], needle: str, row_with: str = "") -> tuple[int, int]:
    """The cell of ``needle`` on screen (in the first row that also holds ``row_with``)."""
    for y, row in enumerate(rows):
        x = row.find(needle)
        if x >= 0 and row_with in row:
            return x, y
    raise AssertionError(f"{needle!r} not on screen")


async def click_hostile(pilot, watched: Watched, rows: list[str], row_with: str = "") -> None:
    """Click where the action and the link would be if the text had been read as markup."""
    for needle, offset in (("[@click=app.quit]z", len("[@click=app.quit]")), ("]y[/link]", 1)):
        x, y = where(rows, needle, row_with)
        await pilot.click(offset=(x + offset, y))
        await pilot.pause()
        watched.assert_nothing_ran()


def plain(content: object) -> str:
    return content.plain if isinstance(content, Content) else str(content)


async def test_home_shows_titles_literally_and_the_window_title_has_no_escape(app) -> None:
    coach, watched, _ = app
    async with coach.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(coach.screen, HomeScreen)
        rows = assert_screen(
            coach,
            f"Pack {SHOWN}",
            f"Protocol {SHOWN}",
            f"Summary {SHOWN}",
            f"Source {SHOWN}",
            f"Clinician {SHOWN}",
            f"Disclaimer {SHOWN}",  # Markdown: literal too, and its ESC made visible
        )
        assert coach.title == f"Pack {SHOWN}"
        await click_hostile(pilot, watched, rows)
        assert isinstance(coach.screen, HomeScreen)


async def test_a_session_shows_steps_cues_and_phases_literally(app) -> None:
    coach, watched, clock = app
    async with coach.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = coach.screen
        assert isinstance(screen, SessionScreen)
        rows = assert_screen(coach, f"Step one {SHOWN}", f"• Item {SHOWN}", f"Step text {SHOWN}")
        await click_hostile(pilot, watched, rows)
        # A Markdown link in step text is shown, never opened.
        x, y = where(screen_rows(coach), "a markdown link")
        await pilot.click(offset=(x + 2, y))
        await pilot.pause()
        watched.assert_nothing_ran()

        await pilot.press("n")
        await pilot.pause()
        assert screen.view.step.id == "hold"
        clock.advance(3)  # past the cue at 2 s
        screen.refresh_view()
        await pilot.pause()
        cue = text_in(coach, "#cue-banner")
        assert cue == f"Cue {SHOWN}"  # the cue banner
        # The banner wraps its text: on screen, the cue's first line.
        rows = assert_screen(coach, f"Step two {SHOWN}", "Cue [bold]x[/bold] [/]")
        await click_hostile(pilot, watched, rows)

        clock.advance(8)
        await pilot.press("n")
        await pilot.pause()
        assert screen.view.step.id == "in-out"
        banner = coach.screen.query_one(PhaseBanner)
        assert text_of(banner).startswith(BANNER)
        clock.advance(4.5)  # into the second phase
        screen.refresh_view()
        await pilot.pause()
        # A phase shows in the phase banner (below), not as a toast.
        rows = assert_screen(coach, f"Step three {SHOWN}", f"OUT {BANNER}")
        await click_hostile(pilot, watched, rows)
        assert coach.screen is screen


async def test_the_faq_shows_questions_answers_and_related_literally(app) -> None:
    coach, watched, _ = app
    async with coach.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f")
        faq = coach.screen
        assert isinstance(faq, FaqScreen)
        # Listed once its index is built, off the UI thread.
        await wait_for(pilot, lambda: faq.current is not None, what="the questions listed")
        await pilot.pause()
        listed = [plain(o.prompt) for o in faq.query_one("#faq-questions", OptionList).options]
        assert listed == [f"Question {SHOWN}", f"Other {SHOWN}"]
        rows = assert_screen(coach, f"Answer {SHOWN}", "Related questions")
        assert text_of(faq.query_one("#faq-question")) == f"Question {SHOWN}"
        related = [plain(o.prompt) for o in faq.query_one("#faq-related", OptionList).options]
        assert related == [f"Other {SHOWN}"]
        await click_hostile(pilot, watched, rows)
        # A tag is searched as the text it is.
        await pilot.click("#faq-search")
        await pilot.press(*"tagzz")
        await pilot.pause()
        listed = [plain(o.prompt) for o in faq.query_one("#faq-questions", OptionList).options]
        assert listed[0] == f"Question {SHOWN}"
        assert_screen(coach)
        watched.assert_nothing_ran()


async def test_the_command_palette_lists_titles_literally_and_runs_only_its_command(app) -> None:
    coach, watched, _ = app
    async with coach.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"click")
        await wait_for(  # the palette searches in the background
            pilot,
            lambda: all(
                hit in screen_text(coach)
                for hit in (f"Start: Protocol {SHOWN}", f"FAQ: Question {SHOWN}")
            ),
            what="the palette's hits",
        )
        rows = assert_screen(coach, f"Start: Protocol {SHOWN}", f"FAQ: Question {SHOWN}")
        # Clicking a hit, right on its hostile text, runs that hit's command and nothing else.
        x, y = where(rows, "[@click=app.quit]z", row_with="FAQ: Question")
        await pilot.click(offset=(x + len("[@click=app.quit]"), y))
        await pilot.pause()
        watched.assert_nothing_ran()
        assert isinstance(coach.screen, FaqScreen)
        assert coach.screen.current is not None and coach.screen.current.id == "what"
        assert_screen(coach)


async def test_the_safety_screen_shows_every_text_literally(app) -> None:
    coach, watched, _ = app
    async with coach.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(coach.screen, SafetyScreen)
        rows = assert_screen(
            coach,
            f"Safety {SHOWN}",
            f"Stop now {SHOWN}",
            f"• Normal {SHOWN}",
            f"• Warning {SHOWN}",
            f"• Red flag {SHOWN}",
            f"See clinician {SHOWN}",
        )
        await click_hostile(pilot, watched, rows)
        assert isinstance(coach.screen, SafetyScreen)


async def test_a_pain_stop_in_a_hostile_session_shows_the_safety_text_literally(app) -> None:
    coach, watched, _ = app
    async with coach.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(coach.screen, SafetyScreen)
        assert_screen(coach, f"Stop now {SHOWN}")
        watched.assert_nothing_ran()


def test_the_escape_really_is_made_visible_not_dropped() -> None:
    """The expected strings above are what ``clean`` makes of the content: keep them honest."""
    from coach.tui.literal import clean, literal

    assert clean(HOSTILE) == SHOWN
    assert literal(HOSTILE).plain == SHOWN
    assert ESC not in SHOWN and "\\x1b[31m" in SHOWN
