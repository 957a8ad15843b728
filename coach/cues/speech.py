"""Spoken cues through a text-to-speech command, when the machine has one.

Off by default. Speaking lets a person follow a session without watching the screen. If no TTS
command exists, nothing breaks: :func:`find_speaker` returns ``None`` and the caller says so once.
Text is passed as a single argument (never through a shell), with control characters removed.
The other cues (tones, the countdown, the hook) live in :mod:`coach.cues`, which uses this.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from coach.engine.announce import count_lost, describe
from coach.engine.events import Event, EventKind
from coach.engine.view import SessionView
from coach.pack.safety import spoken
from coach.pack.words import SESSION, Noun
from coach.system.processes import run_to_end
from coach.system.safe_text import strip

if TYPE_CHECKING:
    from coach.pack.model import Safety

# Tried in order: espeak-ng and espeak (Linux), spd-say (speech-dispatcher), say (macOS).
CANDIDATES: tuple[tuple[str, ...], ...] = (
    ("espeak-ng", "-s", "150"),
    ("espeak", "-s", "150"),
    ("spd-say", "--wait"),
    ("say",),
)
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
        self._lock = threading.Lock()  # the countdown speaks from its own thread

    @property
    def name(self) -> str:
        return Path(self.command[0]).name

    def say(self, text: str) -> None:
        text = " ".join(strip(text, " ").split())  # coach.system.safe_text's one rule
        if not text:
            return
        with self._lock:
            self._stop()
            try:
                self._process = subprocess.Popen(
                    self.argv(text),
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            except OSError:
                self._process = None

    def argv(self, text: str) -> list[str]:
        # "--" ends the options, so a phrase starting with "-" is spoken, not parsed.
        if Path(self.name).name == "say":
            return [*self.command, text]
        return [*self.command, "--", text]

    def say_and_wait(self, text: str, timeout: float = 15.0) -> str | None:
        """Speak ``text`` to its end (the cue test); returns what went wrong, or None."""
        spoken = " ".join(strip(text, " ").split())  # coach.system.safe_text's one rule, as say()
        return run_to_end(self.name, self.argv(spoken), timeout)

    def stop(self) -> None:
        with self._lock:
            self._stop()

    def _stop(self) -> None:
        if self._process is not None:
            if self._process.poll() is None:
                self._process.terminate()
            try:  # reaped, so no zombie stays behind
                self._process.wait(timeout=1.0)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None


def install_hint(platform: str = sys.platform) -> str:
    """How to get a speech engine here, in one sentence."""
    if platform == "darwin":
        return "macOS has one built in (say); check that it is on your PATH."
    if platform.startswith("win"):
        return "Install espeak-ng (espeak-ng.org) and put it on your PATH."
    return (
        "Install one with your package manager, e.g. `sudo apt install espeak-ng` "
        "(Debian, Ubuntu), `sudo dnf install espeak-ng` (Fedora) or "
        "`sudo pacman -S espeak-ng` (Arch)."
    )


def find_speaker(which: Callable[[str], str | None] = shutil.which) -> Speaker | None:
    for candidate in CANDIDATES:
        path = which(candidate[0])
        if path:
            return Speaker((path, *candidate[1:]))
    return None


def speech_listener(
    speaker: Speaker,
    view: Callable[[], SessionView],
    *,
    safety: Safety | None = None,
    noun: Noun = SESSION,
) -> Callable[[Event], None]:
    """A session listener that speaks step titles, time cues and phase changes; after a pain
    stop, the stop steps and the urgent signs too (a person with eyes closed hears them); and,
    as the screen says it, that a step just skipped means the session won't count."""

    def listen(event: Event) -> None:
        if event.kind in SPOKEN:
            text = describe(event, view(), noun=noun)
            if event.kind is EventKind.PAIN_STOP and safety is not None:
                text = f"{text}\n{spoken(safety, 'during')}"
            lost = count_lost(event, noun=noun)
            if lost:
                text = f"{lost}\n{text or ''}"
            if text:
                speaker.say(text)

    return listen
