"""`coach status` runs in every shell prompt (issue 26): it never raises, never blocks, reads
only regular files, and prints nothing raw of what a pack says."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coach.cli import status as status_command
from coach.journal import status_summary
from coach.journal.status_summary import write_summary
from coach.system import paths
from tests.unit.test_status import summary

ROOT = Path(__file__).resolve().parents[2]
HOSTILE_TITLE = "Pack \x1b]0;pwned\x07\x1b[2J\u202egpj.exe\u2028line\x85two\x9b31m"
LIMIT = 20.0  # seconds: far above a prompt's ~60 ms; only a hang reaches it


def coach_status(*argv: str) -> subprocess.CompletedProcess[str]:
    """The console script in a fresh interpreter, as a shell prompt runs it."""
    code = "import sys; from coach.entry import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, *argv],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=LIMIT,
    )


def raw_controls(text: str) -> list[str]:
    """The characters no output may carry raw (coach.system.safe_chars' definition)."""
    from coach.system.safe_chars import is_unsafe

    return [c for c in text if c != "\n" and is_unsafe(c)]


@pytest.mark.parametrize("where", ["summary", "settings", "pack"])
def test_a_fifo_in_place_of_a_file_is_never_waited_on(tmp_path: Path, where: str) -> None:
    write_summary(summary())
    content: list[str] = []
    if where == "summary":
        path = Path(status_summary.summary_path())
        path.unlink()
    elif where == "settings":
        path = paths.config_file()
    else:
        folder = tmp_path / "pack"
        folder.mkdir()
        path = folder / "pack.toml"
        content = ["--content", str(folder)]
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    for fmt in ("line", "json"):
        done = coach_status(*content, "status", "--format", fmt)  # timeout: a hang fails here
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        assert done.stderr == ""
        if where == "settings":  # the settings are skipped: the summary still speaks
            assert "this week" in done.stdout
        if fmt == "json":
            json.loads(done.stdout)  # null, or the status: JSON either way


def test_a_fifo_as_the_journal_or_a_running_claim_is_never_waited_on(tmp_path: Path) -> None:
    write_summary(summary())
    claims = Path(status_summary.data_dir()) / "journal.sqlite3.running"
    claims.mkdir(exist_ok=True)
    os.mkfifo(claims / "7")
    os.mkfifo(claims / "²")  # a digit to str.isdigit, not to int
    done = coach_status("status")
    assert done.returncode == 0 and done.stderr == "" and "this week" in done.stdout
    journal = Path(status_summary.data_dir()) / "journal.sqlite3"
    journal.parent.mkdir(parents=True, exist_ok=True)
    journal.unlink(missing_ok=True)
    for suffix in ("-wal", "-shm"):
        Path(f"{journal}{suffix}").unlink(missing_ok=True)
    os.mkfifo(journal)
    done = coach_status("status")  # the summary speaks; the journal is never opened for it
    assert done.returncode == 0 and done.stderr == "" and "this week" in done.stdout


def status_summary_day():
    import datetime as dt

    return dt.date.today()


@pytest.mark.parametrize(
    "sessions", ['"²"', '"²-³"', '"٣"', '"99999999999999999999"', "-1", "[1]", '"1-"', "nan"]
)
def test_a_plan_of_any_shape_gives_no_traceback(tmp_path: Path, sessions: str) -> None:
    """`sessions = "²"` raised ValueError from int() in every shell prompt (the line now reads
    only the pack's id from TOML, and the figures from the summary)."""
    (tmp_path / "pack.toml").write_text('id = "p"\ntitle = "T"\n', "utf-8")
    (tmp_path / "program.toml").write_text(f'[plan]\nper = "week"\nsessions = {sessions}\n')
    write_summary(summary(pack_id="p"))
    for fmt in ("line", "json"):
        done = coach_status("--content", str(tmp_path), "status", "--format", fmt)
        assert done.returncode == 0 and done.stderr == "", done.stderr
        assert done.stdout in (status_command.MARKER + "\n", "null\n") or "this week" in done.stdout


def test_any_unexpected_error_is_the_marker_and_exit_0(monkeypatch, capsys) -> None:
    write_summary(summary())

    def broken(*args: object, **kwargs: object) -> None:
        raise RecursionError("deep")

    monkeypatch.setattr(status_command, "running", broken)
    assert status_command.fast(["status"]) == 0
    assert capsys.readouterr() == (status_command.MARKER + "\n", "")
    assert "RecursionError" in (paths.log_dir() / "coach.log").read_text("utf-8")


def test_a_title_with_escapes_never_reaches_the_prompt_raw(tmp_path: Path) -> None:
    """The title is read from the summary (the active pack's, or the one --content names): it
    is printed safe, and the json carries no raw U+202E, U+2028 or U+0085 either."""
    write_summary(summary(pack_id="hostile", name=HOSTILE_TITLE))
    write_summary(summary(name=HOSTILE_TITLE))
    folder = tmp_path / "pack"
    folder.mkdir()
    escaped = json.dumps(HOSTILE_TITLE)  # TOML basic strings take JSON's escapes
    (folder / "pack.toml").write_text(f'id = "hostile"\ntitle = {escaped}\n', "utf-8")
    for argv in (["status"], ["--content", str(folder), "status"]):
        line = coach_status(*argv)
        assert line.returncode == 0 and line.stderr == ""
        assert "Pack" in line.stdout and not raw_controls(line.stdout), repr(line.stdout)
        data = coach_status(*argv, "--format", "json")
        assert not raw_controls(data.stdout), repr(data.stdout)
    assert "pwned" in json.loads(data.stdout)["name"]  # shown, made safe, not dropped


def test_it_answers_quickly_even_when_it_cannot_read(tmp_path: Path) -> None:
    """Not a timing test (bench/bench_status.py measures): a locked or odd journal costs a
    prompt nothing: the line reads the summary only, never the journal."""
    (tmp_path / "pack.toml").write_text('id = "p"\ntitle = "T"\n[plan]\n', "utf-8")
    started = time.monotonic()
    done = coach_status("--content", str(tmp_path), "status")
    assert done.returncode == 0 and done.stderr == ""
    assert time.monotonic() - started < LIMIT
