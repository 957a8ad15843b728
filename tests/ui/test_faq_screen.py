"""The FAQ screen and the command palette's provider, driven with Pilot on an inline pack."""

from __future__ import annotations

from textual.app import App
from textual.widgets import Input, Markdown, OptionList, Static

from coach.pack.model import FaqEntry, Pack
from coach.tui.messages import OpenQuestions, OpenSafety, PackChanged, StartProtocol
from coach.tui.palette import CoachCommands
from coach.tui.screens.faq import FaqScreen
from tests.helpers import READ, make_pack, wait_for
from tests.screen import notifications, text_of

MARKUP_QUESTION = "What do [bold] and [@click=app.quit] mean?"


FAQ = (
    FaqEntry(
        id="prep",
        question="How should I prepare?",
        answer="Have a bowel movement first. See [lubricant](faq:lube) and "
        "[a site](https://example.org/page).",
        tags=["preparation", "bowel"],
        see_also=["lube"],
        basis="general",
    ),
    FaqEntry(
        id="lube",
        question="Which lubricant should I use?",
        answer="Water-based, and plenty. Back to [preparing](faq:prep), or [nowhere](faq:gone).",
        tags=["equipment"],
        basis="general",
    ),
    FaqEntry(
        id="often",
        question="How often should I do it?",
        answer="Two or three times a week.",
        tags=["schedule"],
        basis="general",
    ),
    FaqEntry(
        id="markup",
        question=MARKUP_QUESTION,
        answer="Just text.",
        tags=["schedule"],
        basis="general",
    ),
)


def make_faq_pack(*extra: FaqEntry) -> Pack:
    """The shared pack factory, with these questions (and ``extra`` ones after them)."""
    return make_pack(
        protocols=({"id": "practice", "title": "Practice [b]session[/b]", "steps": [READ]},),
        faq=(*FAQ, *extra),
    )


class Host(App[None]):
    """Stands in for the coach app: a pack, and handlers for the two intents the palette posts."""

    def __init__(self, screen: FaqScreen | None = None, pack: Pack | None = None) -> None:
        super().__init__()
        self.pack: Pack | None = pack or make_faq_pack()
        self.faq_screen = screen or FaqScreen(self.pack)
        self.opened: list[str] = []
        self.started: list[str] = []
        self.urls: list[str] = []
        self.safety_opened = 0

    def on_mount(self) -> None:
        self.push_screen(self.faq_screen)

    def on_open_questions(self, message: OpenQuestions) -> None:
        self.opened.append(message.entry_id or "")

    def on_start_protocol(self, message: StartProtocol) -> None:
        self.started.append(message.protocol_id or "")

    def on_open_safety(self, _message: OpenSafety) -> None:
        self.safety_opened += 1

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        self.urls.append(url)  # must never happen


def listed(screen: FaqScreen) -> list[str | None]:
    return [option.id for option in screen.query_one("#faq-questions", OptionList).options]


def question_shown(screen: FaqScreen) -> str:
    return text_of(screen.query_one("#faq-question"))


def click_link(screen: FaqScreen, href: str) -> None:
    markdown = screen.query_one("#faq-answer", Markdown)
    markdown.post_message(Markdown.LinkClicked(markdown, href))


async def test_opens_on_everything_with_the_first_answer() -> None:
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.faq_screen
        await pilot.pause()
        assert listed(screen) == ["prep", "lube", "often", "markup"]
        assert screen.current is not None and screen.current.id == "prep"
        assert question_shown(screen) == "How should I prepare?"
        assert isinstance(app.focused, Input)


async def test_typing_narrows_the_list_and_shows_the_best_answer() -> None:
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.faq_screen
        await pilot.press(*"how")
        await pilot.pause()
        assert listed(screen) == ["prep", "often"]
        await pilot.press(*" of")
        await pilot.pause()
        assert listed(screen) == ["often"]
        assert screen.current is not None and screen.current.id == "often"
        assert question_shown(screen) == "How often should I do it?"
        await pilot.press("ctrl+u", *"lubricnt")  # a typo still finds it
        await pilot.pause()
        assert listed(screen)[0] == "lube"
        assert screen.current is not None and screen.current.id == "lube"


async def test_nothing_matches_shows_the_nearest_questions() -> None:
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.faq_screen
        await pilot.press(*"xyzzy")
        await pilot.pause()
        assert "Nothing fits 'xyzzy' closely" in text_of(screen.query_one("#faq-status"))
        assert listed(screen)  # the nearest, never an empty screen
        # ... with the way to the safety guidance and a clinician, which F9 opens.
        pointer = screen.query_one("#faq-no-fit", Static)
        assert pointer.display and "F9" in text_of(pointer) and "clinician" in text_of(pointer)
        await pilot.press("f9")
        await pilot.pause()
        assert app.safety_opened == 1
        await pilot.press("ctrl+u", *"often")  # a question that fits: no pointer
        await pilot.pause()
        assert not pointer.display


