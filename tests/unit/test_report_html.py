"""`coach report --since/--until` and `--format html`: the range, the page, its inertness."""

from __future__ import annotations

import argparse
import datetime as dt
import stat
from html.parser import HTMLParser
from pathlib import Path

import pytest

from coach.commands import report
from coach.journal import Journal
from coach.journal.report_html import build_html, chart
from coach.journal.weekly import weekly
from tests.snapshots.apps.journal_data import fill, pack, program, record


@pytest.fixture(autouse=True)
def test_pack(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("coach.commands._common.load_pack_or_exit", lambda args: pack())


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    report.configure(parser)
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
    for heading in ("Now", "Sessions per week", "Size timeline", "Pain and bleeding", "Notes"):
        assert f"<h2>{heading}" in html


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
    html = build_html([], pack_title="T", program=program(), today=dt.date(2026, 1, 9))
    assert "No sessions were recorded in this period." in html


def test_chart_scales_and_marks_pain() -> None:
    recs = [record(dt.date(2026, 1, 5)), record(dt.date(2026, 1, 6), pain=True)]
    weeks = weekly(recs, since=dt.date(2026, 1, 5), until=dt.date(2026, 1, 19))
    svg = chart(weeks, (2, 3))
    assert svg.count("<circle") == 1  # one week with pain
    assert svg.count('fill="#2f6f8f"') == 1  # one week with counted sessions
    assert "Week of 5 Jan 2026: 2 counted" in svg


def test_a_hostile_title_is_escaped() -> None:
    html = build_html(
        [record(dt.date(2026, 1, 5), protocol_title="</title><script>x</script>")],
        pack_title='"><script>alert(1)</script>',
        program=program(),
        today=dt.date(2026, 1, 9),
    )
    assert "<script" not in html and "&lt;script&gt;" in html
