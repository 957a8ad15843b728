"""The check-in after a session: the content's questions, the level used, a note.

A modal that answers with a :class:`CheckIn`, or ``None`` when skipped; saving it is the
caller's job (``Journal.save_checkin``). The questions come from the content
(:func:`coach.pack.levels.questions_for`): a scale is a number field, yes/no and a choice a
radio list (:class:`~coach.tui.widgets.answer_set.AnswerSet`), free text a field.

Every question starts unanswered, and says so on its border ("not answered") until it has an
answer; delete clears a radio answer back to unanswered. A question left so is saved as not
answered, never as "no" (coach/session/checkin.py).

Nothing is sent by accident (issue 21): Enter in a field moves to the next question (in the
notes, the last field, it only says how to save); saving is one named action, ``ctrl+s`` (in
the Footer) or the Save button, and when questions are still unanswered it says which and asks
once. ``escape`` skips (asking first when something was filled in); tab moves between fields.

Tab is a priority binding here: a key is routed to the widget focused when the app reads it,
and a non-priority Tab only moves focus once it has bubbled back up from the old widget, so
what was typed right after it went to the old field (a switch or a number field dropped it).
As a priority binding the focus moves before the next key is read.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import (
    Button,
    Input,
    Label,
    RadioButton,
    RadioSet,
    Select,
    Static,
)

from coach.journal.records import Answer, CheckIn
from coach.outputs.export import NOT_ANSWERED
from coach.pack.model import Question
from coach.session.checkin import (
    make_checkin,
    parse_answer,
    scale_range,
    unanswered,
    unanswered_text,
    unreadable,
)
from coach.system.safe_text import UNREADABLE_NOTICE
from coach.tui.dialogs.confirm import ConfirmDialog
from coach.tui.literal import clean
from coach.tui.messages import OpenSafety
from coach.tui.widgets.answer_set import AnswerSet
from coach.tui.widgets.key_bar import KeyBar
from coach.tui.widgets.wrapping_radio import WrappingRadioButton

if TYPE_CHECKING:
    from coach.pack.model import Level, Question


class CheckInScreen(ModalScreen[CheckIn | None]):
    """How did it go? Answers with a CheckIn (saved) or None (skipped)."""

    CSS_PATH = "checkin.tcss"
    ASKS_BEFORE_QUIT: ClassVar[bool] = True
    """Quitting coach while it is up asks first (coach.tui.sessions): it is not saved yet."""
    BINDINGS: ClassVar = [
        # Not a priority binding: it reaches the screen after the keys typed before it have
        # reached their field, so a fast "note" ctrl+s saves the whole note.
        Binding("ctrl+s", "save", "Save", tooltip="Save the check-in", id="checkin.save"),
        Binding("escape", "skip", "Skip", tooltip="Close without saving", id="checkin.skip"),
        # What to do about pain or bleeding, over the form (what was typed stays).
        Binding("f9", "safety", "Safety", id="checkin.safety"),
        Binding("tab", "app.focus_next", "Next", show=False, priority=True),
        # In a text or number field Enter moves on (a priority binding, like tab, so what is
        # typed next lands in the next field); elsewhere it is the widget's own (a choice).
        Binding("enter", "next_field", "Next field", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous", show=False, priority=True),
    ]

    def __init__(
        self,
        questions: Sequence[Question] = (),
        *,
        levels: Sequence[Level] | None = None,
        level_noun: str = "level",
        default_level_id: str | None = None,
        title: str = "How did it go?",
        pain: bool = False,
    ) -> None:
        super().__init__()
        self.questions = tuple(questions)
        self.pain = pain  # after a pain stop the answer is already known: start it at yes
        self.levels = tuple(levels or ())
        self.level_noun = level_noun
        known = {level.id for level in self.levels}
        self.default_level_id = default_level_id if default_level_id in known else None
        self.title_text = title
        self._initial: tuple | None = None

    # --- building the form -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        noun = self.level_noun[:1].upper() + self.level_noun[1:]
        with Vertical(id="checkin-box"):
            yield Static(Content(clean(self.title_text)), id="checkin-title")
            with VerticalScroll(id="checkin-body"):
                for question in self.questions:
                    yield from self._question_row(question)
                if self.levels:
                    with Horizontal(classes="checkin-row"):
                        yield Label(Content(clean(f"{noun} used")), classes="checkin-label")
                        yield Select[str](
                            [(Content(clean(level.name)), level.id) for level in self.levels],
                            value=self.default_level_id or Select.NULL,
                            allow_blank=self.default_level_id is None,
                            prompt="Choose one",  # a plain string prompt is markup: no content
                            id="checkin-level",
                        )
                with Horizontal(classes="checkin-row"):
                    yield Label("Notes", classes="checkin-label")
                    yield Input(placeholder="Anything to remember (optional)", id="checkin-notes")
            yield Static(id="checkin-error")
            with Horizontal(id="checkin-buttons"):
                yield Button("Save", variant="primary", id="checkin-save")
                yield Button("Skip", id="checkin-skip")
        yield KeyBar(first=("ctrl+s", "escape"))

    def _question_row(self, question: Question) -> ComposeResult:
        wid = f"q-{question.id}"
        ask = Content(clean(question.ask))
        tip = clean(question.hint) if question.hint else None
        with Horizontal(classes=f"checkin-row checkin-{question.kind}"):
            yield Label(ask, classes="checkin-label")
            if question.kind == "scale":
                yield Input(
                    placeholder=f"{question.min}-{question.max}",
                    id=wid,
                    classes="checkin-scale-input checkin-field",
                    tooltip=tip,
                )
                yield Static(Content(clean(scale_range(question))), classes="checkin-hint")
            elif question.kind == "yes_no":
                # Nothing pressed: not answered. After a pain stop its answer is known: yes.
                known = self.pain and question.pain
                with AnswerSet(id=wid, tooltip=tip, classes="checkin-yes-no checkin-field"):
                    yield RadioButton("Yes", value=known, id=f"{wid}--yes")
                    yield RadioButton("No", id=f"{wid}--no")
            elif question.kind == "choice":
                with AnswerSet(id=wid, tooltip=tip, classes="checkin-field"):
                    for option in question.options or ():
                        # Wrapped, never cut: "Heavy, or it did not stop after about 10
                        # minutes" must keep its ten minutes at any width.
                        yield WrappingRadioButton(
                            Content(clean(option.label)), id=f"{wid}--{option.id}"
                        )
            else:
                yield Input(placeholder="(optional)", id=wid, tooltip=tip, classes="checkin-field")

    NARROW = 68
    """Below this many columns each question's label goes above its answer, not beside it
    (beside it, a scale's range left of a 60-column box wrapped into a column too narrow to
    read: its number field is wide enough for "not answered" on its border)."""

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < self.NARROW, "-narrow")

    def on_mount(self) -> None:
        self.set_class(self.app.size.width < self.NARROW, "-narrow")
        self.focus_next()
        self._initial = self._form_state()
        for question in self.questions:
            self._mark(question)

    # --- reading the form --------------------------------------------------------------------

    def _answer(self, question: Question) -> Answer | None:
        """The field's answer; ``None``: not answered. ValueError: a typed value is refused."""
        field = self.query_one(f"#q-{question.id}")
        if isinstance(field, RadioSet):
            pressed = field.pressed_button
            if pressed is None or pressed.id is None:
                return None
            picked = pressed.id.split("--", 1)[1]
            if question.kind == "yes_no":
                return picked == "yes"
            return picked
        assert isinstance(field, Input)
        return parse_answer(question, field.value)

    def _answered(self, question: Question) -> bool:
        try:
            return self._answer(question) is not None
        except ValueError:
            return True  # something is typed: the refusal says why, not "not answered"

    def _mark(self, question: Question) -> None:
        """Say on the field's border whether it is still unanswered."""
        field = self.query_one(f"#q-{question.id}")
        answered = self._answered(question)
        field.border_subtitle = "" if answered else NOT_ANSWERED
        field.set_class(not answered, "-unanswered")

    def _form_state(self) -> tuple:
        """What the person can change, to tell a touched form from an untouched one."""
        state: list[object] = []
        for question in self.questions:
            field = self.query_one(f"#q-{question.id}")
            if isinstance(field, RadioSet):
                state.append(field.pressed_index)
            else:
                assert isinstance(field, Input)
                state.append(field.value)
        if self.levels:
            state.append(self.query_one("#checkin-level", Select).value)
        state.append(self.query_one("#checkin-notes", Input).value)
        return tuple(state)

    @property
    def changed(self) -> bool:
        return self._initial is not None and self._form_state() != self._initial

    def answers(self) -> dict[str, Answer | None]:
        """Every question's answer (``None``: not answered); ValueError (in plain words,
        naming the question) when a typed value is refused."""
        answers: dict[str, Answer | None] = {}
        for question in self.questions:
            try:
                answers[question.id] = self._answer(question)
            except ValueError as exc:
                raise _Refused(question, str(exc)) from None
        return answers

    def checkin(self) -> CheckIn:
        """The form as a CheckIn (unanswered questions as not answered); ValueError (in plain
        words, naming the question) when a typed value is refused."""
        level_id: str | None = None
        if self.levels:
            value = self.query_one("#checkin-level", Select).value
            level_id = value if isinstance(value, str) else None
        return make_checkin(
            list(self.questions),
            self.answers(),
            level_id=level_id,
            notes=self.query_one("#checkin-notes", Input).value,
            pain_stopped=self.pain,
        )

    # --- actions -----------------------------------------------------------------------------

    def action_save(self) -> None:
        """The one way to save: with every question answered, at once; else it says which are
        not and asks once."""
        try:
            answer = self.checkin()
        except _Refused as exc:
            self._refuse(exc.question, exc.reason)
            return
        left = unanswered(self.questions, answer.answers, pain_stopped=self.pain)
        if not left:
            self._dismiss_saved(answer)
            return

        def confirmed(save: bool | None) -> None:
            if save:
                self._dismiss_saved(answer)
            else:  # answer them now: from the first still open
                self.query_one(f"#q-{left[0].id}").focus()

        self.app.push_screen(
            ConfirmDialog(
                "Save with questions not answered?",
                detail=f"{unanswered_text(left)}\nThey are saved as not answered, never as no.",
                yes="Save",
                no="Answer them",
            ),
            confirmed,
        )

    def _dismiss_saved(self, answer: CheckIn) -> None:
        if unreadable(dict(answer.answers), self.query_one("#checkin-notes", Input).value):
            self.app.notify(UNREADABLE_NOTICE, severity="warning", timeout=8, markup=False)
        self.dismiss(answer)

    def _refuse(self, question: Question, reason: str) -> None:
        self._say_why(question, reason)
        field = self.query_one(f"#q-{question.id}")
        field.add_class("-invalid")
        field.focus()

    def action_skip(self) -> None:
        if not self.changed:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog(
                "Discard this check-in?",
                detail="What you filled in will not be saved.",
                yes="Discard",
                no="Keep editing",
            ),
            answered,
        )

    def action_safety(self) -> None:
        self.post_message(OpenSafety())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_field":
            focused = self.focused
            return isinstance(focused, Input) and focused.screen is self
        return True

    def action_next_field(self) -> None:
        """Enter in a field moves on to the next, never saves: a half-filled check-in is not
        sent by a reflex. A refused number stays, with its reason."""
        field = self.focused
        if not isinstance(field, Input):
            return
        question = next((q for q in self.questions if f"q-{q.id}" == field.id), None)
        if question is not None:
            try:
                parse_answer(question, field.value)
            except ValueError as exc:
                self._refuse(question, str(exc))
                return
        fields = self._fields()
        at = fields.index(field) if field in fields else len(fields) - 1
        if at + 1 < len(fields):
            self.set_focus(fields[at + 1])  # now, not later: the next key is typed there
        else:
            self.notify("Press ctrl+s to save the check-in.", timeout=4, markup=False)

    def _fields(self) -> list[Widget]:
        """The answer fields in order: the questions, the level, the notes (not the buttons)."""
        found: list[Widget] = [self.query_one(f"#q-{q.id}") for q in self.questions]
        if self.levels:
            found.append(self.query_one("#checkin-level"))
        found.append(self.query_one("#checkin-notes"))
        return found

    @on(Input.Changed)
    @on(RadioSet.Changed)
    @on(AnswerSet.Cleared)
    def _changed(self, event: Input.Changed | RadioSet.Changed | AnswerSet.Cleared) -> None:
        question = next((q for q in self.questions if f"q-{q.id}" == event.control.id), None)
        if question is not None:
            self._mark(question)

    @on(Input.Changed, ".checkin-scale-input")
    def _scale_changed(self, event: Input.Changed) -> None:
        """Check a number as it is typed and say at once why it is refused: never drop it."""
        question = next(q for q in self.questions if f"q-{q.id}" == event.input.id)
        try:
            parse_answer(question, event.value)
        except ValueError as exc:
            event.input.add_class("-invalid")
            self._say_why(question, str(exc))
        else:
            event.input.remove_class("-invalid")
            self._say_why(None, "")

    def _say_why(self, question: Question | None, reason: str) -> None:
        """Why an answer is refused, under the questions (nothing: no answer is refused). It
        wraps when long: the rule at its end ("type one from 0 to 10") is never cut off."""
        error = self.query_one("#checkin-error", Static)
        error.update(Content(clean(f"{question.ask} {reason}")) if question else "")
        error.set_class(question is not None, "-said")

    @on(Button.Pressed, "#checkin-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#checkin-skip")
    def _skip_pressed(self) -> None:
        self.action_skip()


class _Refused(ValueError):
    def __init__(self, question: Question, reason: str) -> None:
        super().__init__(reason)
        self.question = question
        self.reason = reason


__all__ = ["CheckInScreen"]
