"""`coach status`: the summary file, the line, the fast path, the journal fallback, the imports."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from coach import locations, status_file
from coach.commands import status as status_command
from coach.journal import Journal
from coach.status_file import Summary, read_summary, summary_from, write_summary
from coach.status_line import Status
from tests.snapshots.apps.journal_data import fill, pack, record

ROOT = Path(__file__).resolve().parents[2]
WED = dt.date(2026, 1, 7)  # a Wednesday; its Monday is 5 Jan


def summary(**changes: object) -> Summary:
    values: dict[str, object] = {
        "pack_id": "test-pack",
        "name": "Dilation at home [test]",
        "week_start": dt.date(2026, 1, 5),
        "sessions_this_week": 1,
        "target_low": 2,
        "target_high": 3,
        "last_session": dt.date(2026, 1, 5),
        "did_today": False,
        "outcome": "keep_going",
        "level": "Size 1 of 4",
        "written": dt.datetime(2026, 1, 5, 10, 0, tzinfo=dt.UTC),
    }
    values.update(changes)
    return Summary(**values)


def test_summary_round_trip_private(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "status.txt"
    write_summary(summary(), str(path))
    write_summary(summary(pack_id="other", name="Other"), str(path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_summary(path=str(path)).pack_id == "other"  # the last written is active
    assert read_summary("test-pack", str(path)) == summary()
    assert read_summary("nope", str(path)) is None


def test_summary_ignores_foreign_damaged_or_huge_files(tmp_path: Path) -> None:
    path = tmp_path / "status.txt"
    assert read_summary(path=str(path)) is None
    path.write_text("hello\n")
    assert read_summary(path=str(path)) is None
    path.write_text(status_file.FORMAT + "\n\npack_id=x\nsessions_this_week=many\n")
    assert read_summary(path=str(path)) is None
    path.write_bytes(status_file.encode({"a": summary()}, "a") + b"#" * status_file.MAX_BYTES)
    assert read_summary(path=str(path)) is None


def test_a_title_with_newlines_cannot_add_fields(tmp_path: Path) -> None:
    path = tmp_path / "status.txt"
    write_summary(summary(name="Evil\noutcome=see_clinician\n\npack_id=x"), str(path))
    back = read_summary(path=str(path))
    assert back.outcome == "keep_going" and back.pack_id == "test-pack"
    assert "\n" not in back.name


def test_summary_from_progress() -> None:
    sessions = [record(dt.date(2026, 1, 5)), record(WED), record(WED, pack_id="elsewhere")]
    s = summary_from(pack(), sessions, WED)
    assert (s.pack_id, s.sessions_this_week, s.target, s.did_today) == ("test-pack", 2, "2-3", True)
    assert s.last_session == WED and s.level == "Size 1 of 4" and s.outcome == "keep_going"


@pytest.mark.parametrize(
    ("changes", "today", "days", "done", "next_words"),
    [
        ({}, WED, (), 1, "today"),
        (
            {"did_today": True, "written": dt.datetime(2026, 1, 7, 9, tzinfo=dt.UTC)},
            WED,
            (),
            1,
            "tomorrow",
        ),
        ({"did_today": True}, WED, (), 1, "today"),  # did_today was about the 5th
        ({"sessions_this_week": 3}, WED, (), 3, "Mon"),  # the week's most is done: next Monday
        ({}, dt.date(2026, 1, 13), (), 0, "today"),  # a new week: nothing done yet
        ({}, WED, (4,), 1, "Fri"),
        ({}, WED, (2, 4), 1, "today"),
        ({"sessions_this_week": 3}, WED, (2,), 3, "2026-01-14"),
    ],
)
def test_status_line(changes, today, days, done, next_words) -> None:
    status = Status(summary(**changes), today, days)
    assert status.done == done and status.next_words == next_words
    assert (
        status.line() == f"Dilation at home [test] · {done} of 2-3 this week · next: {next_words}"
    )


def test_discreet_words_and_json() -> None:
    status = Status(summary(outcome="see_clinician"), WED)
    line = status.line(discreet=True)
    assert line == "routine · 1 of 2-3 this week · next: check in first"
    data = status.as_dict(discreet=True)
    assert "level" not in data and "outcome" not in data and "Dilation" not in json.dumps(data)
    assert status.line().endswith("next: talk to your clinician first")
    full = status.as_dict()
    assert (
        full["level"] == "Size 1 of 4" and full["this_week"] == 1 and full["next"] == "2026-01-07"
    )


def test_fast_path_reads_the_summary(capsys) -> None:
    write_summary(
        summary(week_start=dt.date.today() - dt.timedelta(days=dt.date.today().weekday()))
    )
    assert status_command.fast(["status"]) == 0
    assert capsys.readouterr().out.startswith("Dilation at home [test] · 1 of 2-3 this week")
    assert status_command.fast(["--discreet", "status", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["name"] == "routine" and data["this_week"] == 1
    for other in (
        ["status", "--help"],
        ["status", "--format", "xml"],
        ["history"],
        ["status", "x"],
    ):
        assert status_command.fast(other) is None


def test_discreet_from_settings_and_days(capsys) -> None:
    write_summary(
        summary(week_start=dt.date.today() - dt.timedelta(days=dt.date.today().weekday()))
    )
    locations.ensure_private_dir(locations.config_dir())
    locations.config_file().write_text('discreet = true\nreminder_days = "sun"\n')
    assert status_command.fast(["status", "--format=json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["name"] == "routine"
    assert dt.date.fromisoformat(data["next"]).weekday() == 6
    locations.config_file().write_text('reminder_days = "someday"\n')
    assert status_command.fast(["status"]) == 0
    assert "unknown day" in capsys.readouterr().err


def test_nothing_to_say_prints_nothing(capsys) -> None:
    assert status_command.fast(["status"]) == 0
    assert capsys.readouterr().out == ""
    assert status_command.fast(["status", "--format", "json"]) == 0
    assert capsys.readouterr().out == "null\n"


def test_falls_back_to_the_journal(content_dir: Path, capsys) -> None:
    today = dt.date.today()
    monday = today - dt.timedelta(days=today.weekday())
    with Journal.open() as journal:
        fill(
            journal,
            [
                record(monday, pack_id="anal-dilation"),
                record(monday, pack_id="anal-dilation", completed=False),
                record(monday, pack_id="someone-else"),
                record(monday - dt.timedelta(days=3), pack_id="anal-dilation"),
            ],
        )
    assert status_command.fast(["status", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["name"] == "Anal dilation at home" and data["this_week"] == 1
    assert data["target"] == "2-3"
    # --content DIR names the pack: the example pack has no sessions
    assert status_command.fast(["--content", str(ROOT / "examples/pelvic-floor"), "status"]) == 0
    assert capsys.readouterr().out.startswith("Pelvic-floor relaxation and breathing · 0 this week")


def test_broken_pack_file_is_one_line_and_exit_1(tmp_path: Path, capsys) -> None:
    (tmp_path / "pack.toml").write_text("id = [")
    (tmp_path / "journal").mkdir()
    assert status_command.fast(["--content", str(tmp_path), "status"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pack.toml" in err


def test_paths_agree_with_platformdirs() -> None:
    assert status_file.data_dir() == str(locations.data_dir())
    assert status_file.config_dir() == str(locations.config_dir())


@pytest.mark.parametrize("with_summary", [True, False])
def test_imports_neither_textual_nor_pydantic(tmp_path: Path, with_summary: bool) -> None:
    """Run as the console script runs it, in a fresh interpreter, and look at sys.modules."""
    if with_summary:
        write_summary(summary())
    else:
        with Journal.open() as journal:
            fill(journal, [record(dt.date.today(), pack_id="anal-dilation")])
    code = (
        "import sys\n"
        "from coach.entry import main\n"
        "code = main(['status'])\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('textual', 'pydantic', 'argparse', 'logging', 'rich', 'platformdirs'))\n"
        "print('HEAVY', heavy, code)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "HEAVY [] 0" in out.stdout
    assert " of 2-3 this week" in out.stdout


def test_the_cli_knows_status(capsys) -> None:
    from coach.cli import main

    write_summary(summary())
    assert main(["status"]) == 0
    assert "this week" in capsys.readouterr().out


def test_a_pack_without_a_programme_counts_without_a_target() -> None:
    from coach.pack.load import load_pack

    example = load_pack(ROOT / "examples" / "pelvic-floor")
    sessions = [record(WED, pack_id=example.info.id), record(WED, pack_id=example.info.id)]
    s = summary_from(example, sessions, WED)
    assert (s.sessions_this_week, s.target, s.level, s.did_today) == (2, "", "", True)
    status = Status(s, WED)
    assert status.line() == "Pelvic-floor relaxation and breathing · 2 this week · next: today"
    assert status.as_dict()["target"] is None


def test_refresh_writes_from_the_journal_and_never_raises(monkeypatch) -> None:
    from coach.status_file import refresh

    refresh(None, None)
    assert read_summary() is None
    with Journal.open() as journal:
        fill(journal, [record(dt.date.today())])
        refresh(pack(), journal)
        assert read_summary().sessions_this_week == 1
        monkeypatch.setattr(status_file, "write_summary", lambda s: 1 / 0)
        refresh(pack(), journal)  # a failure is logged, never raised


def test_a_journal_newer_than_the_summary_wins(capsys) -> None:
    """Sessions logged after the app last wrote (plain mode, a running session) still count."""
    today = dt.date.today()
    monday = today - dt.timedelta(days=today.weekday())
    with Journal.open() as journal:
        fill(journal, [record(monday, pack_id="anal-dilation")])
    write_summary(
        summary(
            pack_id="anal-dilation",
            name="Old title",
            week_start=monday,
            level="Size 2 of 4",
            written=dt.datetime.now().astimezone(),
        )
    )
    assert status_command.fast(["status", "--format", "json"]) == 0
    fresh = json.loads(capsys.readouterr().out)
    assert fresh["level"] == "Size 2 of 4" and fresh["this_week"] == 1  # the summary is newer
    with Journal.open() as journal:
        fill(journal, [record(monday, pack_id="anal-dilation", hour=11)])
    assert status_command.fast(["status", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["this_week"] == 2 and data["name"] == "Old title"  # facts kept, count fresh


def test_handoff_domain_modules_leave_textual_out() -> None:
    """The status file, schedule, calendar, editing, examples, archive and HTML report are
    domain code: no Textual (and the status modules no pydantic either)."""
    probe = (
        "import coach.status_file, coach.status_line, coach.schedule, coach.commands.status\n"
        "import sys\n"
        "before = {m.split('.')[0] for m in sys.modules}\n"
        "import coach.calendar, coach.editing, coach.examples, coach.pack.archive\n"
        "import coach.journal.report_html, coach.commands.pack, coach.commands.plan_ics\n"
        "after = {m.split('.')[0] for m in sys.modules}\n"
        "print(' '.join(sorted(before)), '|', ' '.join(sorted(after)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    ).stdout
    before, after = (set(part.split()) for part in out.split("|"))
    assert not before & {"textual", "pydantic", "rich", "sqlite3", "platformdirs", "re"}
    assert "textual" not in after and "rich" not in after
