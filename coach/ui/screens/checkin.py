"""The check-in after a session: the content's questions, the level used, a note.

A modal that answers with a :class:`CheckIn`, or ``None`` when skipped; saving it is the
caller's job (``Journal.save_checkin``). The questions come from the content
(:func:`coach.pack.levels.questions_for`): a scale is a number field, yes/no a switch, a
choice a radio list, free text a field. Keys: ``enter`` in a text field or ``ctrl+s`` saves,
``escape`` skips (asking first when something was filled in); tab moves between fields.

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
from textual.widgets import (
    Button,
    Footer,
    Input,
    Label,
    RadioButton,
    RadioSet,
    Select,
    Static,
    Switch,
)

from coach.checkin import make_checkin, parse_answer, scale_range
from coach.journal.records import Answer, CheckIn
from coach.ui.text import clean

if TYPE_CHECKING:
    from coach.pack.model import Level, Question


def parse_comfort(text: str) -> int | None:
    """Release 1's comfort field (0-10), kept for callers: ValueError says why."""
    from coach.pack.model import Question

    return parse_answer(  # type: ignore[return-value]
        Question(id="comfort", kind="scale", ask="Comfort", min=0, max=10), text
    )


class CheckInScreen(ModalScreen[CheckIn | None]):
    """How did it go? Answers with a CheckIn (saved) or None (skipped)."""

    CSS_PATH = "checkin.tcss"
    BINDINGS: ClassVar = [
        Binding(
            "ctrl+s", "save", "Save", priority=True, tooltip="Save the check-in", id="checkin.save"
        ),
        Binding("escape", "skip", "Skip", tooltip="Close without saving", id="checkin.skip"),
        Binding("tab", "app.focus_next", "Next", show=False, priority=True),
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
        yield Footer()

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
                    classes="checkin-scale-input",
                    tooltip=tip,
                )
                yield Static(Content(clean(scale_range(question))), classes="checkin-hint")
            elif question.kind == "yes_no":
                start = self.pain and question.pain
                yield Switch(start, id=wid, tooltip=tip)
                # A switch alone reads as an empty box: say the answer in words beside it.
                yield Label("Yes" if start else "No", id=f"{wid}-answer", classes="checkin-yn")
            elif question.kind == "choice":
                with RadioSet(id=wid, tooltip=tip):
                    for option in question.options or ():
                        yield RadioButton(Content(clean(option.label)), id=f"{wid}--{option.id}")
            else:
                yield Input(placeholder="(optional)", id=wid, tooltip=tip)

    NARROW = 60
    """Below this many columns each question's label goes above its answer, not beside it."""

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < self.NARROW, "-narrow")

    def on_mount(self) -> None:
        self.set_class(self.app.size.width < self.NARROW, "-narrow")
        self.focus_next()
        self._initial = self._form_state()

    # --- reading the form --------------------------------------------------------------------

    def _answer(self, question: Question) -> Answer | None:
        wid = f"#q-{question.id}"
        if question.kind == "yes_no":
            return self.query_one(wid, Switch).value
        if question.kind == "choice":
            pressed = self.query_one(wid, RadioSet).pressed_button
            if pressed is None or pressed.id is None:
                return None
            return pressed.id.split("--", 1)[1]
        return parse_answer(question, self.query_one(wid, Input).value)

    def _form_state(self) -> tuple:
        """What the person can change, to tell a touched form from an untouched one."""
        state: list[object] = []
        for question in self.questions:
            wid = f"#q-{question.id}"
            if question.kind == "yes_no":
                state.append(self.query_one(wid, Switch).value)
            elif question.kind == "choice":
                state.append(self.query_one(wid, RadioSet).pressed_index)
            else:
                state.append(self.query_one(wid, Input).value)
        if self.levels:
            state.append(self.query_one("#checkin-level", Select).value)
        state.append(self.query_one("#checkin-notes", Input).value)
        return tuple(state)

    @property
    def changed(self) -> bool:
        return self._initial is not None and self._form_state() != self._initial

    def checkin(self) -> CheckIn:
        """The form as a CheckIn; ValueError (in plain words, naming the question) when a
        typed value is refused."""
        answers: dict[str, Answer | None] = {}
        for question in self.questions:
            try:
                answers[question.id] = self._answer(question)
            except ValueError as exc:
                raise _Refused(question, str(exc)) from None
        level_id: str | None = None
        if self.levels:
            value = self.query_one("#checkin-level", Select).value
            level_id = value if isinstance(value, str) else None
        return make_checkin(
            list(self.questions),
            answers,
            level_id=level_id,
            notes=self.query_one("#checkin-notes", Input).value,
            pain_stopped=self.pain,
        )

    # --- actions -----------------------------------------------------------------------------

    def action_save(self) -> None:
        try:
            answer = self.checkin()
        except _Refused as exc:
            self._refuse(exc.question, exc.reason)
            return
        self.dismiss(answer)

    def _refuse(self, question: Question, reason: str) -> None:
        self.query_one("#checkin-error", Static).update(Content(clean(f"{question.ask} {reason}")))
        field = self.query_one(f"#q-{question.id}")
        field.add_class("-invalid")
        field.focus()

    def action_skip(self) -> None:
        if not self.changed:
            self.dismiss(None)
            return
        from coach.ui.dialogs.confirm import ConfirmDialog

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

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    @on(Input.Changed, ".checkin-scale-input")
    def _scale_changed(self, event: Input.Changed) -> None:
        """Check a number as it is typed and say at once why it is refused: never drop it."""
        question = next(q for q in self.questions if f"q-{q.id}" == event.input.id)
        error = self.query_one("#checkin-error", Static)
        try:
            parse_answer(question, event.value)
        except ValueError as exc:
            event.input.add_class("-invalid")
            error.update(Content(clean(f"{question.ask} {exc}")))
        else:
            event.input.remove_class("-invalid")
            error.update("")

    @on(Switch.Changed)
    def _say_answer(self, event: Switch.Changed) -> None:
        self.query_one(f"#{event.switch.id}-answer", Label).update("Yes" if event.value else "No")

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


__all__ = ["CheckInScreen", "parse_comfort"]
