"""The check-in modal, from the content's questions, driven with Pilot in a tiny host app."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from textual import events
from textual.app import App
from textual.widgets import Input, RadioSet, Select, Static

from coach.journal.records import CheckIn
from coach.pack.model import Level, Question
from coach.session.checkin import parse_answer
from coach.tui.dialogs.confirm import ConfirmDialog
from coach.tui.screens.checkin import CheckInScreen
from coach.tui.widgets.answer_set import AnswerSet
from coach.tui.widgets.key_bar import KeyBar
from tests.screen import screen_text, text_of, visible_text
from tests.snapshots.apps.journal_data import program

SIZE = (80, 24)
NO_ANSWER = object()
NOTE = Question(id="where", kind="text", ask="Where did you do it?")


class Host(App[None]):
    """Pushes the check-in and keeps its answer."""

    def __init__(
        self,
        *,
        questions: Sequence[Question] | None = None,
        levels: Sequence[Level] | None = None,
        default_level_id: str | None = "size-2",
        level_noun: str = "size",
        pain: bool = False,
    ) -> None:
        super().__init__()
        self.questions = list(program().checkin) if questions is None else list(questions)
        self.levels = levels if levels is not None else program().levels
        self.default_level_id = default_level_id
        self.level_noun = level_noun
        self.pain = pain
        self.answer: object = NO_ANSWER

    def on_mount(self) -> None:
        screen = CheckInScreen(
            self.questions,
            levels=self.levels or None,
            level_noun=self.level_noun,
            default_level_id=self.default_level_id,
            pain=self.pain,
        )
        self.push_screen(screen, self._answered)

    def _answered(self, answer: CheckIn | None) -> None:
        self.answer = answer


def burst(app: App, keys: Sequence[str]) -> None:
    """Keys as a fast typist (or a loaded machine) delivers them: all queued at once."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


async def test_every_kind_filled_in_and_saved_with_ctrl_s() -> None:
    app = Host(questions=[*program().checkin, NOTE])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("7", "tab", "space")  # comfort 7, pain on
        screen = app.screen
        assert isinstance(screen, CheckInScreen)
        screen.query_one("#q-bleeding", RadioSet).focus()
        await pilot.press("down", "enter")  # the second option: spotting
        screen.query_one("#q-where", Input).focus()
        await pilot.press(*"home")
        screen.query_one("#checkin-level", Select).value = "size-3"
        screen.query_one("#checkin-notes", Input).focus()
        await pilot.press(*"tight")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.answer == CheckIn(
        {"comfort": 7, "pain": True, "bleeding": "spotting", "where": "home"},
        pain=True,
        level_id="size-3",
        notes="tight",
    )


async def test_every_question_starts_unanswered_and_says_so() -> None:
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        for qid in ("comfort", "pain", "bleeding"):
            field = screen.query_one(f"#q-{qid}")
            assert field.border_subtitle == "not answered", qid
        assert screen.query_one("#q-pain", AnswerSet).pressed_button is None  # not "No"
        await pilot.press("5")
        assert screen.query_one("#q-comfort").border_subtitle == ""
        await pilot.press("tab", "right", "space")  # "No"
        pain = screen.query_one("#q-pain", AnswerSet)
        assert pain.border_subtitle == "" and pain.pressed_index == 1
        await pilot.press("delete")  # cleared: not answered again
        assert pain.pressed_button is None and pain.border_subtitle == "not answered"
        await pilot.press("backspace")  # nothing to clear: nothing happens
        assert pain.pressed_button is None


async def test_enter_never_saves_it_moves_to_the_next_field() -> None:
    """Issue 21: "5" Enter in the first field saved the whole check-in, with the rest empty."""
    app = Host(questions=[*program().checkin, NOTE])
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await pilot.press("5", "enter")
        await pilot.pause()
        assert app.screen is screen and app.answer is NO_ANSWER
        assert screen.query_one("#q-pain").has_focus
        screen.query_one("#q-where", Input).focus()
        await pilot.press(*"home", "enter")
        assert screen.query_one("#checkin-level").has_focus
        screen.query_one("#checkin-notes", Input).focus()
        await pilot.press(*"ok", "enter", "enter")
        await pilot.pause()
        assert app.screen is screen and app.answer is NO_ANSWER
        assert screen.query_one("#checkin-notes").has_focus  # the last field: it stays


