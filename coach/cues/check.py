"""The cue test: every kind of cue, one after another, saying what is heard and through what.

So a person can check from the shower, before they start, that cues will reach them. On a
machine with no sound device the player fails: that is said in plain words, and the terminal
bell stands in.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

from coach.cues.hook import CueHook
from coach.cues.listeners import Found, find
from coach.cues.tones import DESCRIPTIONS, Tone, tone_files
from coach.system.settings import Settings

# The order a session meets them in.
ORDER = (
    Tone.STEP,
    Tone.HOLD,
    Tone.COUNTDOWN,
    Tone.RELAX,
    Tone.MIN_REACHED,
    Tone.CUE,
    Tone.TIME_UP,
    Tone.FINISHED,
)


def run_cue_test(
    settings: Settings,
    say: Callable[[str], None],
    *,
    bell: Callable[[], None] | None = None,
    found: Found | None = None,
    gap: float = 0.6,
    speak: bool | None = None,
    say_found: bool = True,
) -> list[str]:
    """Play each cue kind, telling ``say`` what it is; returns the problems found (none: every
    cue works). Blocking: run it on a worker thread in a UI."""
    found = found or find()
    problems: list[str] = []
    speech_on = settings.speech if speak is None else speak
    if say_found:  # (the settings screen shows them already)
        say(found.player_line)
        say(found.speech_line + ("" if speech_on or found.speaker is None else " (off)"))
    player = found.player if settings.sound and settings.volume > 0 else None
    if not settings.sound:
        say("Sound is off in settings: tones and the bell are silent.")
    elif settings.volume == 0:
        say("Volume is 0 in settings: tones are silent; the bell stands in.")
    files: dict[Tone, str] = {}
    if player is not None:
        try:
            files = {tone: str(path) for tone, path in tone_files(settings.volume).items()}
        except OSError as exc:
            problems.append(f"The tones cannot be written: {exc.strerror or exc}.")
            player = None
    speaker = found.speaker if speech_on else None
    for tone in ORDER:
        if tone is Tone.COUNTDOWN:
            if player is None and speaker is None:
                say("(No countdown: it needs a player or a speech engine.)")
                continue
            say(f"Now: {DESCRIPTIONS[tone]} (3, 2, 1).")
            for number in (3, 2, 1):
                if player is not None:
                    player.play_and_wait(Path(files[tone]))
                if speaker is not None:
                    speaker.say_and_wait(str(number))
                time.sleep(gap)
            continue
        say(f"Now: {DESCRIPTIONS[tone]}.")
        if player is not None:
            problem = player.play_and_wait(Path(files[tone]))
            if problem is not None:
                problems.append(
                    f"{problem}. There may be no sound device or sound server here; "
                    "cues will ring the terminal bell instead."
                )
                say(problems[-1])
                player = None
        if player is None and settings.sound and bell is not None:
            bell()
        if speaker is not None:
            problem = speaker.say_and_wait(DESCRIPTIONS[tone].capitalize())
            if problem is not None:
                problems.append(f"Speech does not work: {problem}.")
                say(problems[-1])
                speaker = None
        time.sleep(gap)
    if settings.on_cue:
        say(f"The cue hook: {settings.on_cue[0]} (with COACH_CUE_KIND=test).")
        hook = CueHook(settings.on_cue, seconds=settings.on_cue_seconds)
        problem = hook.run_and_wait(
            {
                "kind": "test",
                "event": "test",
                "text": "This is a test cue from coach.",
                "at": dt.datetime.now().astimezone().isoformat(),
            }
        )
        if problem is not None:
            problems.append(f"The cue hook does not work: {problem}.")
            say(problems[-1])
        else:
            say("The cue hook ran.")
    if problems:
        say("Done, with the problems above.")
    elif player is None and settings.sound:
        say(
            "Done. Only the terminal bell stood in for tones: many terminals mute it. "
            "A sound player (pw-play, paplay, aplay or afplay) makes cues carry across a room."
        )
    else:
        say("Done: every cue above was played.")
    return problems
