"""`coach status`: the summary file, the line, the fast path (only the summary), the imports."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from coach.cli import status as status_command
from coach.journal import status_summary
from coach.journal.status_refresh import summary_from
from coach.journal.status_summary import Summary, read_summary, write_summary
from coach.journal.store import Journal
from coach.outputs.status_line import Status
from coach.pack.validate import validate
from coach.system import paths
from tests.snapshots.apps.journal_data import PROGRAM, fill, pack, record

ROOT = Path(__file__).resolve().parents[2]
WED = dt.date(2026, 1, 7)  # a Wednesday; its Monday is 5 Jan


def summary(**changes: object) -> Summary:
    values: dict[str, object] = {
        "pack_id": "test-pack",
        "name": "Dilation at home [test]",
        "per": "week",
        "day": dt.date(2026, 1, 5),
        "sessions_this_week": 1,
        "done_today": 1,
        "target_low": 2,
        "target_high": 3,
        "started": dt.date(2025, 12, 1),
        "ends": None,
        "last_session": dt.date(2026, 1, 5),
        "outcome": "keep_going",
        "urgency": "none",
        "start_needed": False,
        "not_before": None,
        "level": "Size 1 of 4",
        "written": dt.datetime(2026, 1, 5, 10, 0, tzinfo=dt.UTC),
    }
    values.update(changes)
    return Summary(**values)


def this_monday() -> dt.date:
    today = dt.date.today()
    return today - dt.timedelta(days=today.weekday())


def daily_pack():
    """The test pack with a daily plan: 3 sessions a day."""
    from coach.pack.model import Program

    base = pack()
    daily = validate(Program, {**PROGRAM, "plan": {"sessions": "3", "per": "day"}})
    return dataclasses.replace(base, program=daily)


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
    path.write_text(status_summary.FORMAT + "\n\npack_id=x\nsessions_this_week=many\n")
    assert read_summary(path=str(path)) is None
    path.write_bytes(status_summary.encode({"a": summary()}, "a") + b"#" * status_summary.MAX_BYTES)
    assert read_summary(path=str(path)) is None


def test_a_title_with_newlines_cannot_add_fields(tmp_path: Path) -> None:
    path = tmp_path / "status.txt"
    write_summary(summary(name="Evil\noutcome=see-clinician\n\npack_id=x"), str(path))
    back = read_summary(path=str(path))
    assert back.outcome == "keep_going" and back.pack_id == "test-pack"
    assert "\n" not in back.name


def test_summary_from_the_figures() -> None:
    from coach.journal.figures import compute

    sessions = [
        record(dt.date(2026, 1, 5)),
        record(WED),
        record(WED, hour=11, steps_done=0),  # every step skipped: does not count
        record(WED, pack_id="elsewhere"),
    ]
    s = summary_from(pack(), sessions, WED)
    assert (s.pack_id, s.sessions_this_week, s.target, s.done_today) == ("test-pack", 2, "2-3", 1)
    assert s.last_session == WED and s.level == "Size 1 of 4" and s.outcome == "keep_going"
    figures = compute(pack(), sessions, WED)
    assert s.per == figures.per == "week" and s.urgency == figures.urgency
    assert Status(s, WED).line().split(" · ")[1] == figures.done_text


def test_a_first_week_that_starts_mid_week_has_the_figures_shorter_target() -> None:
    """The target of the week written is the figures' (scaled); a later week has the plan's."""
    from coach.journal.figures import compute

    s = summary_from(pack(), [record(WED)], WED)
    figures = compute(pack(), [record(WED)], WED)
    assert figures.first_partial_from == WED
    assert Status(s, WED).line().split(" · ")[1] == figures.done_text
    assert " · 0 of 2-3 this week · " in Status(s, WED + dt.timedelta(days=7)).line()


def test_a_daily_plan_speaks_of_today() -> None:
    """A plan of 3 a day: "2 of 3 today", the next one today until the day's 3 are done."""
    from coach.journal.figures import compute

    two = [record(WED, hour=8), record(WED, hour=12)]
    s = summary_from(daily_pack(), two, WED)
    assert compute(daily_pack(), two, WED).done_text == "2 of 3 today"
    status = Status(s, WED)
    assert status.line() == "Dilation at home [test] · 2 of 3 today · next: today"
    assert status.as_dict()["per"] == "day" and status.as_dict()["done"] == 2
    three = summary_from(daily_pack(), [*two, record(WED, hour=18)], WED)
    assert Status(three, WED).line().endswith("3 of 3 today · next: tomorrow")
    # the next day: nothing done yet that day
    assert Status(three, WED + dt.timedelta(days=1)).line().endswith("0 of 3 today · next: today")


