"""Cues for a person who is not looking: tones, speech, a countdown and a hook, in one place.

Textual-free. The session run (full screen or plain) calls :func:`listeners` once and subscribes
what it returns; the settings screen and ``coach cues`` use :func:`find` to say what this
machine has. Where a piece is missing, the rest still works: no player means the terminal bell,
no speech engine means no speech (said once, on the settings screen and in ``coach cues``,
never at every session start).
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coach.cues.countdown import Countdown
from coach.cues.hook import CueHook
from coach.cues.players import NAMES as PLAYER_NAMES
from coach.cues.players import Player, find_player
from coach.cues.speech import CANDIDATES, find_speaker, install_hint, speech_listener
from coach.cues.tones import DESCRIPTIONS, Tone, tone_files
from coach.engine.announce import describe
from coach.engine.events import Event, EventKind, Listener
from coach.engine.view import SessionView
from coach.pack.words import SESSION, Noun

if TYPE_CHECKING:
    from coach.cues.speech import Speaker
    from coach.pack.model import Safety
    from coach.system.settings import Settings

log = logging.getLogger(__name__)

# Neutral words for discreet mode, where the hook gets no content text (a phone's lock screen).
_DISCREET_TEXT = {tone: text.capitalize() + "." for tone, text in DESCRIPTIONS.items()}


def tone_for(event: Event) -> Tone | None:
    """Which tone an event sounds, if any: each kind of cue its own."""
    kind = event.kind
    if kind is EventKind.STEP:
        return Tone.STEP
    if kind is EventKind.PHASE:
        tone = event.data.get("tone")
        return Tone.HOLD if tone == "hold" else Tone.RELAX if tone == "relax" else Tone.CUE
    if kind is EventKind.MIN_REACHED:
        return Tone.MIN_REACHED
    if kind is EventKind.TIME_UP:
        return Tone.TIME_UP
    if kind is EventKind.CUE:
        return Tone.CUE
    if kind is EventKind.FINISHED and event.data.get("reason") != "pain":
        return Tone.FINISHED
    return None


@dataclass(frozen=True)
class Found:
    """What this machine offers for cues."""

    player: Player | None
    speaker: Speaker | None

    @property
    def player_line(self) -> str:
        if self.player is None:
            return (
                f"Sound: no player found (looked for {', '.join(PLAYER_NAMES)}); "
                "cues ring the terminal bell."
            )
        return f"Sound: tones play through {self.player.name}."

    @property
    def speech_line(self) -> str:
        if self.speaker is None:
            names = ", ".join(candidate[0] for candidate in CANDIDATES)
            return f"Speech: no speech engine found (looked for {names}). {install_hint()}"
        return f"Speech: {self.speaker.name}."


def find(which: Callable[[str], str | None] = shutil.which) -> Found:
    return Found(player=find_player(which), speaker=find_speaker(which))


def listeners(
    settings: Settings,
    view_fn: Callable[[], SessionView],
    *,
    notify: Callable[[str], None] | None = None,
    bell: Callable[[], None] | None = None,
    speak: bool | None = None,
    found: Found | None = None,
    tones_dir: Path | None = None,
    safety: Safety | None = None,
    noun: Noun = SESSION,
) -> list[Listener]:
    """The session listeners that carry cues to a person not looking at the screen.

    ``view_fn`` is the session's ``view`` (speech words steps with it; the countdown times
    itself from it). ``bell`` rings the terminal bell: the sound when no player works.
    ``notify`` hears, once, that a player stopped working. ``speak`` overrides
    ``settings.speech`` (``coach start --speak``). ``safety``: what speech reads out after a
    pain stop (the stop steps and the urgent signs); ``noun``: what speech calls a session.
    Subscribe each returned listener; none of
    them blocks: players, speech and the hook run in the background.
    """
    found = found or find()
    out: list[Listener] = []
    speech_on = settings.speech if speak is None else speak
    speaker = found.speaker if speech_on else None
    player: Player | None = None
    files: dict[Tone, Path] = {}
    if settings.sound and settings.volume > 0 and found.player is not None:
        try:
            files = tone_files(settings.volume, tones_dir)
            player = found.player
        except OSError as exc:  # a full or read-only cache: the bell instead
            log.warning("sound: the tones cannot be written (%s); using the bell", exc)
    if settings.sound:
        out.append(_sound_listener(player, files, bell, notify))
    if speaker is not None:
        out.append(speech_listener(speaker, view_fn, safety=safety, noun=noun))
    if settings.countdown > 0 and (speaker is not None or player is not None):

        def announce(number: int) -> None:
            if player is not None and Tone.COUNTDOWN in files:
                player.play(files[Tone.COUNTDOWN])
            if speaker is not None:
                speaker.say(str(number))

        out.append(Countdown(settings.countdown, view_fn, announce))
    if settings.on_cue:
        out.append(hook_listener(settings, view_fn))
    return out


def _sound_listener(
    player: Player | None,
    files: dict[Tone, Path],
    bell: Callable[[], None] | None,
    notify: Callable[[str], None] | None,
) -> Listener:
    told = False

    def listen(event: Event) -> None:
        nonlocal told
        tone = tone_for(event)
        if tone is None:
            return
        if player is not None and player.play(files[tone]):
            if event.kind is EventKind.FINISHED:
                player.stop()  # its worker ends once the last tone has played
            return
        if player is not None and player.failed and not told and notify is not None:
            told = True
            notify(f"Sound does not work ({player.failed}): cues ring the terminal bell.")
        if bell is not None:
            bell()

    return listen


def hook_fields(
    event: Event, tone: Tone, view: SessionView | None, *, discreet: bool
) -> dict[str, str]:
    """The environment a hook gets (without the ``COACH_CUE_`` prefix)."""
    fields = {"kind": tone.value, "event": str(event.kind), "at": event.wall.isoformat()}
    if discreet:
        fields["text"] = _DISCREET_TEXT[tone]
        return fields
    fields["text"] = describe(event, view) or _DISCREET_TEXT[tone]
    if view is not None:
        fields |= {
            "step": view.step.title,
            "step_id": view.step.id,
            "position": str(view.position),
            "total": str(view.total),
            "protocol": view.protocol_title,
        }
        if view.step_remaining is not None:
            fields["remaining"] = str(round(view.step_remaining))
    return fields


def hook_listener(
    settings: Settings, view_fn: Callable[[], SessionView], *, hook: CueHook | None = None
) -> Listener:
    hook = hook or CueHook(settings.on_cue, seconds=settings.on_cue_seconds)

    def listen(event: Event) -> None:
        tone = tone_for(event)
        if tone is None:
            return
        hook.run(hook_fields(event, tone, view_fn(), discreet=settings.discreet))

    listen.hook = hook  # type: ignore[attr-defined]  # tests wait for it
    return listen


__all__ = [
    "CueHook",
    "Found",
    "Player",
    "Tone",
    "find",
    "hook_fields",
    "hook_listener",
    "listeners",
    "tone_for",
]