async def test_up_down_enter_and_slash() -> None:
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.faq_screen
        await pilot.press("down", "down")  # from the search box, the list moves
        await pilot.pause()
        assert screen.current is not None and screen.current.id == "often"
        assert isinstance(app.focused, Input)
        await pilot.press("up")
        await pilot.pause()
        assert screen.current is not None and screen.current.id == "lube"
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is screen.query_one("#faq-answer-pane")
        await pilot.press("slash")
        assert app.focused is screen.query_one("#faq-search", Input)


async def test_faq_links_open_in_place_with_history() -> None:
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.faq_screen
        await pilot.pause()
        click_link(screen, "faq:lube")
        await pilot.pause()
        assert screen.current is not None and screen.current.id == "lube"
        assert screen.history == (["prep", "lube"], 1)
        assert app.focused is screen.query_one("#faq-answer-pane")
        await pilot.press("left_square_bracket")
        assert screen.current is not None and screen.current.id == "prep"
        await pilot.press("right_square_bracket")
        assert screen.current is not None and screen.current.id == "lube"
        await pilot.press("alt+left")
        assert screen.current is not None and screen.current.id == "prep"
        await pilot.press("alt+right")
        assert screen.current is not None and screen.current.id == "lube"
        await pilot.press("backspace")  # not in the search box: back
        assert screen.current is not None and screen.current.id == "prep"
        assert screen.history == (["prep", "lube"], 0)


async def test_related_questions_are_selectable() -> None:
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.faq_screen
        await pilot.pause()
        related = screen.query_one("#faq-related", OptionList)
        assert [option.id for option in related.options] == ["lube"]
        related.focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert screen.current is not None and screen.current.id == "lube"
        assert screen.history == (["prep", "lube"], 1)


async def test_open_entry_follows_like_a_link() -> None:
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.faq_screen
        await pilot.pause()
        assert screen.open_entry("often")
        assert not screen.open_entry("nonexistent")
        await pilot.pause()
        assert screen.current is not None and screen.current.id == "often"
        assert screen.history == (["prep", "often"], 1)


async def test_other_links_never_open_a_browser() -> None:
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.faq_screen
        await pilot.pause()
        with notifications(app) as messages:
            click_link(screen, "https://example.org/page")
            click_link(screen, "faq:gone")
            await pilot.pause()
        assert app.urls == []
        assert any("https://example.org/page" in m for m in messages)
        assert any("no question 'gone'" in m for m in messages)
        assert screen.current is not None and screen.current.id == "prep"


async def test_escape_clears_then_goes_back_then_closes() -> None:
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.faq_screen
        await pilot.press(*"often")
        await pilot.pause()
        click_link(screen, "faq:lube")
        await pilot.pause()
        await pilot.press("escape")  # 1: clear the search
        await pilot.pause()
        assert screen.query_one("#faq-search", Input).value == ""
        assert screen.current is not None and screen.current.id == "lube"
        assert len(listed(screen)) == 4
        await pilot.press("escape")  # 2: back
        assert screen.current is not None and screen.current.id == "often"
        await pilot.press("escape")  # 3: close
        await pilot.pause()
        assert app.screen is not screen


async def test_questions_render_literally() -> None:
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.faq_screen
        options = screen.query_one("#faq-questions", OptionList)
        prompt = options.get_option("markup").prompt
        assert str(prompt) == MARKUP_QUESTION
        await pilot.press(*"bold")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert question_shown(screen) == MARKUP_QUESTION
        assert app.is_running  # "[@click=app.quit]" is text, not an action


async def test_starts_on_an_entry_or_a_query() -> None:
    pack = make_faq_pack()
    app = Host(FaqScreen(pack, entry_id="often"), pack)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.faq_screen
        assert screen.current is not None and screen.current.id == "often"
        assert app.focused is screen.query_one("#faq-answer-pane")
    app = Host(FaqScreen(pack, query="lubricant"), pack)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert listed(app.faq_screen) == ["lube", "prep"]
        assert app.faq_screen.current is not None and app.faq_screen.current.id == "lube"
    # Both: the entry is shown even though the query does not list it.
    app = Host(FaqScreen(pack, query="lubricant", entry_id="often"), pack)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.faq_screen
        assert listed(screen) == ["lube", "prep"]
        assert screen.current is not None and screen.current.id == "often"
        assert screen.history == (["often"], 0)


