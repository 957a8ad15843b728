"""Issue 14: what coach reads and writes. Non-regular files, runaway nesting, non-finite
numbers, loops, encodings, unclear messages, terminal escapes, the private writer, folder
modes under umask 000, and output in a non-UTF-8 locale."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coach.pack.errors import PackError
from coach.pack.load import check_file, load
from coach.pack.read import read_titles
from coach.system.files import FileRefused, TooLarge, read_regular
from coach.system.safe_text import UNSAFE, clean, json_safe, strip
from coach.system.settings import Settings, load_settings, read_settings
from coach.system.toml_file import MAX_DEPTH
from tests.unit.packs import PROTOCOL, write_pack

ROOT = Path(__file__).resolve().parents[2]


def _coach(*args: str, env: dict[str, str] | None = None, timeout: float = 30):
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "coach", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
    )
    return result, time.monotonic() - started


def _problems(folder: Path) -> str:
    with pytest.raises(PackError) as info:
        load(folder)
    return info.value.render()


# --- 5. hangs: only regular files, bounded reads ---------------------------------------------


def test_a_fifo_protocol_does_not_hang_check(tmp_path: Path) -> None:
    write_pack(tmp_path)
    os.mkfifo(tmp_path / "protocols" / "stuck.toml")
    result, took = _coach("check", str(tmp_path))
    assert result.returncode == 1
    assert "stuck.toml" in result.stdout and "named pipe" in result.stdout
    assert took < 20


def test_a_fifo_pack_toml_and_dev_zero_link_are_refused(tmp_path: Path) -> None:
    write_pack(tmp_path, pack=None)
    os.mkfifo(tmp_path / "pack.toml")
    (tmp_path / "faq.toml").unlink()
    (tmp_path / "faq.toml").symlink_to("/dev/zero")
    text = _problems(tmp_path)
    assert "pack.toml: cannot read the file: it is a named pipe" in text
    assert "faq.toml: cannot read the file: it is a device" in text
    assert read_titles(tmp_path) is None  # the first frame's quick read does not hang either


def test_read_regular_is_bounded_whatever_the_size_says(tmp_path: Path) -> None:
    with pytest.raises(FileRefused, match="device"):
        read_regular(Path("/dev/zero"), 1024)
    big = tmp_path / "big"
    big.write_bytes(b"x" * 2048)
    with pytest.raises(TooLarge):
        read_regular(big, 1024)
    assert read_regular(big, 4096) == b"x" * 2048
    with pytest.raises(IsADirectoryError):
        read_regular(tmp_path, 10)


def test_a_fifo_or_device_settings_file_is_a_problem_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo)
    [problem] = read_settings(fifo)[1]
    assert "named pipe" in problem.render()
    link = tmp_path / "zero.toml"
    link.symlink_to("/dev/zero")
    [problem] = read_settings(link)[1]
    assert "device" in problem.render()


# --- 4. deep nesting and non-finite numbers -------------------------------------------------

DEEP = {
    "arrays": "x = " + "[" * 500 + "]" * 500 + "\n",
    "dotted": ".".join(["a"] * 1000) + " = 1\n",
    "inline": "x = " + "{a = " * 600 + "1" + "}" * 600 + "\n",
    "headers": "[" + ".".join(["t"] * 1000) + "]\nx = 1\n",
}


@pytest.mark.parametrize("shape", sorted(DEEP))
@pytest.mark.parametrize("where", ["protocol", "pack", "faq"])
def test_deep_nesting_is_a_problem_naming_the_file(tmp_path: Path, shape: str, where: str) -> None:
    base = {"protocol": PROTOCOL, "pack": 'id = "mini"\ntitle = "Mini"\n', "faq": ""}[where]
    write_pack(tmp_path, **{where: base + DEEP[shape]})
    started = time.monotonic()
    text = _problems(tmp_path)
    assert "nested too deeply" in text
    name = {"protocol": "breathe.toml", "pack": "pack.toml", "faq": "faq.toml"}[where]
    assert any(name in line and "nested too deeply" in line for line in text.splitlines())
    assert time.monotonic() - started < 5


def test_deep_nesting_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(PROTOCOL + "\n" + DEEP["arrays"])
    with pytest.raises(PackError) as info:
        check_file(path)
    [problem] = info.value.problems
    assert problem.line == PROTOCOL.count("\n") + 2


def test_deep_nesting_in_check_and_settings(tmp_path: Path) -> None:
    write_pack(tmp_path, protocol=PROTOCOL + DEEP["arrays"])
    result, took = _coach("check", str(tmp_path))
    assert result.returncode == 1 and "nested too deeply" in result.stdout
    assert "Traceback" not in result.stderr and took < 20
    settings = tmp_path / "config.toml"
    for text in DEEP.values():
        settings.write_text(text)
        [problem] = read_settings(settings)[1]
        assert "nested too deeply" in problem.render()


def test_max_depth_leaves_room_for_real_content() -> None:
    assert MAX_DEPTH >= 16


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "+inf", "-nan"])
@pytest.mark.parametrize(
    ("old", "key"),
    [
        ('duration = "4s"', "duration"),
        ('duration = "3-5m"', "duration"),
        ("repetitions = 3", "repetitions"),
        ('attempts = "4-6"', "attempts"),
    ],
)
def test_non_finite_numbers_are_clear_errors(
    tmp_path: Path, value: str, old: str, key: str
) -> None:
    assert old in PROTOCOL
    write_pack(tmp_path, protocol=PROTOCOL.replace(old, f"{key} = {value}", 1))
    text = _problems(tmp_path)
    assert "is not a number coach can use" in text, text
    line = next(line for line in text.splitlines() if "not a number" in line)
    assert "breathe.toml:" in line and key in line


def test_nan_in_a_cue_at_and_anywhere(tmp_path: Path) -> None:
    protocol = PROTOCOL.replace(
        'duration = "6s"', 'duration = "6s"\ncues = [{ at = nan, say = "x" }]'
    )
    protocol += "\n[extra]\nsize_cm = inf\n"
    write_pack(tmp_path, protocol=protocol)
    text = _problems(tmp_path)
    assert "at: nan is not a number coach can use" in text
    assert "extra.size_cm: inf is not a number" in text


def test_a_non_finite_number_does_not_hide_the_files_other_problems(tmp_path: Path) -> None:
    """Every problem at once: a nan is reported where it was read, and the file is still
    checked, so a misspelt key beside it shows now, not after the nan is fixed. The
    validators' own words on the nan's field are not said twice."""
    protocol = PROTOCOL.replace('duration = "4s"', "duration = nan\nwobble = 3", 1)
    write_pack(tmp_path, protocol=protocol)
    text = _problems(tmp_path)
    assert "duration: nan is not a number coach can use" in text, text
    assert "unknown key 'wobble'" in text, text
    lines = [line for line in text.splitlines() if "breathe.toml:" in line]
    assert sum(".duration:" in line for line in lines) == 1, text


def test_a_huge_integer_duration_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    write_pack(tmp_path, protocol=PROTOCOL.replace('duration = "4s"', "duration = 1" + "0" * 400))
    assert "breathe.toml" in _problems(tmp_path)


# --- 6. on_resistance loops -----------------------------------------------------------------

LOOP = PROTOCOL.replace("branch_only = true", 'branch_only = true\non_resistance = "try"')


def test_an_on_resistance_loop_is_refused_at_its_line(tmp_path: Path) -> None:
    write_pack(tmp_path, protocol=LOOP)
    text = _problems(tmp_path)
    line = next(line for line in text.splitlines() if "loop" in line)
    assert "(try -> reset -> try)" in line
    assert "steps[3].on_resistance" in line
    closing_line = LOOP[: LOOP.index('on_resistance = "try"')].count("\n") + 1
    assert f"breathe.toml:{closing_line}:" in line


def test_a_longer_loop_is_refused_once(tmp_path: Path) -> None:
    protocol = PROTOCOL.replace('kind = "checklist"', 'kind = "checklist"\non_resistance = "try"')
    protocol = protocol.replace("branch_only = true", 'branch_only = true\non_resistance = "ready"')
    write_pack(tmp_path, protocol=protocol)
    text = _problems(tmp_path)
    loops = [line for line in text.splitlines() if "form a loop" in line]
    assert len(loops) == 1 and "ready -> try -> reset -> ready" in loops[0]


def test_a_chain_without_a_loop_is_fine(tmp_path: Path) -> None:
    protocol = PROTOCOL.replace('kind = "checklist"', 'kind = "checklist"\non_resistance = "try"')
    write_pack(tmp_path, protocol=protocol)
    protocol = load(tmp_path).pack.default_protocol
    assert [step.on_resistance for step in protocol.steps] == ["try", None, "reset", None]


# --- 7. messages a person understands -------------------------------------------------------


def test_utf16_and_utf32_files_say_their_encoding(tmp_path: Path) -> None:
    for encoding, name in (("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-32", "UTF-32")):
        write_pack(tmp_path)
        (tmp_path / "safety.toml").write_bytes(
            (tmp_path / "safety.toml").read_text().encode(encoding)
        )
        text = _problems(tmp_path)
        assert f"saved as {name}" in text and "save it as UTF-8" in text
        assert "NUL" not in text


def test_a_folder_named_like_a_content_file(tmp_path: Path) -> None:
    write_pack(tmp_path)
    (tmp_path / "protocols" / "folder.toml").mkdir()
    text = _problems(tmp_path)
    assert "folder.toml: cannot read the file: it is a folder, not a file" in text
    assert "Is a directory" not in text


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ('"-1s"', "is negative"),
        ('"-5"', "is negative"),
        ('"3-"', "missing end"),
    ],
)
def test_duration_messages(tmp_path: Path, value: str, words: str) -> None:
    write_pack(tmp_path, protocol=PROTOCOL.replace('duration = "4s"', f"duration = {value}"))
    text = _problems(tmp_path)
    assert words in text and "cannot read" not in text


def test_count_messages(tmp_path: Path) -> None:
    write_pack(tmp_path, protocol=PROTOCOL.replace('attempts = "4-6"', 'attempts = "-1"'))
    assert "is negative" in _problems(tmp_path)
    write_pack(tmp_path, protocol=PROTOCOL.replace('attempts = "4-6"', "attempts = 2.5"))
    assert "not a whole number" in _problems(tmp_path)


def test_the_data_folder_being_a_file_is_said_plainly(tmp_path: Path) -> None:
    from coach.journal.aside import JournalError
    from coach.journal.store import Journal

    (tmp_path / "data").write_text("x")
    with pytest.raises(JournalError) as info:
        Journal.open(tmp_path / "data" / "journal.sqlite3")
    message = str(info.value)
    assert "File exists" not in message and "in the way" in message
    assert message.count("cannot be opened") <= 1


def test_an_unknown_theme_is_flagged(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "nordd"\n')
    settings, problems = read_settings(path)
    assert settings.theme == "textual-dark"
    assert [p.render() for p in problems] == [
        f"{path}:1:1: theme: unknown theme 'nordd'; using the default, 'textual-dark' "
        "(did you mean 'nord'?)"
    ]
    path.write_text('theme = "coach-high-contrast"\n')
    assert read_settings(path) == (Settings(theme="coach-high-contrast"), ())
    path.write_text('theme = "gruvbox"\n')
    assert read_settings(path) == (Settings(theme="gruvbox"), ())


# --- 3. terminal escapes: one rule ----------------------------------------------------------

HOSTILE = "T\x1b]0;pwned\x07itle\x1b[31m \x9b2J \u202egpj.exe\u2066"


def test_one_rule_cleans_and_strips_every_unsafe_character() -> None:
    shown = clean(HOSTILE)
    assert not UNSAFE.search(shown)
    assert "\\x1b" in shown and "\\u202e" in shown and "\\x9b" in shown
    assert strip(HOSTILE) == "Title  gpj.exe"
    assert json.loads(json_safe(json.dumps(HOSTILE, ensure_ascii=False))) == HOSTILE
    assert not UNSAFE.search(json_safe(json.dumps(HOSTILE, ensure_ascii=False)))


def test_faq_text_and_speech_use_the_same_rule() -> None:
    from coach.faq.words import strip_controls, words

    assert strip_controls("a\u202eb\x1b[1mc") == "abc"
    assert words("\u202eCafé\x9b31m") == ["cafe"]
    import inspect

    from coach.cues import speech

    assert "strip(" in inspect.getsource(speech.Speaker.say)


def test_check_prints_titles_and_field_paths_cleaned(tmp_path: Path) -> None:
    title = json.dumps(HOSTILE)  # a TOML basic string takes JSON's escapes
    write_pack(tmp_path, pack=f'id = "mini"\ntitle = {title}\ndefault_protocol = "breathe"\n')
    result, _ = _coach("check", str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert not UNSAFE.search(result.stdout) and "\\x1b" in result.stdout
    bad = PROTOCOL + '\n["\\u001b[2Jevil\\u202e"]\nx = 1\n'
    write_pack(tmp_path, protocol=bad)
    result, _ = _coach("check", str(tmp_path))
    assert result.returncode == 1
    assert not UNSAFE.search(result.stdout) and "\\x1b[2Jevil" in result.stdout


def test_history_csv_and_json_are_terminal_safe(tmp_path: Path) -> None:
    from coach.journal.records import CheckIn
    from coach.journal.store import Journal
    from coach.outputs.export import render

    with Journal.open(tmp_path / "j.sqlite3") as journal:
        sid = journal.begin_session(
            pack_id="p",
            protocol_id="x",
            protocol_title=HOSTILE,
            level_id=None,
            started=dt.datetime(2025, 1, 1, 9),
        )
        journal.save_checkin(sid, CheckIn(notes="note \x1b[5m\u202e"))
        sessions = journal.sessions()
    csv_text = render("csv", sessions, None)
    assert not UNSAFE.search(csv_text) and "\\x1b" in csv_text
    json_text = render("json", sessions, None)
    assert not UNSAFE.search(json_text)
    assert json.loads(json_text)[0]["protocol"] == HOSTILE  # exact all the same


# --- 3. the private writer ------------------------------------------------------------------


def test_report_out_never_writes_through_a_planted_temp_link(tmp_path: Path) -> None:
    from coach.system.paths import write_private

    victim = tmp_path / "victim"
    victim.write_text("keep me")
    target = tmp_path / "report.md"
    for pid in range(os.getpid() - 5, os.getpid() + 5):  # the old guessable names
        (tmp_path / f".report.md.{pid}.tmp").symlink_to(victim)
    write_private(target, b"the report")
    assert victim.read_text() == "keep me"
    assert target.read_bytes() == b"the report"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not target.is_symlink()


def test_a_final_path_that_is_a_link_is_refused(tmp_path: Path) -> None:
    from coach.system.paths import UnsafePath, write_private

    victim = tmp_path / "victim"
    victim.write_text("keep me")
    link = tmp_path / "report.md"
    link.symlink_to(victim)
    with pytest.raises(UnsafePath, match="symbolic link"):
        write_private(link, b"x")
    assert victim.read_text() == "keep me" and link.is_symlink()


def test_report_command_refuses_a_link_in_plain_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from coach.cli.main import main

    victim = tmp_path / "victim"
    victim.write_text("keep me")
    (tmp_path / "r.md").symlink_to(victim)
    assert main(["report", "--out", str(tmp_path / "r.md")]) == 1
    assert "symbolic link" in capsys.readouterr().err
    assert victim.read_text() == "keep me"


def test_parent_folders_under_umask_000_are_never_world_writable(tmp_path: Path) -> None:
    from coach.journal.store import Journal
    from coach.system.paths import write_private

    old = os.umask(0)
    try:
        with Journal.open(tmp_path / "home" / ".local" / "share" / "coach" / "j.sqlite3"):
            pass
        write_private(tmp_path / "cfg" / "coach" / "config.toml", b"x")
    finally:
        os.umask(old)
    # Issue 26: the base folders coach creates are owner-only too (the XDG spec's 0700).
    for folder in [tmp_path / "home", tmp_path / "home" / ".local", tmp_path / "home/.local/share"]:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE((tmp_path / "home/.local/share/coach").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "cfg").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "cfg" / "coach" / "config.toml").stat().st_mode) == 0o600


def test_a_symlinked_config_folder_is_refused(tmp_path: Path) -> None:
    from coach.system.paths import UnsafePath, ensure_private_dir

    real = tmp_path / "real"
    real.mkdir(mode=0o755)
    (tmp_path / "link").symlink_to(real)
    with pytest.raises(UnsafePath, match="symbolic link"):
        ensure_private_dir(tmp_path / "link")
    assert stat.S_IMODE(real.stat().st_mode) == 0o755


# --- 8. output in any locale ----------------------------------------------------------------


def test_history_and_report_print_in_the_c_locale(tmp_path: Path) -> None:
    env = {
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "LC_ALL": "C",
        "LANG": "C",
        "PYTHONUTF8": "0",
        "PYTHONIOENCODING": "",
    }
    from coach.journal.records import CheckIn
    from coach.journal.store import Journal

    with Journal.open(tmp_path / "data" / "coach" / "journal.sqlite3") as journal:
        sid = journal.begin_session(
            pack_id="anal-dilation",  # the active (default) pack: history shows its own
            protocol_id="x",
            protocol_title="Café — séance 😀",
            level_id=None,
            started=dt.datetime(2025, 1, 1, 9),
        )
        journal.save_checkin(sid, CheckIn(comfort=3, notes="très bien ✓"))
    for args in (["history"], ["history", "--format", "csv"], ["report"]):
        result, _ = _coach(*args, env=env)
        assert result.returncode == 0, result.stderr
        assert "UnicodeEncodeError" not in result.stderr
    result, _ = _coach("history", "--format", "json", env=env)
    assert json.loads(result.stdout)[0]["protocol"] == "Café — séance 😀"


def test_journal_refusals_are_one_plain_sentence(tmp_path: Path) -> None:
    import sqlite3

    from coach.journal.aside import sqlite_words

    path = tmp_path / "j.sqlite3"
    for error, words in (
        ("database is locked", "locked by another program"),
        ("database or disk is full", "is full"),
        ("unable to open database file", "SQLite says"),
    ):
        message = sqlite_words(path, sqlite3.OperationalError(error))
        assert words in message and "cannot be opened" not in message
        assert message.count(str(path)) == 1


def test_check_of_a_single_fifo_file_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "alone.toml"
    os.mkfifo(fifo)
    result, took = _coach("check", str(fifo))
    assert result.returncode == 1 and "named pipe" in result.stdout and took < 20


def test_a_linked_config_folder_of_ones_own_still_saves_settings(tmp_path: Path) -> None:
    from coach.system.settings import Settings, save_settings

    real = tmp_path / "dotfiles" / "coach"
    real.mkdir(parents=True, mode=0o755)
    (tmp_path / "config").symlink_to(real)
    saved = save_settings(Settings(theme="nord"), tmp_path / "config" / "config.toml")
    assert load_settings(saved).theme == "nord"
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600


def test_direction_marks_in_rtl_text_are_kept() -> None:
    assert clean("שלום\u200fעולם") == "שלום\u200fעולם"
