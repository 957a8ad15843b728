"""Cues: tones reaching a player, the bell as fallback, the countdown, the hook, the cue test.

Players, speech engines and hooks are stub scripts on a PATH of the test's own, which record
their arguments (and, for the hook, the environment) to a file.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
import time
import wave
from pathlib import Path

import pytest

from coach.cli.main import main
from coach.cues.check import run_cue_test
from coach.cues.countdown import Countdown, plan
from coach.cues.listeners import CueHook, Found, Tone, find, hook_listener, listeners, tone_for
from coach.cues.tones import PATTERNS, render, tone_files
from coach.engine.clock import FakeClock
from coach.engine.events import EventKind
from coach.engine.session import Session
from coach.system.settings import Settings, load_settings, read_settings
from tests.helpers import wait_until

from .packs import mini_pack

CUES_PROTOCOL = """\
id = "breathe"
title = "Breathe"

[[steps]]
id = "ready"
title = "Get ready"
kind = "checklist"
items = ["Water"]

[[steps]]
id = "hold-still"
title = "Hold still"
kind = "timed"
duration = "10-20s"

[[steps.cues]]
at = "5s"
say = "Breathe out slowly"

[[steps]]
id = "squeeze"
title = "Squeeze"
kind = "intervals"
repetitions = 2

[[steps.phases]]
name = "Squeeze"
duration = "8s"
tone = "hold"

[[steps.phases]]
name = "Let go"
duration = "4s"
tone = "relax"
"""


def stub(bin_dir: Path, name: str, log: Path, *, exit_code: int = 0, extra: str = "") -> Path:
    """A fake command that appends its arguments (one line per run) to ``log``."""
    bin_dir.mkdir(parents=True, exist_ok=True)
    path = bin_dir / name
    path.write_text(
        f'#!/bin/sh\nprintf "%s|" "$@" >> "{log}"\necho >> "{log}"\n{extra}exit {exit_code}\n'
    )
    path.chmod(0o755)
    return path


def lines(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def lines_in(log: Path) -> int:
    """How many whole lines the stubs have written (a line is whole once its newline is)."""
    return log.read_text().count("\n") if log.exists() else 0


@pytest.fixture
def only_stubs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """PATH holds only the test's stubs (and /bin for the shell they start with)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", f"{bin_dir}")
    return bin_dir


def session_for(tmp_path: Path) -> tuple[Session, FakeClock]:
    pack = mini_pack(tmp_path / "pack", protocol=CUES_PROTOCOL)
    clock = FakeClock()
    return Session(pack.default_protocol, clock), clock


def run_through(session: Session, clock: FakeClock) -> None:
    session.start()
    session.next()  # -> timed step
    for _ in range(20):
        clock.advance(1)
        session.tick()
    session.next()  # -> intervals
    for _ in range(24):
        clock.advance(1)
        session.tick()
    session.next()  # the end


# --- tones -----------------------------------------------------------------------------------


def test_every_tone_is_its_own_sound_and_written_once_privately(tmp_path: Path) -> None:
    files = tone_files(50, tmp_path / "tones")
    assert set(files) == set(Tone)
    bodies = {tone: path.read_bytes() for tone, path in files.items()}
    assert len(set(bodies.values())) == len(Tone)  # all different
    assert len({PATTERNS[tone] for tone in Tone}) == len(Tone)
    for path in files.values():
        assert (path.stat().st_mode & 0o777) == 0o600
        with wave.open(str(path)) as sound:
            assert sound.getnchannels() == 1 and sound.getframerate() == 22050
            assert 0.03 < sound.getnframes() / sound.getframerate() < 1.0
    assert (tmp_path / "tones").stat().st_mode & 0o777 == 0o700
    before = {path: path.stat().st_mtime_ns for path in files.values()}
    again = tone_files(50, tmp_path / "tones")
    assert {path: path.stat().st_mtime_ns for path in again.values()} == before


def test_volume_scales_the_samples() -> None:
    def peak(data: bytes) -> int:
        frames = data[44:]
        return max(
            abs(int.from_bytes(frames[i : i + 2], "little", signed=True))
            for i in range(0, len(frames), 2)
        )

    loud, soft, silent = (peak(render(Tone.HOLD, v)) for v in (100, 30, 0))
    assert loud > 30000 and 9000 < soft < 10000 and silent == 0


