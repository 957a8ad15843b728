"""``coach faq``: --list and --print are plain text, need no TUI and never print escape codes."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from coach.cli.main import main
from coach.pack.model import FaqFile
from coach.pack.validate import validate

from .packs import write_pack

ROOT = Path(__file__).resolve().parents[2]


def shipped_questions(content_dir: Path) -> list[str]:
    text = (content_dir / "faq.toml").read_text(encoding="utf-8")
    return [e.question for e in validate(FaqFile, tomllib.loads(text)).faq]


def test_list_prints_every_question(content_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--content", str(content_dir), "faq", "--list"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == shipped_questions(content_dir)


def test_print_gives_the_best_answer_as_plain_text(
    content_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    assert main(["--content", str(content_dir), "faq", "--print", "how", "often"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "How often should I do it?"
    assert lines[1] == ""
    assert "See also:" in lines
    assert "- Can I do it every day?" in lines
    assert "2-3 sessions a week" in out  # bold markers gone
    assert "**" not in out
    assert "faq:" not in out and "](" not in out  # links shown as their text
    # A faq: link names the question it leads to, so the reader can look it up.
    flowing = " ".join(out.split())
    assert "see: Does sex count toward my weekly sessions?" in flowing
    assert "see: Can I do it every day?" in flowing
    assert max(len(line) for line in lines) <= 60


def test_print_keeps_lists(content_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--content", str(content_dir), "faq", "--print", "prepare", "session"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("How should I prepare for a session?\n")
    answer = out.split("See also:")[0]
    items = [line for line in answer.splitlines() if line.startswith("- ")]
    assert len(items) >= 3
    assert all("**" not in item for item in items)


def test_print_accepts_an_id(content_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--content", str(content_dir), "faq", "--print", "see-clinician"]) == 0
    assert capsys.readouterr().out.startswith("When should I see a clinician, and who?")


def test_print_without_a_match_lists_the_nearest(
    content_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--content", str(content_dir), "faq", "--print", "xyzzy", "plover"]) == 0
    out = capsys.readouterr().out
    closest, rest = out.split("\n\n", 1)
    assert closest.startswith('No question here fits "xyzzy plover" closely.')
    assert closest.count("\n- ") == 3 and "(coach faq --print " in closest
    # The way to urgent help and a clinician, then the closest answer in full.
    assert "get urgent medical help now if" in rest and "ask a clinician" in rest
    assert "The closest answer:" in rest


def test_print_needs_a_query(content_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--content", str(content_dir), "faq", "--print"]) == 2
    assert "coach faq --print" in capsys.readouterr().err


def test_content_cannot_smuggle_escape_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    faq = (
        '[[faq]]\nid = "evil"\nbasis = "general"\nquestion = "Red \\u001b[31malert\\u001b[0m?"\n'
        'answer = "Text \\u001b]0;title\\u0007 and \\u001b[2J cleared."\n'
    )
    pack = write_pack(tmp_path, faq=faq)
    assert main(["--content", str(pack), "faq", "--list"]) == 0
    assert main(["--content", str(pack), "faq", "--print", "alert"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "Red alert?" in out
    assert "Text and cleared." in out


def test_no_arguments_open_the_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    import coach.tui.launch

    calls: list[tuple[argparse.Namespace, dict[str, object]]] = []

    def fake_run_app(args: argparse.Namespace, **kwargs: object) -> int:
        calls.append((args, kwargs))
        return 0

    monkeypatch.setattr(coach.tui.launch, "run_app", fake_run_app)
    assert main(["faq", "how", "often"]) == 0
    assert calls[0][1] == {"start": "faq", "query": "how often"}
    assert main(["faq"]) == 0
    assert calls[1][1] == {"start": "faq", "query": ""}


def _coach(*argv: str, importtime: bool = False) -> subprocess.CompletedProcess[str]:
    flags = ["-X", "importtime"] if importtime else []
    env = {**os.environ, "TERM": "xterm-256color", "FORCE_COLOR": "1", "COLUMNS": "72"}
    return subprocess.run(
        [sys.executable, *flags, "-m", "coach", "--content", str(ROOT / "content"), *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,  # pipes, not a terminal: what `coach faq --print x | less` sees
        text=True,
        check=False,
    )


def test_piped_output_has_no_escape_codes() -> None:
    result = _coach("faq", "--print", "lubricant")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Which lubricant should I use, and how much?\n")
    assert "\x1b" not in result.stdout


@pytest.mark.parametrize("mode", [["--list"], ["--print", "bowel"]])
def test_plain_modes_do_not_import_textual(mode: list[str]) -> None:
    result = _coach("faq", *mode, importtime=True)
    assert result.returncode == 0, result.stderr
    imported = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()]
    assert not [name for name in imported if name.split(".")[0] in ("textual", "rich")]
