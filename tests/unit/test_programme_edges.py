"""Programmes at their edges (issue 23 items 1-4, 6, 7; issue 24 item 2), on packs written for
the tests: a radiotherapy-style start window (tests/fixtures/radiotherapy), a clinician-set
level programme (tests/fixtures/clinician-set) and the default pack's activity that counts only
in maintenance. Domain first, then the commands."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
from pathlib import Path
from types import ModuleType

import icalendar
import pytest

from coach.cli import log, plan, status
from coach.cli.arguments import configure
from coach.engine.clock import FakeClock
from coach.journal import pace
from coach.journal.figures import activity_counts, compute, figures_for, read_journal
from coach.journal.records import ActivityRecord, LevelChange
from coach.journal.status_refresh import summary_from
from coach.journal.status_summary import read_summary
from coach.journal.store import Journal
from coach.outputs.report import build_report
from coach.outputs.status_line import Status
from coach.pack.levels import resolved_protocol
from coach.pack.load import load_pack
from coach.pack.model import Pack, Program
from coach.pack.validate import validate
from coach.session.run import SessionRun
from tests.snapshots.apps.journal_data import PROGRAM, TZ, pack, record

ROOT = Path(__file__).resolve().parents[2]
RADIO = ROOT / "tests" / "fixtures" / "radiotherapy"
CLINIC = ROOT / "tests" / "fixtures" / "clinician-set"
THU = dt.date(2026, 3, 5)  # a Thursday


def radio() -> Pack:
    return load_pack(RADIO)


def clinic() -> Pack:
    return load_pack(CLINIC)


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), TZ)


def sets(pack_id: str, *changes: tuple[str, dt.datetime, str]) -> list[LevelChange]:
    return [LevelChange(i, pack_id, level, by, when) for i, (level, when, by) in enumerate(changes)]


# --- 1. start windows ------------------------------------------------------------------------


def test_before_the_window_opens_every_figure_asks_for_nothing() -> None:
    p = radio()
    ended = THU - dt.timedelta(days=3)  # treatment ended on Monday: the window opens in 2 weeks
    f = compute(p, [], THU, start_given=ended)
    opens = ended + dt.timedelta(weeks=2)
    assert f.waiting and f.target_now is None and not f.behind
    assert f.done_text == f"not started: your start window opens {pace.day_text(opens)}"
    assert f.due_next == f"Nothing yet: your start window opens {pace.day_text(opens)}."
    assert f.next_day == opens == f.sessions_from
    assert "Start between 16 Mar 2026 and 27 Apr 2026: not yet." in f.standing.lines(THU)
    line = Status(summary_from(p, [], THU, start_given=ended), THU).line()
    assert line == f"{p.info.title} · not started: your start window opens {pace.day_text(opens)}"
    report = build_report([], pack=p, pack_title=p.info.title, today=THU, start_given=ended)
    assert f"not started: your start window opens {pace.day_text(opens)}" in report
    # The day it opens: the plan can start, a first week from that day.
    on = compute(p, [], opens, start_given=ended)  # a Monday: a whole week
    assert not on.waiting and on.due_next.startswith("3 more sessions this week")


def test_a_passed_window_says_the_contents_words_and_still_asks() -> None:
    p = radio()
    ended = THU - dt.timedelta(weeks=20)
    lines = compute(p, [], THU, start_given=ended).standing.lines(THU)
    assert any(
        line.endswith("has passed. It is never too late to start: begin now.") for line in lines
    )
    neutral = dataclasses.replace(
        p,
        program=dataclasses.replace(
            p.program,
            plan=dataclasses.replace(
                p.program.plan,
                start=dataclasses.replace(p.program.plan.start, passed_text=None),
            ),
        ),
    )
    plain = compute(neutral, [], THU, start_given=ended)
    assert any(line.endswith("has passed.") for line in plain.standing.lines(THU))
    assert "check with your clinician" not in " ".join(plain.standing.lines(THU))
    assert plain.target_now is not None  # still asking: never too late, or not said


# --- 2. open-ended and minimum lengths -------------------------------------------------------


def daily(length: str, **plan) -> Pack:
    program = validate(
        Program, {**PROGRAM, "plan": {"sessions": "1", "per": "day", "length": length, **plan}}
    )
    return dataclasses.replace(pack(), program=program)


def test_a_fixed_length_ends_and_asks_for_nothing_after() -> None:
    p = daily("2 weeks")
    first = dt.date(2026, 3, 2)
    sessions = [record(first)]
    during = compute(p, sessions, first + dt.timedelta(days=13))
    assert not during.ended and "Planned until 16 Mar 2026." in during.standing.lines(during.today)
    after = compute(p, sessions, first + dt.timedelta(days=14))
    assert after.ended and after.target_now is None and after.next_day is None
    assert after.due_next == "The plan has ended: no more sessions are planned."
    assert after.done_text == "0 today · the plan has ended"
    assert "The planned length (2 weeks) ended 16 Mar 2026." in after.standing.lines(after.today)
    said = compute(daily("2 weeks", ended_text="Well done: see your team."), sessions, after.today)
    assert said.due_next == "Well done: see your team."
    assert after.sessions_from is None and during.sessions_until == dt.date(2026, 3, 15)


def test_a_minimum_length_goes_on_after_it() -> None:
    p = radio()  # "at least 2 years; some advise keeping on indefinitely"
    first = dt.date(2024, 3, 4)
    f = compute(p, [record(first, pack_id=p.info.id, level="small")], THU)
    assert not f.ended and f.target_now is not None and f.next_day == THU
    assert "Two years done. Many keep going for good" in " ".join(f.standing.lines(THU))
    before = compute(p, [record(first, pack_id=p.info.id, level="small")], first)
    assert "Planned at least until 4 Mar 2026." in before.standing.lines(first)
    assert p.program.plan.length is not None and not p.program.plan.length.ends
    assert str(p.program.plan.length) == "at least 2 years"


def test_an_ongoing_plan_has_no_end() -> None:
    p = daily("ongoing", length_text="for as long as you want the results")
    f = compute(p, [record(dt.date(2020, 1, 6))], THU)
    assert f.standing.ends is None and not f.ended and f.sessions_until is None
    assert not any("ended" in line or "until" in line for line in f.standing.lines(THU))


def test_lengths_that_do_not_read_are_refused() -> None:
    with pytest.raises(ValueError, match="at least 2 years"):
        daily("forever")


# --- 3. repeating reviews --------------------------------------------------------------------


def visit(day: dt.date, pack_id: str) -> ActivityRecord:
    return ActivityRecord(1, pack_id, "visit", "Visit", False, day, at(day, 18))


def test_a_monthly_review_is_cleared_by_a_visit_and_the_next_counts_from_it() -> None:
    p = radio()
    pid = p.info.id
    started = dt.date(2026, 1, 5)
    sessions = [record(started, pack_id=pid, level="small")]
    f = compute(p, sessions, dt.date(2026, 2, 10))
    assert f.standing.review == dt.date(2026, 2, 5)
    assert any(
        line.startswith("Review due since 5 Feb 2026:") for line in f.standing.lines(f.today)
    )
    seen = dt.date(2026, 2, 11)
    g = compute(p, sessions, dt.date(2026, 2, 20), activities=[visit(seen, pid)])
    assert g.standing.review == dt.date(2026, 3, 11)  # a month after the visit
    lines = g.standing.lines(g.today)
    assert "Review due 11 Mar 2026." in lines and not any("since" in line for line in lines)
    assert g.standing.reviewed == seen


def test_a_review_on_reaching_a_level() -> None:
    p = clinic()
    pid = p.info.id
    changes = sets(pid, ("size-4", at(THU, 8), "clinician"))
    f = compute(p, [], THU, level_changes=changes)
    assert f.standing.review == THU
    assert any(
        line.startswith("Review due since 5 Mar 2026: See your gynaecologist")
        for line in f.standing.lines(THU)
    )
    later = THU + dt.timedelta(days=2)
    g = compute(p, [], later, level_changes=changes, activities=[visit(later, pid)])
    assert g.standing.review is None and g.standing.reviewed == later


# --- 4. levels a person or clinician sets ------------------------------------------------------


def test_a_level_set_by_the_clinician_is_the_next_sessions() -> None:
    p = clinic()
    pid = p.info.id
    done = [
        record(THU - dt.timedelta(days=d), pack_id=pid, protocol_id="set-session")
        for d in (30, 28, 26)
    ]
    before = compute(p, done, THU)
    # 21+ days on size 1: the rule says "up", but the clinician sets levels: advice only.
    assert before.outcome == "settled" and before.next_level.id == "size-1"
    f = compute(p, done, THU, level_changes=sets(pid, ("size-2", at(THU, 8), "clinician")))
    assert f.level.id == f.next_level.id == "size-2" and f.level_set_by == "clinician"
    assert f.summary.startswith("Size 2 of 6 · ")  # no day yet: nothing counted on it
    assert f.previous_level is not None and f.previous_level.id == "size-1"
    assert f.after_change == 0


def test_by_rules_a_level_set_by_hand_wins_until_a_session_counts() -> None:
    p = pack()
    sessions = [record(THU - dt.timedelta(days=d), pain=False) for d in (12, 10, 8, 6)]
    assert compute(p, sessions, THU).next_level.id == "size-2"  # the move-up rule
    back = sets("test-pack", ("size-1", at(THU, 8), "person"))
    kept = compute(p, sessions, THU, level_changes=back)
    assert kept.next_level.id == "size-1" and kept.level_set_by == "person"


def test_first_the_previous_size_only_right_after_a_change() -> None:
    p = clinic()
    pid = p.info.id
    protocol = p.protocol("set-session")

    def steps(f) -> list[str]:
        running = resolved_protocol(
            p,
            protocol,
            f.next_level.id,
            previous_id=f.previous_level.id if f.previous_level else None,
            after_change=f.after_change,
        )
        return [step.title for step in running.steps]

    first = compute(p, [], THU)
    assert steps(first) == ["Size 1"]  # on size 1, nothing before it: never "first the previous"
    moved = sets(pid, ("size-3", at(THU, 8), "clinician"))
    f = compute(p, [], THU, level_changes=moved)
    assert steps(f) == ["First Size 1, as before", "Size 3"]
    running = resolved_protocol(p, protocol, "size-3", previous_id="size-1", after_change=0)
    assert running.steps[0].duration.low == 120 and running.steps[1].duration.low == 180
    assert "then change to Size 3" in running.steps[0].text
    one = [record(THU, pack_id=pid, protocol_id="set-session", level="size-3", hour=10)]
    assert steps(compute(p, one, THU, level_changes=moved)) == ["First Size 1, as before", "Size 3"]
    two = [*one, record(THU, pack_id=pid, protocol_id="set-session", level="size-3", hour=11)]
    assert steps(compute(p, two, THU, level_changes=moved)) == ["Size 3"]  # the first 2 only


def test_a_session_runs_at_the_level_set_by_hand_first_on_the_previous_size() -> None:
    """What the session run plans (not only what the figures say): the level set by hand, and
    its first sessions begin on the size before it; a resumed session keeps its own steps."""
    p = clinic()
    clock = FakeClock(wall=at(THU, 10))
    with Journal.open() as journal:
        first = SessionRun(p, p.protocol("set-session"), clock=clock, journal=journal)
        first.close()
        assert first.level_id == "size-1"
        assert [s.title for s in first.protocol.steps] == ["Size 1"]
        journal.set_level(p.info.id, "size-3", "clinician", at(THU, 9))
        moved = SessionRun(p, p.protocol("set-session"), clock=clock, journal=journal)
        moved.close()
        assert moved.level_id == "size-3"
        assert [s.title for s in moved.protocol.steps] == ["First Size 1, as before", "Size 3"]


def test_the_step_that_runs_only_after_a_change_is_not_needed_to_count() -> None:
    protocol = clinic().protocol("set-session")
    assert protocol.steps_to_count() == 1


# --- 6. only counted sessions move level clocks ------------------------------------------------


def test_an_abandoned_session_starts_no_level_clock() -> None:
    p = pack()
    abandoned = record(
        THU - dt.timedelta(days=23),
        steps_done=0,
        completed=False,
        finished=True,
        finish_reason="ended",
        checked_in=False,
    )
    f = compute(p, [abandoned], THU)
    assert f.days_on_level == 0 and f.sessions_on_level == 0
    assert f.summary.startswith("Size 1 of 4 · 0 of ") and "day 24" not in f.summary
    rule = validate(
        Program,
        {
            **PROGRAM,
            "rules": [
                {
                    "id": "long",
                    "label": "Long",
                    "advice": "Long.",
                    "urgency": "routine",
                    "when": {"days_on_level": 7},
                }
            ],
        },
    )
    assert compute(dataclasses.replace(p, program=rule), [abandoned], THU).outcome != "long"


def test_a_pain_stop_on_a_new_size_keeps_the_level_and_its_pain_counts_there() -> None:
    p = pack()
    sessions = [
        record(THU - dt.timedelta(days=2)),
        record(THU, level="size-2", pain_stop=True, completed=False, finish_reason="pain"),
    ]
    f = compute(p, sessions, THU)
    assert f.level.id == "size-1" and f.outcome == "hold"


# --- 7. activities counted as the source says ----------------------------------------------------


def default_pack() -> Pack:
    return load_pack(ROOT / "content")


def test_the_plug_counts_only_in_maintenance_or_once_a_clinician_agrees() -> None:
    p = default_pack()
    intercourse = p.program.activity("intercourse")
    pid = p.info.id
    dilation = [record(THU - dt.timedelta(days=1), pack_id=pid, protocol_id="dilation-session")]
    assert not activity_counts(p, intercourse, THU, sessions=dilation)
    upkeep = [
        *dilation,
        record(THU, pack_id=pid, protocol_id="maintenance-session", steps_done=9, hour=8),
    ]
    assert activity_counts(p, intercourse, THU, sessions=upkeep)
    assert not activity_counts(p, intercourse, THU - dt.timedelta(days=1), sessions=upkeep)
    agreed = [ActivityRecord(1, pid, "clinician-agrees", "ok", False, THU, at(THU))]
    assert activity_counts(p, intercourse, THU, sessions=dilation, activities=agreed)
    assert not activity_counts(p, p.program.activity("clinician-agrees"), THU, sessions=upkeep)


def test_counts_from_a_level() -> None:
    program = validate(
        Program,
        {
            **PROGRAM,
            "activities": [
                {"id": "plug", "title": "Plug", "counts_from": {"level": "size-3"}},
            ],
        },
    )
    p = dataclasses.replace(pack(), program=program)
    plug = program.activity("plug")
    assert not activity_counts(p, plug, THU, sessions=[record(THU, level="size-2")])
    assert activity_counts(p, plug, THU, sessions=[record(THU, level="size-3")])
    high = sets("test-pack", ("size-4", at(THU, 8), "clinician"))
    assert activity_counts(p, plug, THU, sessions=[], level_changes=high)


def test_an_activitys_answers_feed_the_rules() -> None:
    p = pack()
    heavy = ActivityRecord(
        1,
        "test-pack",
        "intercourse",
        "Sex",
        False,
        THU,
        at(THU, 21),
        "",
        {"pain": False, "bleeding": "heavy"},
    )
    f = compute(p, [record(THU - dt.timedelta(days=1))], THU, activities=[heavy])
    assert f.outcome == "bleeding-heavy" and f.urgency == "urgent"
    pain = ActivityRecord(
        2, "test-pack", "intercourse", "Sex", False, THU, at(THU, 21), "", {"pain": True}
    )
    assert (
        compute(p, [record(THU - dt.timedelta(days=1))], THU, activities=[pain]).outcome == "hold"
    )
    assert compute(p, [], THU, activities=[pain]).done == 0  # answered, not counted


# --- the commands ------------------------------------------------------------------------------


def run(module: ModuleType, *argv: str, content: str | None = None) -> int:
    parser = argparse.ArgumentParser()
    configure(module.__name__.rpartition(".")[2], parser)
    args = parser.parse_args(argv)
    args.content = content
    args.discreet = False
    return module.run(args)


def test_coach_plan_level_records_who_and_refreshes_status(capsys) -> None:
    assert run(plan, "--level", "size-3", content=str(CLINIC)) == 0
    out = capsys.readouterr().out
    assert out.startswith("Set for your next session: Size 3 (by your clinician).")
    assert "Now: Size 3 of 6 · " in out and "(size set by your clinician)" in out
    with Journal.open() as journal:
        (change,) = journal.level_changes("clinician-set-sizes")
    assert (change.level_id, change.set_by) == ("size-3", "clinician")
    assert read_summary("clinician-set-sizes").level == "Size 3 of 6"
    assert run(plan, "--level", "size-2", "--set-by", "person", content=str(CLINIC)) == 0
    assert "(by you)" in capsys.readouterr().out
    assert run(plan, "--level", "size-9", content=str(CLINIC)) == 2
    assert "no size 'size-9'; known: size-1" in capsys.readouterr().err


def test_plan_start_refreshes_status_and_status_says_when_the_window_opens(capsys) -> None:
    today = dt.date.today()
    assert run(plan, "--start", today.isoformat(), content=str(RADIO)) == 0
    out = capsys.readouterr().out
    opens = pace.day_text(today + dt.timedelta(weeks=2))
    assert f"Now: Size 1 of 3 · not started: your start window opens {opens}" in out
    assert f"Next: Nothing yet: your start window opens {opens}." in out
    assert status.show(fmt="json", discreet=False, content=str(RADIO)) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["target"] is None and data["opens"] == (today + dt.timedelta(weeks=2)).isoformat()


def test_the_calendar_begins_when_the_start_window_opens(tmp_path: Path, capsys) -> None:
    today = dt.date.today()
    assert run(plan, "--start", today.isoformat(), content=str(RADIO)) == 0
    out = tmp_path / "plan.ics"
    args = ("--ics", str(out), "--days", "mon,wed,fri", "--time", "18:00")
    assert run(plan, *args, content=str(RADIO)) == 0
    capsys.readouterr()
    event = icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")[0]
    first = event["DTSTART"].dt.date()
    opens = today + dt.timedelta(weeks=2)
    assert opens <= first < opens + dt.timedelta(days=3)  # the first of its days once open


def test_log_asks_the_activitys_questions_and_shows_safety(capsys) -> None:
    assert run(log, "intercourse", "--answer", "pain=no", "--answer", "bleeding=heavy") == 0
    out = capsys.readouterr().out
    assert "(not counted toward the plan yet)" in out  # not in maintenance
    assert "GET URGENT MEDICAL HELP NOW" in out.upper()
    with Journal.open() as journal:
        (logged,) = journal.activities("anal-dilation")
    assert dict(logged.answers) == {"pain": False, "bleeding": "heavy"} and not logged.counts
    summary = read_summary("anal-dilation")
    assert summary is not None and summary.urgency == "urgent"  # the same rules as a session
    assert run(log, "intercourse", "--answer", "bleeding=lots") == 2
    assert "is not one of the answers" in capsys.readouterr().err
    assert run(log, "intercourse", "--answer", "mood=ok") == 2
    assert "this activity asks: pain, bleeding" in capsys.readouterr().err


def test_an_unanswered_question_is_kept_as_not_answered(capsys) -> None:
    assert run(log, "intercourse") == 0  # not a terminal: nothing asked, nothing made up
    with Journal.open() as journal:
        (logged,) = journal.activities("anal-dilation")
    assert dict(logged.answers) == {"pain": None, "bleeding": None}


def test_log_then_status_and_plan_say_the_same(capsys, monkeypatch) -> None:
    """Issue 23: after only `coach log`, status said "1 of 3-4" while log and plan said
    "1 of 2". Now `log` refreshes the summary, and all three read one rule."""
    program = validate(
        Program,
        {
            **PROGRAM,
            "plan": {"sessions": "3-4", "per": "week"},
            "activities": [{"id": "walk", "title": "Walk"}],
        },
    )
    walking = dataclasses.replace(pack(), program=program)
    monkeypatch.setattr("coach.cli.common.load_pack_or_exit", lambda args: walking)
    assert run(log, "walk") == 0
    logged = capsys.readouterr().out.splitlines()[1]
    assert run(plan) == 0
    now = [line for line in capsys.readouterr().out.splitlines() if line.startswith("Now: ")]
    assert status.show(fmt="line", discreet=False, content=None) == 0
    line = capsys.readouterr().out
    today = dt.date.today()
    with Journal.open() as journal:
        words = figures_for(walking, read_journal(journal, "test-pack"), today).done_text
    assert words.startswith("1 of ")
    assert logged.endswith(words) and now[0].endswith(words) and f" · {words} · " in line


def test_plan_says_from_when_the_plug_counts_in_words_a_person_reads(capsys) -> None:
    assert run(plan) == 0  # the default pack
    out = capsys.readouterr().out
    assert (
        "counts as a session once a session of 'Maintenance session' has counted or once "
        "'My clinician agreed sex or a plug can count' is logged; before that, logged only"
    ) in out
