"""The plan as an iCalendar file: read back with icalendar, and with vobject (an independent
parser) and recurring-ical-events (which expands the rule into dates)."""

from __future__ import annotations

import argparse
import datetime as dt
import stat
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events
import vobject

from coach.cli import plan
from coach.cli.arguments import configure
from coach.outputs.calendar import CalendarPlan, build_calendar
from coach.system import paths
from coach.system.schedule import ScheduleError, parse_days, parse_time

NOW = dt.datetime(2026, 1, 7, 12, 0, tzinfo=dt.UTC)  # a Wednesday


def plan_of(**changes: object) -> CalendarPlan:
    values: dict[str, object] = {
        "uid": "abc@coach.invalid",
        "title": "Session",
        "days": (0, 2, 4),
        "at": dt.time(19, 30),
        "starts": dt.date(2026, 1, 7),
    }
    values.update(changes)
    return CalendarPlan(**values)  # type: ignore[arg-type]


def test_icalendar_reads_the_event_rule_and_alarm() -> None:
    data = build_calendar(plan_of(weeks=2, details=("line one", "line two")), now=NOW)
    calendar = icalendar.Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    assert event["SUMMARY"] == "Session" and event["UID"] == "abc@coach.invalid"
    assert event.decoded("DTSTART") == dt.datetime(2026, 1, 7, 19, 30)  # floating local time
    assert event.decoded("DURATION") == dt.timedelta(minutes=20)
    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["MO", "WE", "FR"]
    assert event["DESCRIPTION"] == "line one\nline two"
    (alarm,) = event.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"
    assert alarm.decoded("TRIGGER") == dt.timedelta(minutes=-10)


def test_recurring_ical_events_expands_the_chosen_days() -> None:
    data = build_calendar(plan_of(weeks=2), now=NOW)
    calendar = icalendar.Calendar.from_ical(data)
    found = recurring_ical_events.of(calendar).between(dt.date(2026, 1, 1), dt.date(2026, 2, 28))
    starts = sorted(e.decoded("DTSTART") for e in found)
    # 2 weeks = 14 days from Wed 7 (to Tue 20): Wed 7, Fri 9, Mon 12, Wed 14, Fri 16, Mon 19.
    assert [s.day for s in starts] == [7, 9, 12, 14, 16, 19]
    assert {s.time() for s in starts} == {dt.time(19, 30)}


def test_vobject_reads_it_independently() -> None:
    data = build_calendar(plan_of(days=(1,), at=dt.time(7, 5), remind_minutes=30), now=NOW)
    parsed = vobject.readOne(data.decode("utf-8"))
    event = parsed.vevent
    assert event.summary.value == "Session"
    assert event.dtstart.value == dt.datetime(2026, 1, 13, 7, 5)  # the first Tuesday
    occurrences = list(event.getrruleset())[:3]
    assert [o.date() for o in occurrences] == [
        dt.date(2026, 1, 13),
        dt.date(2026, 1, 20),
        dt.date(2026, 1, 27),
    ]
    assert event.valarm.trigger.value == dt.timedelta(minutes=-30)
    assert not hasattr(event, "description")  # no detail unless asked


def test_plan_refuses_no_days() -> None:
    with pytest.raises(ValueError, match="at least one day"):
        plan_of(days=())


@pytest.mark.parametrize(
    ("text", "days"),
    [("mon,wed,fri", (0, 2, 4)), ("Friday, mon", (0, 4)), ("", ()), ("sun sun", (6,))],
)
def test_parse_days(text: str, days: tuple[int, ...]) -> None:
    assert parse_days(text) == days


@pytest.mark.parametrize("bad", ["funday", "mon;tue"])
def test_parse_days_refuses(bad: str) -> None:
    with pytest.raises(ScheduleError, match="unknown day"):
        parse_days(bad)


@pytest.mark.parametrize("bad", ["25:00", "19", "7:5", "19:60", "１９:30", "-1:00", "123:00"])
def test_parse_time_refuses(bad: str) -> None:
    with pytest.raises(ScheduleError):
        parse_time(bad)


def run(*argv: str, discreet: bool = False, content: Path | None = None) -> int:
    parser = argparse.ArgumentParser()
    configure("plan", parser)
    args = parser.parse_args(argv)
    args.content, args.discreet = (str(content) if content else None), discreet
    return plan.run(args)


