"""Settings: theme, sound, speech, discreet mode; saved to the TOML settings file."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Label, Select, Static, Switch

from coach.settings import Settings


class SettingsScreen(ModalScreen[Settings | None]):
    CSS_PATH = "settings.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
        Binding("t", "test", "Test cues"),
    ]

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self._original_theme = ""

    def compose(self) -> ComposeResult:
        themes = sorted(self.app.available_themes)
        with VerticalScroll(id="settings-box"):
            yield Static("Settings", id="settings-title")
            yield Label("Theme (changes as you choose)")
            yield Select(
                [(name, name) for name in themes],
                value=self.settings.theme if self.settings.theme in themes else Select.BLANK,
                allow_blank=False,
                id="theme",
            )
            for key, label in (
                ("sound", "Sound: the terminal bell on cues"),
                ("speech", "Speech: read steps and cues aloud (needs espeak-ng, spd-say or say)"),
                ("discreet", "Discreet: neutral title and wording; F2 hides the screen"),
            ):
                with Horizontal(classes="setting-row"):
                    yield Switch(value=getattr(self.settings, key), id=key)
                    yield Label(label)
            with Horizontal(id="settings-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Test cues", id="test")
                yield Button("Cancel", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self._original_theme = self.app.theme

    @on(Select.Changed, "#theme")
    def _preview(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.app.theme = event.value

    def current(self) -> Settings:
        theme = self.query_one("#theme", Select).value
        return self.settings.with_changes(
            theme=theme if isinstance(theme, str) else self.settings.theme,
            sound=self.query_one("#sound", Switch).value,
            speech=self.query_one("#speech", Switch).value,
            discreet=self.query_one("#discreet", Switch).value,
        )

    def action_test(self) -> None:
        """Let the person check, before a session, that they will notice the cues."""
        settings = self.current()
        if settings.sound:
            self.app.bell()
        self.notify(
            "This is how a cue looks." + (" You should hear a bell." if settings.sound else "")
        )
        if settings.speech:
            from coach.speech import find_speaker

            speaker = find_speaker()
            if speaker is None:
                self.notify("No speech command found on this machine.", severity="warning")
            else:
                speaker.say("This is how a cue sounds.")

    def action_save(self) -> None:
        self.dismiss(self.current())

    def action_cancel(self) -> None:
        self.app.theme = self._original_theme
        self.dismiss(None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        {"save": self.action_save, "test": self.action_test, "cancel": self.action_cancel}[
            event.button.id or "cancel"
        ]()