async def test_saving_with_unanswered_questions_says_which_and_asks_once() -> None:
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#checkin-notes", Input).focus()
        await pilot.press(*"[b]x[/b]", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog) and app.answer is NO_ANSWER
        said = visible_text(app, app.screen.query_one("#confirm-detail"))  # wrapped, whole
        assert "Not answered: How comfortable was it? · Any pain? · Any bleeding?" in said
        await pilot.press("n")  # answer them: back on the first one still open
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        assert app.screen.query_one("#q-comfort").has_focus
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    # Asked, not answered: None for each, never "no".
    assert app.answer == CheckIn(
        {"comfort": None, "pain": None, "bleeding": None}, level_id="size-2", notes="[b]x[/b]"
    )
    assert isinstance(app.answer, CheckIn) and not app.answer.pain


async def test_every_question_answered_saves_at_once() -> None:
    app = Host(levels=[], default_level_id=None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("8", "enter", "right", "space", "tab", "space", "ctrl+s")
        await pilot.pause()
    assert app.answer == CheckIn({"comfort": 8, "pain": False, "bleeding": "none"})


async def test_after_a_pain_stop_pain_starts_at_yes() -> None:
    app = Host(pain=True)
    async with app.run_test(size=SIZE) as pilot:
        pain = app.screen.query_one("#q-pain", AnswerSet)
        assert pain.pressed_index == 0 and pain.border_subtitle == ""  # "Yes": known
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Not answered: How comfortable was it? · Any bleeding?" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
    assert isinstance(app.answer, CheckIn) and app.answer.pain


async def test_escape_on_an_untouched_check_in_skips_at_once() -> None:
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        await pilot.pause()
    assert app.answer is None


async def test_escape_on_a_changed_check_in_asks_before_discarding() -> None:
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog) and app.answer is NO_ANSWER
        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        assert app.screen.query_one("#q-comfort", Input).value == "5"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")  # discard
        await pilot.pause()
    assert app.answer is None


async def test_buttons() -> None:
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "0")
        await pilot.click("#checkin-save")
        await pilot.pause()
        await pilot.click("#confirm-yes")
        await pilot.pause()
    assert isinstance(app.answer, CheckIn) and app.answer.answers["comfort"] == 10
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#checkin-skip")
        await pilot.pause()
    assert app.answer is None


