"""`coach report --since/--until` and `--format html`: the range, the page, its inertness."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import re
import stat
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from coach.cli import report
from coach.cli.arguments import configure
from coach.journal.figures import weeks
from coach.journal.store import Journal
from coach.outputs.report_html import build_html, chart
from coach.pack.validate import validate
from tests.snapshots.apps.journal_data import PROGRAM, fill, pack, record


def daily_pack():
    """The test pack with a daily plan: 3 sessions a day."""
    from coach.pack.model import Program

    base = pack()
    daily = validate(Program, {**PROGRAM, "plan": {"sessions": "3", "per": "day"}})
    return dataclasses.replace(base, program=daily)


def titled(title: str):
    base = pack()
    return dataclasses.replace(base, info=dataclasses.replace(base.info, title=title))


@pytest.fixture(autouse=True)
def commands_read_the_test_pack(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("coach.cli.common.load_pack_or_exit", lambda args: pack())


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    configure("report", parser)
    args = parser.parse_args(argv)
    args.content = None
    return report.run(args)


def sessions() -> None:
    with Journal.open() as journal:
        fill(
            journal,
            [
                record(dt.date(2026, 1, 5), comfort=4),
                record(dt.date(2026, 1, 8), pain=True, notes="<img src=https://x.example/a.png>"),
                record(dt.date(2026, 1, 20), bleeding=True, notes='ok "quoted" & done'),
                record(dt.date(2026, 2, 3), comfort=8, notes="late note"),
            ],
        )


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data):
        self.text.append(data)


def parsed(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    return tags


def test_html_report_is_inert_and_self_contained(tmp_path: Path, capsys) -> None:
    sessions()
    out = tmp_path / "report.html"
    assert run("--format", "html", "--out", str(out)) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    html = out.read_text("utf-8")
    tags = parsed(html)
    assert "svg" in tags.tags and "rect" in tags.tags
    for forbidden in ("script", "img", "link", "iframe", "object", "embed", "base", "form"):
        assert forbidden not in tags.tags
    for name, value in tags.attrs:
        assert not name.startswith("on")
        assert name not in ("src", "href", "srcset", "action")
        assert "http" not in (value or "") or value == "http://www.w3.org/2000/svg"
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    # the person's notes are shown as written, never as markup
    assert "<img src=https://x.example/a.png>" in "".join(tags.text)
    assert 'ok "quoted" & done' in "".join(tags.text)


def test_html_on_stdout_has_the_sections(capsys) -> None:
    sessions()
    assert run("--format", "html") == 0
    html = capsys.readouterr().out
    for heading in ("Now", "Sessions per week", "Size timeline", "Check-ins to look at", "Notes"):
        assert f"<h2>{heading}" in html
    # every check-in answer worth a look, with its words: the spotting, the pain, attempts
    assert "<strong>Bleeding: Spotting</strong>" in html
    assert "<strong>pain</strong> reported after" in html and "3 attempts" in html
    assert "Done (plan: 2-3 a week)" in html and "Resistance" in html
    assert "Comfort, average (0-10)" in html


def no_levels():
    """The test pack with no protocol using levels."""
    base = pack()
    protocols = [dataclasses.replace(p, uses_levels=False) for p in base.protocols]
    return dataclasses.replace(base, protocols=protocols)


def now_facts_md(md: str) -> list[tuple[str, str]]:
    section = md.split("## Now\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^- \*\*(.*?):\*\* (.*)$", section, re.M)


def now_facts_html(html: str) -> list[tuple[str, str]]:
    section = html.split("<h2>Now</h2>", 1)[1].split("<h2>", 1)[0]
    return re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", section)


@pytest.mark.parametrize("levels", [True, False], ids=["levels", "no-levels"])
def test_html_speaks_the_figures_of_the_markdown_report(
    levels: bool, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same Now facts, in the same order, as the Markdown report (one definition:
    coach.outputs.report.now); the level only where a protocol uses levels."""
    used = pack() if levels else no_levels()
    monkeypatch.setattr("coach.cli.common.load_pack_or_exit", lambda args: used)
    sessions()
    assert run("--until", "2026-02-04") == 0
    md = now_facts_md(capsys.readouterr().out)
    assert run("--until", "2026-02-04", "--format", "html") == 0
    html = now_facts_html(capsys.readouterr().out)
    unescaped = [(label, escape(value.replace(chr(92), ""))) for label, value in md]
    assert unescaped == html
    labels = [label for label, _ in md]
    assert labels[-3:] == ["Done", "Advice", "Next"]
    assert (len(labels) == 4) is levels, labels  # the level first, where levels are used


