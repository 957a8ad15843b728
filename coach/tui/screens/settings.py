"""Settings: theme, cues (sound, volume, speech, countdown, hook), resuming, discreet mode.

Saved to the TOML settings file. The screen says once what this machine has for cues (a sound
player, a speech engine, and how to install one if missing); "Test cues" plays every kind.
"""

from __future__ import annotations

import shlex

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static, Switch

from coach.cues.check import run_cue_test
from coach.cues.listeners import find
from coach.system.settings import Settings
from coach.tui.widgets.key_bar import KeyBar
from coach.tui.widgets.reminder_fields import Refused, ReminderFields

VOLUMES = (10, 25, 40, 55, 70, 85, 100)
COUNTDOWNS = (0, 1, 2, 3, 4, 5)
RESUME_HOURS = (0, 1, 3, 6, 12, 24, 48)


def _choices(values: tuple[int, ...], current: int, word: str) -> list[tuple[str, int]]:
    options = sorted({*values, current})
    return [(word.format(value) if value else "Off", value) for value in options]


class SettingsScreen(ModalScreen[Settings | None]):
    CSS_PATH = "settings.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
        Binding("t", "test", "Test cues"),
    ]
    CUE_GAP_SECONDS = 0.6
    """The pause between two kinds of cue in "Test cues", so each is heard on its own."""

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self._original_theme = ""
        self._testing = False

    def compose(self) -> ComposeResult:
        themes = sorted(self.app.available_themes)
        settings = self.settings
        with VerticalScroll(id="settings-box"):
            yield Static("Settings", id="settings-title")
            yield Label("Theme (changes as you choose)")
            yield Select(
                [(name, name) for name in themes],
                value=settings.theme if settings.theme in themes else Select.BLANK,
                allow_blank=False,
                id="theme",
            )
            yield Static("Cues", classes="settings-heading")
            yield Static(id="cue-status", markup=False)
            with Horizontal(classes="setting-row"):
                yield Switch(value=settings.sound, id="sound")
                yield Label("Sound: a tone for each kind of cue (the bell if no player)")
            with Horizontal(classes="setting-row"):
                yield Label("Volume", classes="setting-name")
                yield Select(
                    _choices(VOLUMES, settings.volume, "{}%"),
                    value=settings.volume,
                    allow_blank=False,
                    compact=True,
                    id="volume",
                )
            with Horizontal(classes="setting-row"):
                yield Switch(value=settings.speech, id="speech")
                yield Label("Speech: read steps, cues and the countdown aloud")
            with Horizontal(classes="setting-row"):
                yield Label("Countdown", classes="setting-name")
                yield Select(
                    _choices(COUNTDOWNS, settings.countdown, "last {} s of a hold"),
                    value=settings.countdown,
                    allow_blank=False,
                    compact=True,
                    id="countdown",
                )
            yield Static(
                "Cue hook: a command run on each cue, with COACH_CUE_KIND and COACH_CUE_TEXT "
                "set; never through a shell (see the README)",
                markup=False,
            )
            yield Input(
                value=shlex.join(settings.on_cue),
                placeholder="e.g. notify-send coach",
                id="on_cue",
            )
            yield Static(id="on_cue-error", classes="field-error", markup=False)
            yield Static(id="cue-test-log", markup=False)
            yield Static("Resuming", classes="settings-heading")
            with Horizontal(classes="setting-row"):
                yield Label("Offer an unfinished session for", classes="setting-name")
                yield Select(
                    _choices(RESUME_HOURS, settings.resume_hours, "{} hours"),
                    value=settings.resume_hours,
                    allow_blank=False,
                    compact=True,
                    id="resume_hours",
                )
            yield Static("Reminders (coach plan --ics, coach status)", classes="settings-heading")
            yield ReminderFields(self.settings)
            yield Static("Privacy", classes="settings-heading")
            with Horizontal(classes="setting-row"):
                yield Switch(value=settings.discreet, id="discreet")
                yield Label("Discreet: neutral title and wording; F2 hides the screen")
            with Horizontal(id="settings-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Test cues", id="test")
                yield Button("Cancel", id="cancel")
        yield KeyBar(first=("ctrl+s", "escape"))

    def on_mount(self) -> None:
        self._original_theme = self.app.theme
        self.query_one("#cue-test-log", Static).display = False
        self._show_found()

    @work(thread=True, exclusive=True, group="cues-found")
    def _show_found(self) -> None:
        found = find()
        text = f"{found.player_line}\n{found.speech_line}"
        self.app.call_from_thread(self.query_one("#cue-status", Static).update, Content(text))

    @on(Select.Changed, "#theme")
    def _preview(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.app.theme = event.value

    def current(self) -> Settings:
        """The settings as shown; ValueError when the hook cannot be split, Refused when a
        reminder field does not read."""
        theme = self.query_one("#theme", Select).value

        def number(widget_id: str, default: int) -> int:
            value = self.query_one(f"#{widget_id}", Select).value
            return value if isinstance(value, int) else default

        settings = self.settings
        return settings.with_changes(
            theme=theme if isinstance(theme, str) else settings.theme,
            sound=self.query_one("#sound", Switch).value,
            volume=number("volume", settings.volume),
            speech=self.query_one("#speech", Switch).value,
            countdown=number("countdown", settings.countdown),
            on_cue=tuple(shlex.split(self.query_one("#on_cue", Input).value)),
            resume_hours=number("resume_hours", settings.resume_hours),
            discreet=self.query_one("#discreet", Switch).value,
            **self.query_one(ReminderFields).changes(),
        )

    def _current_or_say(self) -> Settings | None:
        """The settings as shown, or None: then each field that does not read keeps what was
        typed and says why beside it, and the screen stays."""
        hook = self.query_one("#on_cue", Input)
        hook_error = self.query_one("#on_cue-error", Static)
        try:
            shlex.split(hook.value)
        except ValueError as exc:
            hook_error.update(Content(f"Not saved: this cannot be split into words ({exc})."))
            hook_error.display = True
            hook.focus()
            return None
        hook_error.display = False
        try:
            return self.current()
        except Refused:  # ReminderFields shows why, beside the field
            return None

    def action_test(self) -> None:
        """Play every kind of cue, so the person can check before a session that they hear
        them; runs on a thread, so the screen stays responsive."""
        settings = self._current_or_say()
        if settings is None or self._testing:
            return
        self._testing = True
        log = self.query_one("#cue-test-log", Static)
        log.display = True
        log.update("")
        self._run_test(settings)

    @work(thread=True, exclusive=True, group="cue-test")
    def _run_test(self, settings: Settings) -> None:
        lines: list[str] = []

        def say(line: str) -> None:
            lines.append(line)
            self.app.call_from_thread(self._show_test, Content("\n".join(lines[-12:])))

        try:
            run_cue_test(
                settings,
                say,
                bell=lambda: self.app.call_from_thread(self.app.bell),
                gap=self.CUE_GAP_SECONDS,
                say_found=False,
            )
        finally:
            self._testing = False

    def _show_test(self, text: Content) -> None:
        log = self.query_one("#cue-test-log", Static)
        log.update(text)
        log.scroll_visible()

    def action_save(self) -> None:
        settings = self._current_or_say()
        if settings is not None:
            self.dismiss(settings)

    def action_cancel(self) -> None:
        self.app.theme = self._original_theme
        self.dismiss(None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        {"save": self.action_save, "test": self.action_test, "cancel": self.action_cancel}[
            event.button.id or "cancel"
        ]()
