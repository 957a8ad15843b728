"""The clinician's report: concise, factual Markdown from the person's own log."""

from __future__ import annotations

import datetime as dt

from coach.outputs.report import FOOTER, build_report, day, md
from tests.snapshots.apps.journal_data import pack, record

PACK = pack()
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
    text = build_report(sessions(), pack_title="Dilation [home]", pack=PACK, today=TODAY)
    lines = text.splitlines()
    assert lines[0] == "# Home exercise log: Dilation \\[home\\]"
    assert "- **Period:** 5 Jan 2026 to 1 Feb 2026" in lines
    # One definition of a session that counts: the pain stop, the drill and the unfinished
    # one don't.
    assert "- **Sessions:** 7 (4 counted toward the plan, 3 other)" in lines
    assert "- **Generated:** 1 Feb 2026" in lines
    assert lines[-1] == f"*{FOOTER}*"
    assert "own log" in FOOTER


def test_now_section_has_the_progression_outcome() -> None:
    text = build_report(sessions(), pack_title="P", pack=PACK, today=TODAY)
    assert "- **Size:** Size 2 · 2 of 4" in text
    assert "- **Done:** 0 of 2-3 this week" in text
    assert "- **Advice:** Behind this week" in text
    assert "> Fewer sessions than planned this week." in text
    assert "- **Next:** 2-3 more sessions this week, at Size 2." in text


def test_now_section_shows_urgency() -> None:
    heavy = [*sessions()[:-1], record(dt.date(2026, 1, 30), level="size-2", bleeding="heavy")]
    text = build_report(heavy, pack=PACK, pack_title="P", today=TODAY)
    assert "- **Advice:** Get medical help now" in text
    assert "- **Next:** Before another session: follow the advice below." in text
    assert "> Get urgent medical help now." in text


def test_weeks_table_includes_empty_weeks_and_comfort_trend() -> None:
    text = build_report(sessions(), pack_title="P", pack=PACK, today=TODAY)
    assert (
        "| Week of | Done (plan: 2-3 a week) | Other | Attempts | Resistance "
        "| Comfort, average (0-10) | Pain | Bleeding |"
    ) in text
    assert "| 5 Jan 2026 | 2 | 0 | 6 | 0 | 4.5 | 0 | 0 |" in text
    assert "| 12 Jan 2026 | 1 | 1 | 6 | 0 | 6.0 | 1 | 0 |" in text
    assert "| 19 Jan 2026 | 1 | 1 | 6 | 0 | 6.5 | 0 | 1 |" in text
    assert "| 26 Jan 2026 | 0 | 1 | 3 | 0 | – | 0 | 0 |" in text
    assert "Comfort went from 4.5 (week of 5 Jan 2026) to 6.5 (week of 19 Jan 2026)" in text


def test_level_timeline() -> None:
    text = build_report(sessions(), pack_title="P", pack=PACK, today=TODAY)
    assert "## Size timeline" in text
    assert "| 5 Jan 2026 | 7 Jan 2026 | Size 1 (smallest) | 2 | 0 |" in text
    assert "| 14 Jan 2026 | 28 Jan 2026 | Size 2 | 4 | 1 |" in text


def test_pain_bleeding_and_unfinished_are_listed_with_dates() -> None:
    text = build_report(sessions(), pack_title="P", pack=PACK, today=TODAY)
    assert "1 of 7 sessions with pain; 1 stopped early for pain." in text
    assert "- 16 Jan 2026 09:00, Dilation session, Size 2: **stopped for pain**; 3 attempts" in text
    assert (
        "- 20 Jan 2026 09:00, Dilation session, Size 2: comfort: 7; **bleeding: Spotting**; "
        "3 attempts"
    ) in text
    # Nothing to look at on 5 Jan: it is in the weeks' figures, not listed.
    assert "- 5 Jan 2026 09:00" not in text
    assert (
        "- 28 Jan 2026 09:00, Dilation session: never finished (closed or interrupted); "
        "2 of 4 steps, 4.5 active minutes"
    ) in text


def test_notes_are_quoted_literally() -> None:
    text = build_report(sessions(), pack_title="P", pack=PACK, today=TODAY)
    assert "## Notes, in the person's words" in text
    assert "> Tight at first.\n>\n> Easier after \\*breathing\\*." in text
    assert "> \\<b\\>spot\\</b\\>" in text
    assert "<b>" not in text


def test_since_limits_the_period_but_not_the_judgement() -> None:
    text = build_report(
        sessions(), pack_title="P", pack=PACK, today=TODAY, since=dt.date(2026, 1, 26)
    )
    assert "- **Period:** 26 Jan 2026 to 1 Feb 2026" in text
    assert "- **Sessions:** 1" in text
    assert "- **Size:** Size 2 · 2 of 4" in text  # judged from every session
    assert "5 Jan 2026 09:00" not in text  # (the programme's start date is still said)
    assert "Started 5 Jan 2026" in text


def test_no_sessions() -> None:
    text = build_report([], pack_title="P", pack=PACK, today=TODAY)
    assert "No sessions were recorded in this period." in text
    assert "- **Advice:** Begin" in text


def test_without_a_programme() -> None:
    text = build_report(sessions(), pack_title="P", pack=None, today=TODAY)
    assert "## Now" not in text and "timeline" not in text
    assert "## Sessions per week" in text and "| Week of | Done | Other |" in text


def test_helpers() -> None:
    assert day(dt.date(2026, 3, 9)) == "9 Mar 2026"
    assert md("a [link](http://x) <img> | pipe\nnew line") == (
        "a \\[link\\](http://x) \\<img\\> \\| pipe new line"
    )


def test_discreet_title_names_nothing_and_the_body_stays_clinical() -> None:
    text = build_report(
        sessions(), pack_title="Dilation at home", pack=PACK, today=TODAY, discreet=True
    )
    assert text.splitlines()[0] == "# Home exercise log"
    assert "Dilation at home" not in text.splitlines()[0]
    assert "## Now" in text or "Now" in text  # the clinical body is still there


def test_the_report_names_the_protocols_source(content_dir) -> None:
    from coach.pack.load import load_pack

    shipped = load_pack(content_dir)
    text = build_report([], pack_title=shipped.info.title, pack=shipped, today=TODAY)
    assert "## Source of the protocol" in text
    assert "Bespoke Surgical" in text and "not affiliated" in text
    assert text.index("## Source of the protocol") < text.index(FOOTER)


def test_the_report_comes_a_line_at_a_time_and_is_the_same_text() -> None:
    from coach.outputs.report import iter_report

    pieces = list(iter_report(sessions(), pack_title="P", pack=PACK, today=TODAY))
    whole = build_report(sessions(), pack_title="P", pack=PACK, today=TODAY)
    assert "".join(pieces) == whole and whole.endswith(f"*{FOOTER}*\n")
    assert len(pieces) == whole.count("\n") + 1  # a piece a line: written as each is ready
    assert all(piece.count("\n") == 1 for piece in pieces[:-1]) and pieces[-1] == ""
    empty = list(iter_report([], pack_title="P", pack=PACK, today=TODAY))
    assert "".join(empty) == build_report([], pack_title="P", pack=PACK, today=TODAY)