async def test_a_refused_value_is_kept_and_says_why() -> None:
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        comfort = screen.query_one("#q-comfort", Input)
        await pilot.press("1", "2")
        assert comfort.value == "12"  # never silently cut to "1"
        error = screen.query_one("#checkin-error", Static)
        assert "12 is above 10, the highest on this scale." in text_of(error)
        assert comfort.has_class("-invalid")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.answer is NO_ANSWER and app.screen is screen and comfort.has_focus
        await pilot.press("backspace")
        assert text_of(error) == ""
        await pilot.press("x")
        assert "'1x' is not a whole number" in text_of(error)
        await pilot.press("backspace", "ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert isinstance(app.answer, CheckIn) and app.answer.answers["comfort"] == 1


async def test_a_long_refused_value_still_shows_the_whole_rule() -> None:
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        typed = "clear; .venv/bin/coach --content pelvic-floor"
        screen.query_one("#q-comfort", Input).value = typed
        await pilot.pause()
        error = screen.query_one("#checkin-error", Static)
        said = text_of(error)
        assert f"{typed[:23] + '…'!r} is not a whole number" in said
        assert said.endswith("type one from 0 to 10.")
        # Wrapped, not cut: every line of it is inside the dialog.
        assert error.region.height >= 2 and error.region.right <= SIZE[0]


async def test_type_ahead_right_after_tab_is_never_dropped() -> None:
    for attempt in range(5):
        app = Host()
        async with app.run_test(size=SIZE) as pilot:
            app.screen.query_one("#checkin-level", Select).focus()
            await pilot.pause()
            burst(app, ["tab", *"a note", "ctrl+s"])
            for _ in range(5):
                await pilot.pause()
            await pilot.press("y")  # save with the questions not answered
            await pilot.pause()
        assert isinstance(app.answer, CheckIn), attempt
        assert app.answer.notes == "a note", attempt


async def test_type_ahead_through_the_fields_in_one_burst() -> None:
    app = Host(questions=[program().checkin[0], NOTE], levels=[])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        burst(app, [*"6", "enter", *"garden", "tab", *"fine", "ctrl+s"])
        for _ in range(5):
            await pilot.pause()
    assert app.answer == CheckIn({"comfort": 6, "where": "garden"}, notes="fine")


async def test_without_levels_there_is_no_level_question() -> None:
    app = Host(levels=[], default_level_id=None)
    async with app.run_test(size=SIZE) as pilot:
        assert not app.screen.query("#checkin-level")
        await pilot.press("3", "ctrl+s", "y")
        await pilot.pause()
    assert app.answer == CheckIn({"comfort": 3, "pain": None, "bleeding": None})


async def test_an_unknown_default_level_leaves_the_choice_blank() -> None:
    app = Host(default_level_id="retired")
    async with app.run_test(size=SIZE) as pilot:
        select = app.screen.query_one("#checkin-level", Select)
        assert select.is_blank()
        await pilot.press("ctrl+s", "y")
        await pilot.pause()
    assert isinstance(app.answer, CheckIn) and app.answer.level_id is None


async def test_content_is_shown_literally() -> None:
    levels = [Level(id="odd", name="[b]S[/b][@click=app.quit]")]
    odd = Question(id="odd-q", kind="yes_no", ask="[red]Really?[/red]")
    app = Host(questions=[odd], levels=levels, default_level_id="odd", level_noun="[i]noun")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = screen_text(app)
        assert "[b]S[/b][@click=app.quit]" in shown
        assert "[i]noun used" in shown and "[red]Really?[/red]" in shown
        assert app.is_running


async def test_it_fits_80_by_24_with_its_keys_in_the_footer() -> None:
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        for widget_id in ("#checkin-save", "#checkin-skip", "#q-comfort"):
            region = screen.query_one(widget_id).region
            assert region.bottom <= SIZE[1] - 1 and region.right <= SIZE[0], widget_id
        footer_keys = {b.binding.description for b in screen.active_bindings.values()}
        assert {"Save", "Skip"} <= footer_keys
        assert screen.query_one(KeyBar)


def parse_comfort(text: str) -> int | None:
    """Release 1's comfort field (0-10), read as the check-in reads any scale question."""
    comfort = Question(id="comfort", kind="scale", ask="Comfort", min=0, max=10)
    return parse_answer(comfort, text)  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("text", "value"), [("", None), (" ", None), ("0", 0), ("7", 7), ("10", 10), (" 4 ", 4)]
)
def test_parse_comfort(text: str, value: int | None) -> None:
    assert parse_comfort(text) == value


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("11", "above 10"),
        ("-1", "below 0"),
        ("x", "not a whole number"),
        ("5.5", "not a whole number"),
        ("100", "above 10"),
    ],
)
def test_parse_comfort_rejects(text: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        parse_comfort(text)


def test_a_long_refused_answer_is_repeated_back_short_and_the_rule_kept() -> None:
    with pytest.raises(ValueError) as refused:
        parse_comfort("x" * 5000)
    said = str(refused.value)
    assert said == f"{'x' * 23 + '…'!r} is not a whole number: type one from 0 to 10."


@pytest.mark.parametrize(("size", "narrow"), [((40, 12), True), ((80, 24), False)])
async def test_a_narrow_terminal_puts_labels_above_so_choices_read_whole(
    size: tuple[int, int], narrow: bool
) -> None:
    """At 40 columns a label beside its answer left the choices cut to "Non…": there the
    label goes above, and each graded option reads whole."""
    app = Host()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CheckInScreen)
        assert screen.has_class("-narrow") is narrow
        radios = [str(r.label) for r in screen.query("RadioButton")]
        assert radios, "the default programme has a graded question"
        for radio in screen.query("RadioButton"):
            radio.scroll_visible(animate=False)
            await pilot.pause()
            label = str(radio.label).split(":")[0]
            assert label in screen_text(app), label
