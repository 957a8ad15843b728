"""The FAQ index is built off the UI thread, when first needed: the FAQ opened at once after start
is on screen at once, takes typing while the index builds, and lists results when it is ready;
the palette waits for it without blocking."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from coach.faq import index_build
from coach.faq.search import FaqIndex
from coach.journal.store import Journal
from coach.tui.app import make_app
from coach.tui.palette import CoachCommands
from coach.tui.screens.faq import FaqScreen
from coach.tui.screens.home import HomeScreen
from tests.helpers import wait_for


class HeldBuild:
    """FaqIndex.for_pack, held until the test lets it go, noting the thread it ran on."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.go = threading.Event()
        self.threads: list[threading.Thread] = []
        real = FaqIndex.for_pack

        def held(pack):
            self.threads.append(threading.current_thread())
            assert self.go.wait(30), "the test never let the build go"
            return real(pack)

        monkeypatch.setattr(index_build.FaqIndex, "for_pack", held)


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> HeldBuild:
    return HeldBuild(monkeypatch)


def status(screen: FaqScreen) -> str:
    return str(screen.query_one("#faq-status").render())


async def test_the_faq_opened_at_once_after_start_shows_results(
    tmp_path: Path, held: HeldBuild
) -> None:
    journal = Journal.open(tmp_path / "journal.sqlite3")
    app = make_app(journal=journal, watch_content=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.pack is not None, what="the content loaded")
        assert (
            app.content_state.faq_index is None
        )  # not built with the content: only when first needed
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("f")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FaqScreen)  # on screen at once, the index still building
        await wait_for(pilot, lambda: held.threads, what="the build started")
        await pilot.press(*"lubricant")  # the UI thread is free: typing goes to the box
        await pilot.pause()
        assert screen.query_one("#faq-search").value == "lubricant"
        assert "ready" in status(screen)
        assert screen.current is None
        held.go.set()
        await wait_for(pilot, lambda: screen.current is not None, what="the results listed")
        assert "lubricant" in screen.current.id
        assert held.threads[0] is not threading.main_thread()


async def test_the_palette_waits_for_the_index_without_blocking(
    tmp_path: Path, held: HeldBuild
) -> None:
    journal = Journal.open(tmp_path / "journal.sqlite3")
    app = make_app(journal=journal, watch_content=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.pack is not None, what="the content loaded")
        provider = CoachCommands.showing(app.pack, app.faq_build())(app.screen)
        hits: list[str] = []

        async def search() -> None:
            hits.extend([hit.text async for hit in provider.search("lubricant")])

        app.run_worker(search())
        await wait_for(pilot, lambda: held.threads, what="the build started")
        await pilot.press("question_mark")  # the app still answers keys meanwhile
        await wait_for(pilot, lambda: not isinstance(app.screen, HomeScreen), what="keys shown")
        assert not hits
        held.go.set()
        await wait_for(pilot, lambda: hits, what="the palette's hits")
        assert any("lubricant" in text.lower() for text in hits)
        assert len(held.threads) == 1  # one build, shared by the palette and the app
        assert held.threads[0] is not threading.main_thread()
