"""One rule for text into every output (issue 26 item 1): a pack whose every free-text field
is hostile (tests/unit/hostile.py walks the JSON Schemas) and a journal with hostile notes, then
every command that prints or writes them. Nothing raw reaches a terminal, a spreadsheet, a
calendar or a page: no ESC, BEL, bidi override or line separator; no formula cell; no tag or
link in a report."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from coach.cli.main import main
from coach.journal.status_refresh import refresh
from coach.journal.store import Journal
from coach.pack.load import load_pack
from tests.snapshots.apps.journal_data import fill, record
from tests.unit.hostile import ATTACKS, LONG, VERY_LONG, hostile_pack

TODAY = dt.date.today()


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    folder = hostile_pack(tmp_path / "hostile")
    with Journal.open() as journal:
        fill(
            journal,
            [
                record(
                    TODAY - dt.timedelta(days=days),
                    pack_id="hostile",
                    protocol_title=LONG,
                    notes=VERY_LONG,
                    bleeding=True,
                )
                for days in (1, 3, 9)
            ],
        )
        # What every journal writer does after writing: `coach status` reads this summary.
        refresh(load_pack(folder), journal, TODAY)
    return folder


def raw_attacks(text: str) -> list[str]:
    return [repr(char) for char in ATTACKS if char in text]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    said = capsys.readouterr()
    out = said.out + said.err
    assert "Traceback" not in out and "something went wrong" not in out, out[-2000:]
    assert raw_attacks(out) == [], (argv, out[:3000])
    return code, said.out


@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["status"],
        ["history"],
        ["plan"],
        ["plan", "--details"],
        ["faq", "--list"],
        ["faq", "--print", "lubricant"],
        ["report"],
    ],
)
def test_terminal_outputs_are_clean(command: list[str], pack_dir: Path, capsys) -> None:
    code, out = run(capsys, "--content", str(pack_dir), *command)
    assert code == 0 and out


def test_status_json_keeps_the_text_escaped(pack_dir: Path, capsys) -> None:
    _, out = run(capsys, "--content", str(pack_dir), "status", "--format", "json")
    data = json.loads(out)
    assert data  # the title may be shown or not; whatever is in it is the exact text


def test_history_json_is_exact_and_escaped(pack_dir: Path, capsys) -> None:
    _, out = run(capsys, "--content", str(pack_dir), "history", "--format", "json")
    data = json.loads(out)
    rows = data if isinstance(data, list) else data["sessions"]
    assert [row["notes"] for row in rows] == [VERY_LONG] * 3  # exact, once decoded


def test_history_csv_has_no_formula_and_no_control(pack_dir: Path, capsys) -> None:
    _, out = run(capsys, "--content", str(pack_dir), "history", "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert len(rows) == 4  # the header (the level noun in it) and three sessions
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell[:80]


@pytest.mark.parametrize("form", ["markdown", "html"])
def test_reports_carry_no_tag_and_no_link(form: str, pack_dir: Path, tmp_path: Path, capsys):
    target = tmp_path / f"report.{form}"
    code, _ = run(
        capsys, "--content", str(pack_dir), "report", "--format", form, "--out", str(target)
    )
    assert code == 0
    page = target.read_text("utf-8")
    assert raw_attacks(page) == []
    if form == "markdown":  # each tag and link escaped, so it reads as written
        for live in (r"(?<!\\)<script", r"(?<!\\)<img", r"(?<!\\)\[link\]\("):
            assert not re.search(live, page), live
    else:
        assert "<script" not in page and "<img" not in page and "<b>" not in page
        assert "<a " not in page.replace('<a href="#', "")  # no link leaves the page


def test_the_calendar_has_no_control_and_one_end_per_event(
    pack_dir: Path, tmp_path: Path, capsys
) -> None:
    target = tmp_path / "plan.ics"
    code, _ = run(
        capsys,
        "--content",
        str(pack_dir),
        "plan",
        "--ics",
        str(target),
        "--weeks",
        "2",
        "--days",
        "mon,thu",
        "--time",
        "19:30",
    )
    assert code == 0
    text = target.read_bytes().decode("utf-8")  # as written: CRLF between lines
    assert raw_attacks(text) == []
    lines = text.split("\r\n")
    assert all(line.isprintable() for line in lines), [ln for ln in lines if not ln.isprintable()]
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") > 0
    assert lines.count("END:VCALENDAR") == 1


def test_pack_install_says_the_title_safely(pack_dir: Path, tmp_path: Path, capsys) -> None:
    made = tmp_path / "hostile.zip"
    with zipfile.ZipFile(made, "w") as archive:
        for path in sorted(pack_dir.rglob("*")):
            if path.is_file():
                archive.write(path, f"hostile/{path.relative_to(pack_dir)}")
    code, out = run(capsys, "pack", "install", str(made), "--dir", str(tmp_path / "into"))
    assert code == 0 and "Installed" in out