# --- sound through a player ------------------------------------------------------------------


def test_each_cue_kind_reaches_the_player(only_stubs: Path, tmp_path: Path) -> None:
    log = tmp_path / "played.txt"
    stub(only_stubs, "pw-play", log)
    found = find()
    assert found.player is not None and found.player.name == "pw-play"
    session, clock = session_for(tmp_path)
    rung: list[str] = []
    for listener in listeners(
        Settings(volume=40, countdown=0),
        session.view,
        bell=lambda: rung.append("bell"),
        found=found,
    ):
        session.subscribe(listener)
    run_through(session, clock)
    assert found.player.wait_idle()
    played = [Path(line.rstrip("|")).name for line in lines(log)]
    kinds = [name.split("-v")[0] for name in played]
    # One tone per cue, in the order they came, each kind its own file at the chosen volume.
    assert kinds == [
        "step",
        "step",
        "cue",
        "min_reached",
        "time_up",
        "step",
        "hold",
        "relax",
        "hold",
        "relax",
        "time_up",
        "finished",
    ]
    assert all(name.endswith("-40.wav") for name in played)
    assert rung == []


def test_a_failing_player_falls_back_to_the_bell_and_says_so_once(
    only_stubs: Path, tmp_path: Path
) -> None:
    log = tmp_path / "played.txt"
    stub(only_stubs, "paplay", log, exit_code=1, extra='echo "Connection refused" >&2\n')
    found = find()
    session, _clock = session_for(tmp_path)
    rung: list[int] = []
    told: list[str] = []
    for listener in listeners(
        Settings(countdown=0),
        session.view,
        bell=lambda: rung.append(1),
        notify=told.append,
        found=found,
    ):
        session.subscribe(listener)
    session.start()  # the first tone is tried, and fails
    assert found.player is not None and found.player.wait_idle()
    assert found.player.failed and "exit code 1" in found.player.failed
    session.next()
    session.next()
    assert len(lines(log)) == 1  # not tried again
    assert len(rung) == 3  # two steps and the hold that starts the second
    assert len(told) == 1 and "terminal bell" in told[0]


def test_no_player_rings_the_bell_and_sound_off_is_silent(only_stubs: Path, tmp_path: Path) -> None:
    session, _clock = session_for(tmp_path)
    rung: list[int] = []
    for listener in listeners(Settings(), session.view, bell=lambda: rung.append(1)):
        session.subscribe(listener)
    session.start()
    session.next()
    assert len(rung) == 2
    quiet, _ = session_for(tmp_path / "b")
    assert listeners(Settings(sound=False), quiet.view, bell=lambda: rung.append(1)) == []


def test_events_without_a_cue_make_no_sound(tmp_path: Path) -> None:
    session, _clock = session_for(tmp_path)
    events = []
    session.subscribe(events.append)
    session.start()
    session.pause()
    session.resume()
    session.pain_stop()
    assert [tone_for(e) for e in events] == [None, Tone.STEP, None, None, None, None]


# --- speech ----------------------------------------------------------------------------------


def test_speech_falls_back_to_tones_when_no_engine_exists(only_stubs: Path, tmp_path: Path) -> None:
    log = tmp_path / "played.txt"
    stub(only_stubs, "aplay", log)
    found = find()
    assert found.speaker is None and found.player is not None
    assert "apt install espeak-ng" in found.speech_line
    session, _clock = session_for(tmp_path)
    made = listeners(Settings(speech=True, countdown=0), session.view, found=found)
    assert len(made) == 1  # sound only: no speech listener, nothing to toast
    session.subscribe(made[0])
    session.start()
    assert found.player.wait_idle()
    assert lines(log)[0].startswith("-q|")


