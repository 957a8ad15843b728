"""coach's own cue tones: short WAV files made with the standard library, nothing downloaded.

Each kind of cue has its own pitch and pattern, so a person with their eyes closed can tell
"hold" from "relax" from "time is up" without a word. The files are written once per volume
into coach's private cache folder and reused; the samples are scaled for the volume, so no
player needs a volume flag.
"""

from __future__ import annotations

import io
import math
import struct
import wave
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from coach.system import paths

RATE = 22050
# Bump when the sounds change, so an old cache is not played for a new pattern.
VERSION = 1


class Tone(StrEnum):
    STEP = "step"  # a new step: two rising notes
    HOLD = "hold"  # hold / squeeze: one long low note
    RELAX = "relax"  # relax / let go: a falling glide down
    TIME_UP = "time_up"  # the step's time is over: three even high notes
    MIN_REACHED = "min_reached"  # the minimum has passed: one soft middle note, twice
    CUE = "cue"  # a spoken cue from the content: a short chime
    COUNTDOWN = "countdown"  # the last seconds of a hold: a short tick
    FINISHED = "finished"  # the session ended: a rising three-note chord


@dataclass(frozen=True, slots=True)
class Note:
    start_hz: float  # 0: silence
    seconds: float
    end_hz: float | None = None  # a glide from start_hz to end_hz


# What each tone is, in notes. Pitches far apart, patterns different in rhythm too, so the
# tones stay distinct on a small phone speaker or through a shower's noise.
PATTERNS: dict[Tone, tuple[Note, ...]] = {
    Tone.STEP: (Note(660, 0.12), Note(0, 0.04), Note(880, 0.18)),
    Tone.HOLD: (Note(330, 0.55),),
    Tone.RELAX: (Note(784, 0.5, end_hz=392),),
    Tone.TIME_UP: (
        Note(1046, 0.14),
        Note(0, 0.08),
        Note(1046, 0.14),
        Note(0, 0.08),
        Note(1046, 0.14),
    ),
    Tone.MIN_REACHED: (Note(523, 0.16), Note(0, 0.12), Note(523, 0.16)),
    Tone.CUE: (Note(988, 0.1), Note(740, 0.16)),
    Tone.COUNTDOWN: (Note(1318, 0.05),),
    Tone.FINISHED: (Note(523, 0.14), Note(659, 0.14), Note(784, 0.3)),
}

DESCRIPTIONS: dict[Tone, str] = {
    Tone.STEP: "a new step",
    Tone.HOLD: "hold",
    Tone.RELAX: "relax",
    Tone.TIME_UP: "time is up",
    Tone.MIN_REACHED: "minimum time reached",
    Tone.CUE: "a cue from the steps",
    Tone.COUNTDOWN: "the countdown at the end of a hold",
    Tone.FINISHED: "the session is over",
}


def render(tone: Tone, volume: int) -> bytes:
    """The WAV file of ``tone`` at ``volume`` (0-100), as bytes: mono, 16-bit."""
    amplitude = 32767 * max(0, min(volume, 100)) / 100
    samples = bytearray()
    for note in PATTERNS[tone]:
        count = int(note.seconds * RATE)
        fade = min(count // 2, int(0.01 * RATE))  # 10 ms in and out: no clicks
        phase = 0.0
        for i in range(count):
            if not note.start_hz:
                value = 0.0
            else:
                hz = note.start_hz
                if note.end_hz is not None:
                    hz += (note.end_hz - note.start_hz) * i / count
                phase += 2 * math.pi * hz / RATE
                envelope = min(1.0, i / fade, (count - i) / fade) if fade else 1.0
                value = amplitude * envelope * math.sin(phase)
            samples += struct.pack("<h", int(value))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(bytes(samples))
    return buffer.getvalue()


def tone_files(volume: int, folder: Path | None = None) -> dict[Tone, Path]:
    """Every tone as a WAV file at ``volume``, written on first use into ``folder`` (default:
    coach's private cache folder) and reused after."""
    folder = folder or paths.cache_dir() / "tones"
    paths.ensure_private_dir(folder)
    volume = max(0, min(volume, 100))
    files: dict[Tone, Path] = {}
    for tone in Tone:
        path = folder / f"{tone.value}-v{VERSION}-{volume}.wav"
        if not path.is_file() or path.stat().st_size == 0:
            paths.write_private(path, render(tone, volume))
        files[tone] = path
    return files
