from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from coach.cues.speech import Speaker, find_speaker, speech_listener
from coach.engine.clock import FakeClock
from coach.engine.session import Session
from coach.system import paths
from coach.system.settings import Settings, load_settings, read_settings, save_settings

from .packs import mini_pack


def test_settings_round_trip_privately(isolated_dirs: Path) -> None:
    path = save_settings(Settings(theme="nord", sound=False, speech=True, discreet=True))
    assert path == paths.config_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert load_settings() == Settings(theme="nord", sound=False, speech=True, discreet=True)


def test_bad_settings_keep_what_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "nord"\nsound = "loud"\n\n  loudness = 3\nvolum = 20\n')
    settings, problems = read_settings(path)
    assert settings.theme == "nord"
    assert settings.sound is True  # the default, since "loud" is not a bool
    # Said as content problems are: file:line:col: key: what (hint).
    assert [problem.render() for problem in problems] == [
        f"{path}:2:1: sound: must be true or false; using the default",
        f"{path}:4:3: loudness: unknown setting 'loudness', ignored (settings: theme, sound, "
        "speech, discreet, volume, countdown, on_cue, on_cue_seconds, resume_hours, "
        "reminder_days, reminder_time)",
        f"{path}:5:1: volum: unknown setting 'volum', ignored (did you mean 'volume'?)",
    ]
    assert path.read_text().startswith('theme = "nord"')  # never rewritten behind their back


def test_broken_settings_file_gives_defaults_and_a_message(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"theme = \n\xff")
    settings, problems = read_settings(path)
    assert settings == Settings()
    assert [p.render() for p in problems] == [
        f"{path}:2:1: not valid UTF-8 (byte 0xff); using the defaults "
        "(save the file as UTF-8 in your editor)"
    ]


def test_no_tts_command_means_no_speaker() -> None:
    assert find_speaker(lambda name: None) is None


def test_first_available_tts_command_is_used() -> None:
    found = find_speaker(lambda name: f"/usr/bin/{name}" if name == "spd-say" else None)
    assert found is not None and found.command == ("/usr/bin/spd-say", "--wait")


def test_speech_reads_steps_and_cues_as_plain_arguments(tmp_path: Path) -> None:
    log = tmp_path / "spoken.txt"
    fake = tmp_path / "fake-tts"
    fake.write_text(
        f"#!{sys.executable}\nimport sys\nopen({str(log)!r}, 'a').write(repr(sys.argv[1:]) + '\\n')\n"
    )
    fake.chmod(0o755)
    pack = mini_pack(tmp_path / "pack")
    clock = FakeClock()
    session = Session(pack.default_protocol, clock)
    speaker = Speaker((str(fake),))
    spoken: list[str] = []
    speaker_say = speaker.say

    def say(text: str) -> None:
        spoken.append(text)
        speaker_say(text)
        assert speaker._process is not None
        speaker._process.wait()

    speaker.say = say  # type: ignore[method-assign]
    session.subscribe(speech_listener(speaker, session.view))
    session.start()
    session.next()
    clock.advance(4)
    session.tick()
    assert spoken == ["Step 1 of 3: Get ready.", "Step 2 of 3: In and out.", "In (1 of 3)", "Out"]
    assert log.read_text().splitlines()[0] == "['--', 'Step 1 of 3: Get ready.']"
    assert os.access(fake, os.X_OK)