def test_step_titles_cues_and_countdown_are_spoken_only_when_speech_is_on(
    only_stubs: Path, tmp_path: Path
) -> None:
    log = tmp_path / "spoken.txt"
    stub(only_stubs, "espeak-ng", log)
    found = find()
    assert found.speaker is not None

    asked: list[str] = []  # every phrase handed to the speaker, whether or not it is heard
    say = found.speaker.say
    found.speaker.say = lambda text: (asked.append(text), say(text))[1]  # type: ignore[method-assign]

    def spoken_in(settings: Settings) -> list[str]:
        log.unlink(missing_ok=True)
        asked.clear()
        session, clock = session_for(tmp_path / str(settings.speech))
        for listener in listeners(settings, session.view, found=found):
            session.subscribe(listener)

        def spoken() -> None:  # each phrase reaches the engine before the next cuts it short
            count = len(asked)
            wait_until(lambda: lines_in(log) >= count, what=f"phrase {count} spoken")

        session.start()
        spoken()
        session.next()
        spoken()
        clock.advance(5)
        session.tick()
        spoken()
        found.speaker.stop()
        heard = [line.split("|")[-2] for line in lines(log)]
        assert heard == asked
        return heard

    assert spoken_in(Settings(sound=False, speech=False)) == []
    assert spoken_in(Settings(sound=False, speech=True, countdown=0)) == [
        "Step 1 of 3: Get ready.",
        "Step 2 of 3: Hold still.",
        "Breathe out slowly",
    ]


# --- the countdown ---------------------------------------------------------------------------


def test_countdown_plan() -> None:
    assert plan(10.0, 3, 100.0, fresh=True) == [(107.0, 3), (108.0, 2), (109.0, 1)]
    assert plan(4.0, 3, 0.0, fresh=True) == []  # too short a hold to count down
    assert plan(2.5, 3, 0.0, fresh=False) == [(0.5, 2), (1.5, 1)]  # resumed late in a hold
    assert plan(10.0, 0, 0.0, fresh=True) == []


def test_countdown_follows_the_engine_through_holds_and_pauses(tmp_path: Path) -> None:
    session, clock = session_for(tmp_path)
    said: list[int] = []
    countdown = Countdown(3, session.view, said.append, monotonic=clock.monotonic, thread=False)
    session.subscribe(countdown)
    session.start()
    assert countdown.pending == ()  # a checklist holds nothing
    session.next()  # a timed step: counts down to its end (20 s)
    assert countdown.pending == (3, 2, 1)
    clock.advance(17.2)
    assert countdown.due() == [3]
    session.pause()
    assert countdown.pending == ()  # no number while paused
    clock.advance(60)
    session.resume()  # 2.8 s left: 2 and 1 still to come
    assert countdown.pending == (2, 1)
    session.next()  # intervals: Squeeze (hold, 8 s)
    assert countdown.pending == (3, 2, 1)
    clock.advance(5)
    session.tick()
    assert countdown.due() == [3]
    clock.advance(3)
    session.tick()  # Let go (relax): nothing to count
    assert countdown.pending == ()
    session.finish()
    assert countdown.pending == ()


def test_countdown_thread_announces_in_real_time(tmp_path: Path) -> None:
    """The daemon thread says each number when it is due, with no one asking: timed by the
    injected clock, so the test waits for the thread, not for the seconds of a hold."""
    pack = mini_pack(
        tmp_path / "pack",
        protocol=CUES_PROTOCOL.replace('duration = "10-20s"', 'duration = "3s"').replace(
            'at = "5s"', 'at = "1s"'
        ),
    )
    clock = FakeClock()
    session = Session(pack.default_protocol, clock)
    said: list[int] = []
    heard = threading.Event()

    def announce(number: int) -> None:
        said.append(number)
        heard.set()

    countdown = Countdown(1, session.view, announce, monotonic=clock.monotonic)
    session.subscribe(countdown)
    session.start()
    session.next()  # 3 s timed: "1" when 1 s is left
    clock.advance(1.95)
    session.pause()
    session.resume()  # planned afresh: "1" is 0.05 s away
    assert not heard.wait(0.1) and said == []  # not due yet: the clock has not moved
    clock.advance(0.1)
    assert heard.wait(5), "the countdown thread never announced"
    assert said == [1]
    session.finish()
    assert countdown.pending == ()


# --- the hook --------------------------------------------------------------------------------

HOSTILE = "Breathe $(touch {pwned}); `touch {pwned}` && rm -rf / \"'; echo $HOME"


