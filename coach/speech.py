"""Spoken cues through a text-to-speech command, when the machine has one.

Off by default. Speaking lets a person follow a session without watching the screen. If no TTS
command exists, nothing breaks: :func:`find_speaker` returns ``None`` and the caller says so once.
Text is passed as a single argument (never through a shell), with control characters removed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable, Sequence

from coach.safe_text import strip
from coach.session.announce import describe
from coach.session.events import Event, EventKind
from coach.session.view import SessionView

# Tried in order: espeak-ng and espeak (Linux), spd-say (speech-dispatcher), say (macOS).
CANDIDATES: tuple[tuple[str, ...], ...] = (
    ("espeak-ng", "-s", "150"),
    ("espeak", "-s", "150"),
    ("spd-say", "--wait"),
    ("say",),
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
SPOKEN = {
    EventKind.STEP,
    EventKind.MIN_REACHED,
    EventKind.TIME_UP,
    EventKind.PHASE,
    EventKind.CUE,
    EventKind.PAIN_STOP,
    EventKind.FINISHED,
}


class Speaker:
    """Speaks one phrase at a time; a new phrase interrupts one still being spoken, so cues
    never queue up behind each other and arrive late."""

    def __init__(self, command: Sequence[str]) -> None:
        self.command = tuple(command)
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def name(self) -> str:
        return self.command[0]

    def say(self, text: str) -> None:
        text = " ".join(strip(text, " ").split())  # coach.safe_text's one rule
        if not text:
            return
        self.stop()
        try:
            self._process = subprocess.Popen(
                [*self.command, "--", text] if self.name != "say" else [*self.command, text],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            self._process = None

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
        self._process = None


def find_speaker(which: Callable[[str], str | None] = shutil.which) -> Speaker | None:
    for candidate in CANDIDATES:
        path = which(candidate[0])
        if path:
            return Speaker((path, *candidate[1:]))
    return None


def speech_listener(speaker: Speaker, view: Callable[[], SessionView]) -> Callable[[Event], None]:
    """A session listener that speaks step titles, time cues and phase changes."""

    def listen(event: Event) -> None:
        if event.kind in SPOKEN:
            text = describe(event, view())
            if text:
                speaker.say(text)

    return listen