def test_html_shows_a_daily_plan_as_today() -> None:
    today = dt.date(2026, 1, 7)
    html = build_html(
        [record(today, hour=8), record(today, hour=12)],
        pack=daily_pack(),
        today=today,
    )
    assert "<dt>Done</dt><dd>2 of 3 today</dd>" in html
    assert "1 more session today" in html
    assert "plan: 3 a day (21 a week)" in html and "Done (plan: 3 a day)" in html


def test_html_names_unreadable_sessions_and_activities() -> None:
    from coach.journal.records import ActivityRecord

    day_ = dt.date(2026, 1, 5)  # a Monday: a whole first week
    logged = ActivityRecord(
        id=1,
        pack_id="test-pack",
        activity_id="intercourse",
        title="Intercourse instead of a session",
        counts=True,
        day=day_,
        logged=dt.datetime(2026, 1, 5, 20, tzinfo=dt.UTC),
        note="<b>fine</b>",
    )
    html = build_html([record(day_)], pack=pack(), today=day_, activities=[logged], unreadable=2)
    assert "2 sessions could not be read." in html
    assert "<h2>Logged activities" in html and "&lt;b&gt;fine&lt;/b&gt;" in html
    assert "<dt>Done</dt><dd>2 of 2-3 this week</dd>" in html  # the activity counts


def test_range_selects_sessions_in_both_formats(capsys) -> None:
    sessions()
    assert run("--since", "2026-01-06", "--until", "2026-01-25") == 0
    md = capsys.readouterr().out
    assert "6 Jan 2026 to 25 Jan 2026" in md and "**Sessions:** 2" in md
    assert "late note" not in md
    assert run("--since", "2026-01-06", "--until", "2026-01-25", "--format", "html") == 0
    html = capsys.readouterr().out
    assert "6 Jan 2026 to 25 Jan 2026" in html and "late note" not in html
    assert "<dd>2</dd>" in html


def test_range_the_wrong_way_round_is_refused(capsys) -> None:
    assert run("--since", "2026-02-01", "--until", "2026-01-01") == 2
    assert "after --until" in capsys.readouterr().err


def test_bad_dates_are_refused(capsys) -> None:
    with pytest.raises(SystemExit):
        run("--until", "31/01/2026")
    assert "use YYYY-MM-DD" in capsys.readouterr().err


def test_empty_range_says_so() -> None:
    html = build_html([], pack=pack(), today=dt.date(2026, 1, 9))
    assert "No sessions were recorded in this period." in html


def test_chart_scales_and_marks_pain() -> None:
    recs = [
        record(dt.date(2026, 1, 5)),
        record(dt.date(2026, 1, 6), pain=True),
        record(dt.date(2026, 1, 19), bleeding=True, counts_as_session=False),
    ]
    found = weeks(pack(), recs, since=dt.date(2026, 1, 5), until=dt.date(2026, 1, 19))
    svg = chart(found, (2, 3), flags={"bleeding": "Bleeding"})
    assert svg.count("<circle") == 2  # one week with pain, one with bleeding
    assert svg.count('fill="#2f6f8f"') == 1  # one week with counted sessions
    assert "Week of 5 Jan 2026: 2 counted" in svg
    assert "Week of 19 Jan 2026: 0 counted, 1 other, 0 with pain, 1 with bleeding" in svg


def test_a_hostile_title_is_escaped() -> None:
    html = build_html(
        [record(dt.date(2026, 1, 5), protocol_title="</title><script>x</script>")],
        pack=titled('"><script>alert(1)</script>'),
        today=dt.date(2026, 1, 9),
    )
    assert "<script" not in html and "&lt;script&gt;" in html


def test_a_yes_that_is_good_news_is_not_marked_as_a_warning() -> None:
    """examples/pelvic-floor asks "felt it let go?" (yes/no): a yes is counted in the table,
    never drawn as the chart's warning mark, which is for pain and graded answers."""
    from coach.pack.load import load_pack

    example = load_pack(Path(__file__).resolve().parents[2] / "examples" / "pelvic-floor")
    day_ = dt.date(2026, 1, 5)
    felt = record(day_, pack_id=example.info.id, answers={"felt-it": True, "pain": False})
    html = build_html([felt], pack=example, today=day_)
    assert "<circle" not in html
    assert "pain reported that week" in html and "felt it reported" not in html
    assert "<th class=n>Felt it</th>" in html and "Felt it: yes" in html
    assert "<strong>Felt it" not in html
    assert "<dt>Done</dt><dd>1 of 3 today</dd>" in html