def test_the_hook_gets_content_only_in_its_environment(only_stubs: Path, tmp_path: Path) -> None:
    log = tmp_path / "hook.txt"
    # A short path of its own: the cue's text is a title (bounded), and a worker's tmp_path
    # under pytest-xdist is longer (popen-gwN/), which made the pack itself invalid.
    pwned = Path(tempfile.mkdtemp(prefix="cw")) / "p"
    hostile = HOSTILE.format(pwned=pwned)
    stub(
        only_stubs,
        "send-cue",
        log,
        extra=(
            f'printf "%s\\n" "$COACH_CUE_KIND" "$COACH_CUE_TEXT" "$COACH_CUE_STEP" >> "{log}"\n'
        ),
    )
    protocol = CUES_PROTOCOL.replace("Breathe out slowly", hostile.replace('"', '\\"'))
    pack = mini_pack(tmp_path / "pack", protocol=protocol)
    clock = FakeClock()
    session = Session(pack.default_protocol, clock)
    settings = Settings(on_cue=("send-cue", "--to", "me"), sound=False)
    listener = hook_listener(settings, session.view)
    session.subscribe(listener)
    session.start()
    listener.hook.join(5)
    session.next()
    listener.hook.join(5)
    clock.advance(5)
    session.tick()
    listener.hook.join(5)
    got = lines(log)
    # Each run: the configured argv only, then kind, text and step from the environment.
    assert got[0] == "--to|me|"
    assert got[1:4] == ["step", "Step 1 of 3: Get ready.", "Get ready"]
    assert got[-4:] == ["--to|me|", "cue", hostile, "Hold still"]
    assert all(line == "--to|me|" for line in got[::4])
    assert not pwned.exists()


def test_discreet_mode_sends_no_content_text_to_the_hook(tmp_path: Path) -> None:
    session, _clock = session_for(tmp_path)
    fields: list[dict[str, str]] = []

    class Recorder(CueHook):
        def run(self, values):  # type: ignore[override]
            fields.append(dict(values))

    listener = hook_listener(
        Settings(on_cue=("x",), discreet=True), session.view, hook=Recorder(("x",))
    )
    session.subscribe(listener)
    session.start()
    assert fields[0]["kind"] == "step" and fields[0]["text"] == "A new step."
    assert "step" not in fields[0] and "protocol" not in fields[0]


