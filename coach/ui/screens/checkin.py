"""The check-in after a session: comfort, pain, bleeding, the level used, a note.

A modal that answers with a :class:`CheckIn`, or ``None`` when skipped; saving it is the
caller's job (``Journal.save_checkin``). Keys: ``enter`` in a text field or ``ctrl+s`` saves,
``escape`` skips; tab moves between fields, space flips a switch.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Select, Static, Switch

from coach.journal.records import COMFORT_MAX, COMFORT_MIN, CheckIn
from coach.ui.text import clean

if TYPE_CHECKING:
    from coach.pack.model import Level


def parse_comfort(text: str) -> int | None:
    """``""`` -> None (not given); a whole number in range -> it; anything else: ValueError."""
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or not COMFORT_MIN <= int(text) <= COMFORT_MAX:
        raise ValueError(f"Comfort is a number from {COMFORT_MIN} to {COMFORT_MAX}, or empty.")
    return int(text)


class CheckInScreen(ModalScreen[CheckIn | None]):
    """How did it go? Answers with a CheckIn (saved) or None (skipped)."""

    CSS_PATH = "checkin.tcss"
    BINDINGS: ClassVar = [
        Binding(
            "ctrl+s", "save", "Save", priority=True, tooltip="Save the check-in", id="checkin.save"
        ),
        Binding("escape", "skip", "Skip", tooltip="Close without saving", id="checkin.skip"),
    ]

    def __init__(
        self,
        *,
        levels: Sequence[Level] | None,
        level_noun: str,
        default_level_id: str | None,
        title: str = "How did it go?",
        pain: bool = False,
    ) -> None:
        super().__init__()
        self.pain = pain  # after a pain stop the answer is already known: start it at yes
        self.levels = tuple(levels or ())
        self.level_noun = level_noun
        known = {level.id for level in self.levels}
        self.default_level_id = default_level_id if default_level_id in known else None
        self.title_text = title

    def compose(self) -> ComposeResult:
        noun = self.level_noun[:1].upper() + self.level_noun[1:]
        with Vertical(id="checkin-box"):
            yield Static(Content(clean(self.title_text)), id="checkin-title")
            with Horizontal(classes="checkin-row"):
                yield Label("Comfort", classes="checkin-label")
                yield Input(
                    placeholder=f"{COMFORT_MIN}-{COMFORT_MAX}",
                    restrict=r"(10?|[02-9])?",  # what can still become 0-10
                    max_length=2,
                    id="checkin-comfort",
                )
                yield Static(
                    Content(f"{COMFORT_MIN} very uncomfortable, {COMFORT_MAX} fully comfortable"),
                    classes="checkin-hint",
                )
            with Horizontal(classes="checkin-row"):
                yield Label("Pain", classes="checkin-label")
                yield Switch(
                    self.pain, id="checkin-pain", tooltip="Pain, not just a stretch or discomfort"
                )
                # A switch alone reads as an empty box: say the answer in words beside it.
                yield Label("Yes" if self.pain else "No", id="checkin-pain-answer")
                yield Label("Bleeding", classes="checkin-label checkin-label-2")
                yield Switch(id="checkin-bleeding", tooltip="Any blood, even a spot")
                yield Label("No", id="checkin-bleeding-answer")
            if self.levels:
                with Horizontal(classes="checkin-row"):
                    yield Label(Content(clean(f"{noun} used")), classes="checkin-label")
                    yield Select[str](
                        [(Content(clean(level.name)), level.id) for level in self.levels],
                        value=self.default_level_id or Select.NULL,
                        allow_blank=self.default_level_id is None,
                        prompt="Choose one",  # a plain string prompt is read as markup: no content in it
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

    def on_mount(self) -> None:
        self.query_one("#checkin-comfort", Input).focus()

    # --- reading the form --------------------------------------------------------------------

    def checkin(self) -> CheckIn:
        """The form as a CheckIn; ValueError (in plain words) when comfort is not valid."""
        comfort = parse_comfort(self.query_one("#checkin-comfort", Input).value)
        level_id: str | None = None
        if self.levels:
            value = self.query_one("#checkin-level", Select).value
            level_id = value if isinstance(value, str) else None
        return CheckIn(
            comfort=comfort,
            pain=self.query_one("#checkin-pain", Switch).value,
            bleeding=self.query_one("#checkin-bleeding", Switch).value,
            level_id=level_id,
            notes=self.query_one("#checkin-notes", Input).value.strip(),
        )

    # --- actions -----------------------------------------------------------------------------

    def action_save(self) -> None:
        try:
            answer = self.checkin()
        except ValueError as exc:
            self.query_one("#checkin-error", Static).update(Content(str(exc)))
            comfort = self.query_one("#checkin-comfort", Input)
            comfort.add_class("-invalid")
            comfort.focus()
            return
        self.dismiss(answer)

    def action_skip(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    @on(Input.Changed, "#checkin-comfort")
    def _comfort_changed(self) -> None:
        self.query_one("#checkin-comfort", Input).remove_class("-invalid")
        self.query_one("#checkin-error", Static).update("")

    @on(Switch.Changed)
    def _say_answer(self, event: Switch.Changed) -> None:
        self.query_one(f"#{event.switch.id}-answer", Label).update("Yes" if event.value else "No")

    @on(Button.Pressed, "#checkin-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#checkin-skip")
    def _skip_pressed(self) -> None:
        self.action_skip()


__all__ = ["CheckInScreen", "parse_comfort"]