def event_of(path: Path) -> icalendar.Event:
    return icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")[0]


def test_command_writes_privately_with_no_health_detail(tmp_path: Path, capsys) -> None:
    out = tmp_path / "plan.ics"
    assert run("--ics", str(out), "--days", "tue,sat", "--time", "18:00") == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    event = event_of(out)
    assert event["SUMMARY"] == "Dilation session"
    assert "DESCRIPTION" not in event
    text = out.read_text().lower()
    for word in ("anal", "size", "pain", "bleed"):
        assert word not in text
    assert "tue, sat at 18:00" in capsys.readouterr().out
    # again: refused without --force, and the same UID with it
    assert run("--ics", str(out), "--days", "tue", "--time", "18:00") == 1
    uid = event["UID"]
    assert run("--ics", str(out), "--days", "tue", "--time", "18:00", "--force") == 0
    assert event_of(out)["UID"] == uid


def test_discreet_titles_are_neutral(tmp_path: Path) -> None:
    out = tmp_path / "plan.ics"
    assert run("--ics", str(out), "--days", "mon", "--time", "08:00", discreet=True) == 0
    event = event_of(out)
    assert event["SUMMARY"] == "Routine"
    assert event.walk("VALARM")[0]["DESCRIPTION"] == "Routine"
    assert "dilation" not in out.read_text().lower()


def test_details_only_when_asked(tmp_path: Path) -> None:
    out = tmp_path / "plan.ics"
    assert run("--ics", str(out), "--days", "mon", "--time", "08:00", "--details") == 0
    description = str(event_of(out)["DESCRIPTION"])
    assert "Anal dilation at home" in description and "2-3 sessions a week" in description


def test_days_and_time_from_the_settings(tmp_path: Path) -> None:
    paths.ensure_private_dir(paths.config_dir())
    paths.config_file().write_text('reminder_days = "wed"\nreminder_time = "06:45"\n')
    out = tmp_path / "plan.ics"
    assert run("--ics", str(out)) == 0
    event = event_of(out)
    assert event["RRULE"]["BYDAY"] == ["WE"] and event.decoded("DTSTART").time() == dt.time(6, 45)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--time", "19:30"), "which days"),
        (("--days", "mon"), "what time"),
        (("--days", "someday", "--time", "19:30"), "--days: unknown day"),
        (("--days", "mon", "--time", "7pm"), "--time: cannot read"),
        (("--days", "mon", "--time", "19:30", "--minutes", "0"), "at least a minute"),
    ],
)
def test_command_refusals(tmp_path: Path, capsys, argv: tuple[str, ...], message: str) -> None:
    out = tmp_path / "plan.ics"
    assert run("--ics", str(out), *argv) == 1
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_missing_folder_is_refused(tmp_path: Path, capsys) -> None:
    assert run("--ics", str(tmp_path / "nope" / "p.ics"), "--days", "mon", "--time", "9:00") == 1
    assert "does not exist" in capsys.readouterr().err


def test_details_take_the_level_and_the_unit_from_the_figures(tmp_path: Path) -> None:
    from coach.journal.figures import figures_for, read_journal
    from coach.journal.store import Journal
    from coach.pack.load import load_pack
    from coach.system.paths import active_sources
    from tests.snapshots.apps.journal_data import fill, record

    today = dt.date.today()
    with Journal.open() as journal:
        fill(journal, [record(today, pack_id="anal-dilation", level="size-2")])
        figures = figures_for(
            load_pack(*active_sources(None)), read_journal(journal, "anal-dilation"), today
        )
    out = tmp_path / "plan.ics"
    assert run("--ics", str(out), "--days", "mon", "--time", "08:00", "--details") == 0
    description = str(event_of(out)["DESCRIPTION"])
    assert f"{figures.level_label} as of " in description
    assert f"next size: {figures.next_level.name}." in description
    assert figures.level_label == "Size 2 of 4"
    # a daily plan (the example: 3 drills a day) says so
    daily = tmp_path / "daily.ics"
    example = Path(__file__).resolve().parents[2] / "examples" / "pelvic-floor"
    assert (
        run("--ics", str(daily), "--days", "mon", "--time", "8:00", "--details", content=example)
        == 0
    )
    assert "Aim: 3 sessions a day." in str(event_of(daily)["DESCRIPTION"])