async def test_narrow_terminal_takes_turns() -> None:
    app = Host()
    async with app.run_test(size=(40, 12)) as pilot:
        screen = app.faq_screen
        await pilot.pause()
        assert screen.has_class("-narrow")
        pane = screen.query_one("#faq-answer-pane")
        questions = screen.query_one("#faq-questions")
        assert not pane.display and questions.display
        await pilot.press("enter")
        await pilot.pause()
        assert pane.display and not questions.display
        await pilot.press("escape")
        await pilot.pause()
        assert not pane.display and questions.display
        assert app.screen is screen


async def test_reloaded_content_is_searched() -> None:
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.faq_screen
        await pilot.pause()
        app.pack = make_faq_pack(
            FaqEntry(id="new", question="Is there a new one?", answer="Yes.", basis="general")
        )
        screen.post_message(PackChanged(app.pack))
        # Indexed in a thread worker: the old index answers until the new one is in.
        await wait_for(pilot, lambda: screen.index is not None and screen.index.get("new"))
        await pilot.press(*"new one")
        await pilot.pause()
        assert listed(screen)[0] == "new"


# --- command palette provider ----------------------------------------------------------------


async def test_palette_finds_questions_and_protocols() -> None:
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        provider = CoachCommands.showing(app.pack)(app.screen)
        hits = [hit async for hit in provider.search("lubricant")]
        assert hits and hits[0].text == "FAQ: Which lubricant should I use?"
        hits[0].command()
        await pilot.pause()
        assert app.opened == ["lube"]
        hits = [hit async for hit in provider.search("practice")]
        assert [hit.text for hit in hits] == ["Start: Practice [b]session[/b]"]
        assert str(hits[0].match_display) == "Start: Practice [b]session[/b]"  # literal
        hits[0].command()
        await pilot.pause()
        assert app.started == ["practice"]
        discovered = [hit.text async for hit in provider.discover()]
        assert discovered[0] == "Start: Practice [b]session[/b]"
        assert "FAQ: How should I prepare?" in discovered


async def test_palette_offers_nothing_while_loading() -> None:
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        provider = CoachCommands.showing(None)(app.screen)
        assert [hit async for hit in provider.search("lubricant")] == []
        assert [hit async for hit in provider.discover()] == []


# --- where an answer comes from --------------------------------------------------------------


async def test_the_answer_says_when_it_is_general_guidance() -> None:
    general = FaqEntry(
        id="clean",
        question="How do I clean it?",
        answer="Warm water and mild soap.",
        basis="general",
        basis_note="Not in the source page.",
    )
    app = Host(pack=make_faq_pack(general))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.faq_screen
        await pilot.pause()
        basis = screen.query_one("#faq-basis", Static)
        assert basis.display  # every answer says where it comes from
        await pilot.press(*"clean")
        await pilot.pause()
        assert screen.current is not None and screen.current.id == "clean"
        assert basis.display
        shown = text_of(basis)
        assert shown.startswith("Basis: General guidance, not from the source.")
        assert "Not in the source page." in shown


async def test_palette_ranks_questions_as_the_faq_search_does() -> None:
    # "cleaning" is in neither question's letters in order, but the phrases and stems find it.
    clean = FaqEntry(
        id="clean",
        question="How do I look after it?",
        answer="Warm water and mild soap.",
        phrases=["cleaning", "wash"],
        basis="general",
    )
    app = Host(pack=make_faq_pack(clean))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        provider = CoachCommands.showing(app.pack)(app.screen)
        hits = [hit async for hit in provider.search("cleaning")]
        assert hits and hits[0].text == "FAQ: How do I look after it?"
        hits = [hit async for hit in provider.search("how often")]
        assert hits and hits[0].text == "FAQ: How often should I do it?"


async def test_a_new_query_shows_its_best_match_not_the_answer_left_on_screen() -> None:
    """Typing asks a new question: the answer pane follows the new list's first entry, even
    when the entry on screen is still listed further down (clearing the box keeps it)."""
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.faq_screen
        await pilot.press(*"lubricant")
        await pilot.pause()
        assert screen.current is not None and screen.current.id == "lube"
        search = screen.query_one("#faq-search", Input)
        search.value = ""
        await pilot.pause()
        assert screen.current is not None and screen.current.id == "lube"  # kept
        await pilot.press(*"should i")  # lists prep, lube, often: lube is still there, second
        await pilot.pause()
        assert listed(screen)[:2] == ["prep", "lube"]
        assert screen.current is not None and screen.current.id == "prep"