def test_a_slow_hook_is_killed_and_a_failing_one_only_logged(
    only_stubs: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    log = tmp_path / "hook.txt"
    stub(only_stubs, "slow", log, extra="/bin/sleep 30 &\nwait\n")
    stub(only_stubs, "broken", log, exit_code=3, extra='echo "no network" >&2\n')
    caplog.set_level(logging.WARNING, logger="coach.cues.hook")
    slow = CueHook(("slow",), seconds=0.5)
    started = time.monotonic()
    thread = slow.run({"kind": "step", "text": "x"})
    assert thread is not None
    thread.join(5)
    assert time.monotonic() - started < 3
    assert "stopped after 0.5 seconds" in caplog.text
    assert CueHook(("broken",)).run_and_wait({"kind": "step"}) == (
        "broken failed (exit code 3): no network"
    )
    assert "cannot be started" in (CueHook(("no-such-hook",)).run_and_wait({}) or "")
    # In a session, a missing hook changes nothing but a log line.
    session, _clock = session_for(tmp_path)
    listener = hook_listener(Settings(on_cue=("no-such-hook",)), session.view)
    session.subscribe(listener)
    session.start()
    session.next()
    listener.hook.join(5)
    assert session.view().position == 2
    assert "no-such-hook cannot be started" in caplog.text


def test_on_cue_setting_is_split_without_a_shell(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        "on_cue = \"notify-send --app-name='coach cues' Cue\"\nvolume = 140\ncountdown = true\n"
        "resume_hours = 12\n"
    )
    settings, problems = read_settings(path)
    assert settings.on_cue == ("notify-send", "--app-name=coach cues", "Cue")
    assert settings.volume == 70 and settings.countdown == 3 and settings.resume_hours == 12
    assert [p.render() for p in problems] == [
        f"{path}:2:1: volume: must be a whole number from 0 to 100; using the default",
        f"{path}:3:1: countdown: must be a whole number from 0 to 10; using the default",
    ]
    path.write_text('on_cue = ["ssh", "phone", "termux-vibrate"]\n')
    assert load_settings(path).on_cue == ("ssh", "phone", "termux-vibrate")
    path.write_text('on_cue = "unclosed \'quote"\n')
    [problem] = read_settings(path)[1]
    assert problem.line == 1 and problem.field == "on_cue"
    assert "cannot be split" in problem.message


# --- the cue test ----------------------------------------------------------------------------


def test_cue_test_with_no_sound_device_says_so_and_rings_the_bell(
    only_stubs: Path, tmp_path: Path
) -> None:
    stub(
        only_stubs,
        "aplay",
        tmp_path / "played.txt",
        exit_code=1,
        extra='echo "aplay: main:831: audio open error: No such file or directory" >&2\n',
    )
    out: list[str] = []
    rung: list[int] = []
    problems = run_cue_test(Settings(), out.append, bell=lambda: rung.append(1), gap=0)
    text = "\n".join(out)
    assert "Sound: tones play through aplay." in text
    assert "aplay failed (exit code 1): aplay: main:831: audio open error" in text
    assert "no sound device" in text and "terminal bell" in text
    assert "no speech engine found" in text and "espeak-ng" in text
    assert len(problems) == 1
    assert len(rung) == 7  # every kind but the countdown, once the player failed


def test_cue_test_plays_and_speaks_every_kind(only_stubs: Path, tmp_path: Path) -> None:
    played, spoken = tmp_path / "played.txt", tmp_path / "spoken.txt"
    stub(only_stubs, "afplay", played)
    stub(only_stubs, "spd-say", spoken)
    out: list[str] = []
    problems = run_cue_test(Settings(speech=True), out.append, gap=0)
    assert problems == []
    assert len(lines(played)) == 10  # 7 kinds and 3 countdown ticks
    said = [line.split("|")[-2] for line in lines(spoken)]
    assert said[:3] == ["A new step", "Hold", "3"] and "Time is up" in said
    assert out[-1] == "Done: every cue above was played."


def test_coach_cues_test_command_on_a_bare_machine(
    only_stubs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["cues", "--test"]) == 0
    out = capsys.readouterr().out
    assert "no player found" in out and "(bell)" in out
    assert "Only the terminal bell" in out
    assert main(["cues"]) == 0
    assert "coach cues --test" in capsys.readouterr().out


def test_the_cues_package_imports_no_textual() -> None:
    import subprocess
    import sys

    code = (
        "import sys, coach.cues, coach.cues.check; "
        "bad = [m for m in ('textual', 'rich') if m in sys.modules]; "
        "raise SystemExit(1 if bad else 0)"
    )
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    assert subprocess.run([sys.executable, "-c", code], cwd=root, env=env).returncode == 0


def test_found_lines() -> None:
    assert "cues ring the terminal bell" in Found(None, None).player_line
    assert EventKind.CUE  # imported for the protocol above


def test_the_hook_command_name_may_start_with_a_tilde(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("COACH_CUE_TEXT", "left over from outside")
    log = tmp_path / "hook.txt"
    stub(tmp_path / "bin", "cue", log, extra=f'printf "[%s]\\n" "$COACH_CUE_TEXT" >> "{log}"\n')
    hook = CueHook(("~/bin/cue", "~not-expanded"))
    assert hook.run_and_wait({"kind": "step"}) is None
    assert lines(log) == ["~not-expanded|", "[]"]  # and no COACH_CUE_ variable leaks in


def test_the_tone_worker_ends_with_the_session(only_stubs: Path, tmp_path: Path) -> None:
    stub(only_stubs, "pw-play", tmp_path / "played.txt")
    found = find()
    session, _clock = session_for(tmp_path)
    for listener in listeners(Settings(countdown=0), session.view, found=found):
        session.subscribe(listener)
    session.start()
    assert found.player is not None
    worker = found.player._worker
    assert worker is not None and worker.is_alive()
    session.finish()
    worker.join(5)
    assert not worker.is_alive(), "the tone worker outlived its session"
    assert [line.split("/")[-1].split("-v")[0] for line in lines(tmp_path / "played.txt")] == [
        "step",
        "finished",
    ]
