"""The clinician's report: concise, factual Markdown from the person's own log."""

from __future__ import annotations

import datetime as dt

from coach.journal.report import FOOTER, build_report, day, md
from tests.snapshots.apps.journal_data import program, record

PROG = program()
TODAY = dt.date(2026, 2, 1)  # a Sunday


def sessions():
    return [
        record(dt.date(2026, 1, 5), comfort=4),
        record(
            dt.date(2026, 1, 7), comfort=5, notes="Tight at first.\n\nEasier after *breathing*."
        ),
        record(dt.date(2026, 1, 14), level="size-2", comfort=6),
        record(
            dt.date(2026, 1, 16),
            level="size-2",
            pain_stop=True,
            completed=False,
            finish_reason="pain",
            checked_in=False,
            comfort=None,
            pain=None,
            bleeding=None,
        ),
        record(dt.date(2026, 1, 20), level="size-2", comfort=7, bleeding=True, notes="<b>spot</b>"),
        record(dt.date(2026, 1, 21), level=None, counts_as_session=False, protocol_title="Drill"),
        record(
            dt.date(2026, 1, 28),
            level="size-2",
            finished=False,
            completed=False,
            steps_done=2,
            steps_total=4,
            active_seconds=270.0,
            checked_in=False,
            comfort=None,
            pain=None,
            bleeding=None,
        ),
    ]


def test_header_and_footer() -> None:
    text = build_report(sessions(), pack_title="Dilation [home]", program=PROG, today=TODAY)
    lines = text.splitlines()
    assert lines[0] == "# Home exercise log: Dilation \\[home\\]"
    assert "- **Period:** 5 Jan 2026 to 1 Feb 2026" in lines
    assert "- **Sessions:** 7 (6 counted toward the weekly target, 1 other)" in lines
    assert "- **Generated:** 1 Feb 2026" in lines
    assert lines[-1] == f"*{FOOTER}*"
    assert "own log" in FOOTER


def test_now_section_has_the_progression_outcome() -> None:
    text = build_report(sessions(), pack_title="P", program=PROG, today=TODAY)
    assert "- **Size 2 of 4:** Size 2" in text
    assert "- **Progression:** See a clinician. Bleeding was reported in the last 14 days." in text
    assert "> Pause and see a clinician." in text


def test_weeks_table_includes_empty_weeks_and_comfort_trend() -> None:
    text = build_report(sessions(), pack_title="P", program=PROG, today=TODAY)
    assert (
        "| Week of | Sessions (target 2-3) | Other | Comfort, average (0-10) | Pain | Bleeding |"
        in text
    )
    assert "| 5 Jan 2026 | 2 | 0 | 4.5 | 0 | 0 |" in text
    assert "| 12 Jan 2026 | 2 | 0 | 6.0 | 1 | 0 |" in text
    assert "| 19 Jan 2026 | 1 | 1 | 6.5 | 0 | 1 |" in text
    assert "| 26 Jan 2026 | 1 | 0 | – | 0 | 0 |" in text
    assert "Comfort went from 4.5 (week of 5 Jan 2026) to 6.5 (week of 19 Jan 2026)" in text


def test_level_timeline() -> None:
    text = build_report(sessions(), pack_title="P", program=PROG, today=TODAY)
    assert "## Size timeline" in text
    assert "| 5 Jan 2026 | 7 Jan 2026 | Size 1 (smallest) | 2 | 0 |" in text
    assert "| 14 Jan 2026 | 28 Jan 2026 | Size 2 | 4 | 1 |" in text


def test_pain_bleeding_and_unfinished_are_listed_with_dates() -> None:
    text = build_report(sessions(), pack_title="P", program=PROG, today=TODAY)
    assert "2 of 7 sessions; 1 stopped early for pain." in text
    assert "- 16 Jan 2026 09:00, Dilation session, Size 2: **stopped for pain**" in text
    assert "- 20 Jan 2026 09:00, Dilation session, Size 2: **bleeding** reported; comfort 7" in text
    assert (
        "- 28 Jan 2026 09:00, Dilation session: never finished (closed or interrupted); "
        "2 of 4 steps, 4.5 active minutes"
    ) in text


def test_notes_are_quoted_literally() -> None:
    text = build_report(sessions(), pack_title="P", program=PROG, today=TODAY)
    assert "## Notes, in the person's words" in text
    assert "> Tight at first.\n>\n> Easier after \\*breathing\\*." in text
    assert "> \\<b\\>spot\\</b\\>" in text
    assert "<b>" not in text


def test_since_limits_the_period_but_not_the_judgement() -> None:
    text = build_report(
        sessions(), pack_title="P", program=PROG, today=TODAY, since=dt.date(2026, 1, 26)
    )
    assert "- **Period:** 26 Jan 2026 to 1 Feb 2026" in text
    assert "- **Sessions:** 1" in text
    assert "See a clinician" in text  # the bleeding on 20 Jan still counts
    assert "5 Jan 2026" not in text


def test_no_sessions() -> None:
    text = build_report([], pack_title="P", program=PROG, today=TODAY)
    assert "No sessions were recorded in this period." in text
    assert "- **Progression:** Begin. No sessions recorded yet." in text


def test_without_a_programme() -> None:
    text = build_report(sessions(), pack_title="P", program=None, today=TODAY)
    assert "## Now" not in text and "timeline" not in text
    assert "## Sessions per week" in text and "| Week of | Sessions | Other |" in text


def test_helpers() -> None:
    assert day(dt.date(2026, 3, 9)) == "9 Mar 2026"
    assert md("a [link](http://x) <img> | pipe\nnew line") == (
        "a \\[link\\](http://x) \\<img\\> \\| pipe new line"
    )