def test_advice_that_needs_a_clinician_comes_first() -> None:
    """figures.due_next: "Before another session: follow the advice" for soon/urgent."""
    bleeding = [record(WED, bleeding="more")]
    s = summary_from(pack(), bleeding, WED)
    assert s.urgency == "soon" and s.outcome == "bleeding-more"
    status = Status(s, WED)
    assert status.line().endswith("next: talk to your clinician first")
    assert status.line(discreet=True).endswith("next: check in first")
    assert "bleeding" not in json.dumps(status.as_dict(discreet=True))


def test_a_start_date_the_content_asks_for_comes_first() -> None:
    from coach.pack.model import Program

    asked = {**PROGRAM, "plan": {**PROGRAM["plan"], "start": {"ask": "When did it end?"}}}
    base = pack()
    asking = dataclasses.replace(base, program=validate(Program, asked))
    s = summary_from(asking, [], WED)
    assert s.start_needed
    assert Status(s, WED).line().endswith("next: set your start date first")
    given = summary_from(asking, [], WED, start_given=WED)
    assert not given.start_needed and Status(given, WED).line().endswith("next: today")


@pytest.mark.parametrize(
    ("changes", "today", "days", "done", "next_words"),
    [
        ({}, WED, (), 1, "today"),
        ({"day": WED}, WED, (), 1, "tomorrow"),  # one done today: a weekly plan spreads them
        ({"day": WED, "done_today": 0}, WED, (), 1, "today"),
        ({}, WED, (), 1, "today"),  # done_today was about the 5th
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


def test_before_the_start_window_opens_nothing_is_asked() -> None:
    waiting = summary(
        not_before=dt.date(2026, 1, 9), started=None, sessions_this_week=0, done_today=0
    )
    status = Status(waiting, WED)
    assert status.line() == (
        "Dilation at home [test] · not started: your start window opens 9 Jan 2026"
    )
    data = status.as_dict()
    assert (data["next"], data["opens"], data["target"]) == ("2026-01-09", "2026-01-09", None)
    opened = Status(waiting, dt.date(2026, 1, 9))  # a Friday: the first week from today
    assert opened.line() == (
        "Dilation at home [test] · 0 of 1 this week: your plan starts today, Friday · next: today"
    )


def test_after_a_fixed_length_nothing_more_is_asked() -> None:
    over = summary(ends=dt.date(2026, 1, 6))
    status = Status(over, WED)
    assert status.line() == "Dilation at home [test] · 1 this week · the plan has ended"
    assert status.as_dict()["next"] is None and status.as_dict()["ended"] is True


def test_discreet_words_and_json() -> None:
    status = Status(summary(outcome="see-clinician", urgency="soon"), WED)
    line = status.line(discreet=True)
    assert line == "routine · 1 of 2-3 this week · next: check in first"
    data = status.as_dict(discreet=True)
    assert "level" not in data and "outcome" not in data and "Dilation" not in json.dumps(data)
    assert status.line().endswith("next: talk to your clinician first")
    full = status.as_dict()
    assert (
        full["level"] == "Size 1 of 4" and full["this_week"] == 1 and full["next"] == "2026-01-07"
    )
    assert full["urgency"] == "soon" and full["next_text"] == "talk to your clinician first"


def test_fast_path_reads_the_summary(capsys) -> None:
    write_summary(summary(day=this_monday(), done_today=0))
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
    write_summary(summary(day=this_monday(), done_today=0))
    paths.ensure_private_dir(paths.config_dir())
    paths.config_file().write_text('discreet = true\nreminder_days = "sun"\n')
    assert status_command.fast(["status", "--format=json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["name"] == "routine"
    assert dt.date.fromisoformat(data["next"]).weekday() == 6
    paths.config_file().write_text('reminder_days = "someday"\n')
    assert status_command.fast(["status"]) == 0
    said = capsys.readouterr()  # a prompt is no place to explain settings: the app does that
    assert "this week" in said.out and said.err == ""


def test_nothing_to_say_prints_nothing(capsys) -> None:
    assert status_command.fast(["status"]) == 0
    assert capsys.readouterr().out == ""
    assert status_command.fast(["status", "--format", "json"]) == 0
    assert capsys.readouterr().out == "null\n"


def test_status_reads_only_the_summary(capsys) -> None:
    """No re-count of the journal, no re-read of the plan: without a summary (nothing was ever
    written by coach) it says nothing, whatever the journal holds; with one, its figures."""
    today = dt.date.today()
    with Journal.open() as journal:
        fill(journal, [record(today, pack_id="anal-dilation")])
    assert status_command.fast(["status"]) == 0
    assert capsys.readouterr().out == ""
    write_summary(summary(pack_id="anal-dilation", name="Kept", day=today, done_today=0))
    with Journal.open() as journal:  # written after the summary: not counted by status
        fill(journal, [record(today, pack_id="anal-dilation", hour=11)])
    assert status_command.fast(["status", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["name"] == "Kept" and data["this_week"] == 1


def test_content_names_which_summary(capsys) -> None:
    """--content DIR: the summary of that pack (its id read from its pack.toml)."""
    from coach.pack.load import load_pack

    example = load_pack(ROOT / "examples" / "pelvic-floor")
    today = dt.date.today()
    write_summary(summary_from(example, [record(today, pack_id=example.info.id)], today))
    write_summary(summary(day=today))  # another pack's, written last: the active one
    assert status_command.fast(["--content", str(ROOT / "examples/pelvic-floor"), "status"]) == 0
    assert capsys.readouterr().out.startswith(
        "Pelvic-floor relaxation and breathing · 1 of 3 today"
    )


def test_broken_pack_file_is_one_word_exit_0_and_the_log_says_why(tmp_path: Path, capsys) -> None:
    """A shell prompt never fails nor explains (issue 26): one word, and the reason logged."""
    (tmp_path / "pack.toml").write_text("id = [")
    (tmp_path / "journal").mkdir()
    assert status_command.fast(["--content", str(tmp_path), "status"]) == 0
    said = capsys.readouterr()
    assert (said.out, said.err) == (status_command.MARKER + "\n", "")
    assert status_command.fast(["--content", str(tmp_path), "status", "--format", "json"]) == 0
    assert capsys.readouterr().out == "null\n"
    logged = (paths.log_dir() / "coach.log").read_text("utf-8")
    assert "pack.toml" in logged and "Traceback" not in logged


def test_paths_agree_with_platformdirs() -> None:
    assert status_summary.data_dir() == str(paths.data_dir())
    assert status_summary.config_dir() == str(paths.config_dir())


@pytest.mark.parametrize("with_summary", [True, False])
def test_imports_neither_textual_nor_pydantic(tmp_path: Path, with_summary: bool) -> None:
    """Run as the console script runs it, in a fresh interpreter, and look at sys.modules."""
    if with_summary:
        write_summary(summary())
    else:  # a journal, no summary: nothing is said (and nothing heavy imported to say it)
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
    assert (" of 2-3 this week" in out.stdout) is with_summary


def test_the_cli_knows_status(capsys) -> None:
    from coach.cli.main import main

    write_summary(summary())
    assert main(["status"]) == 0
    assert "this week" in capsys.readouterr().out


def test_a_pack_without_a_programme_counts_without_a_target() -> None:
    bare = dataclasses.replace(pack(), program=None)
    sessions = [record(WED), record(WED, hour=10), record(WED, hour=11, completed=False)]
    s = summary_from(bare, sessions, WED)
    assert (s.sessions_this_week, s.target, s.level, s.done_today, s.per) == (2, "", "", 2, "")
    status = Status(s, WED)
    assert status.line() == "Dilation at home [test] · 2 this week · next: tomorrow"
    assert status.as_dict()["target"] is None and status.as_dict()["per"] is None


def test_the_example_pack_counts_by_the_day() -> None:
    """examples/pelvic-floor plans 3 short drills a day: the status line says "today"."""
    from coach.pack.load import load_pack

    example = load_pack(ROOT / "examples" / "pelvic-floor")
    sessions = [record(WED, pack_id=example.info.id), record(WED, pack_id=example.info.id)]
    s = summary_from(example, sessions, WED)
    assert (s.per, s.done_today, s.target) == ("day", 2, "3")
    status = Status(s, WED)
    assert status.line() == "Pelvic-floor relaxation and breathing · 2 of 3 today · next: today"
    assert status.as_dict()["target"] == "3"


def test_refresh_writes_from_the_journal_and_never_raises(monkeypatch) -> None:
    from coach.journal.status_refresh import refresh

    refresh(None, None)
    assert read_summary() is None
    with Journal.open() as journal:
        fill(journal, [record(dt.date.today())])
        refresh(pack(), journal)
        assert read_summary().sessions_this_week == 1
        monkeypatch.setattr(status_summary, "write_summary", lambda s: 1 / 0)
        refresh(pack(), journal)  # a failure is logged, never raised


def test_handoff_domain_modules_leave_textual_out() -> None:
    """The status file, schedule, calendar, editing, examples, archive and HTML report are
    domain code: no Textual (and the status modules no pydantic either)."""
    probe = (
        "import coach.journal.status_summary, coach.outputs.status_line, coach.system.schedule, coach.cli.status\n"
        "import sys\n"
        "before = {m.split('.')[0] for m in sys.modules}\n"
        "import coach.outputs.calendar, coach.pack.editing, coach.pack.examples, coach.pack.archive\n"
        "import coach.outputs.report_html, coach.cli.pack, coach.cli.plan_ics\n"
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
