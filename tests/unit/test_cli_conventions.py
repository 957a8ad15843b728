"""The command line's conventions (issue 25.7), one test each: global options after the
command, ``-`` for stdout, plurals, a missing ``--content`` folder, ``check``'s one line on
overlays, missing keys named, completion that knows coach's names, and a current man page."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from coach.cli import COMMANDS
from coach.cli.main import main
from coach.entry import main as entry_main
from coach.pack.examples import example_names
from tests.helpers import shipped_pack

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "pelvic-floor"


@pytest.mark.parametrize(
    "argv",
    [
        ["status", "--discreet"],
        ["status", "--content", str(EXAMPLE)],
        ["history", "--content", "pelvic-floor", "--format", "json"],
        ["report", "--discreet", "--content", str(EXAMPLE)],
        ["faq", "--list", "--discreet"],
    ],
)
def test_global_options_are_taken_after_the_command(
    argv: list[str], isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from coach.cli.arguments import build_parser

    args = build_parser().parse_args(argv)
    assert args.content or args.discreet  # the option given after the command was kept
    before = build_parser().parse_args(["--discreet", "--content", "x", *argv[:1]])
    assert before.discreet and before.content == "x"  # and before it, not overwritten
    assert main(argv) == 0, capsys.readouterr().err
    # a command's own command takes them too
    nested = build_parser().parse_args(["pack", "export", "p.zip", "--content", "c"])
    assert nested.content == "c" and nested.file == "p.zip"


def test_the_status_fast_path_takes_them_after_too(
    isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert entry_main(["status", "--discreet", "--content", str(EXAMPLE)]) == 0
    assert entry_main(["--content", str(EXAMPLE), "status", "--discreet"]) == 0
    assert capsys.readouterr().err == ""


def test_a_dash_means_stdout_for_every_out_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_dirs: Path, capsys
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["report", "--out", "-"]) == 0
    assert capsys.readouterr().out.startswith("# ")
    assert main(["schema", "--out", "-", "--role", "faq"]) == 0
    assert '"title": "coach faq file"' in capsys.readouterr().out
    assert main(["plan", "--ics", "-", "--days", "mon", "--time", "9:00"]) == 0
    assert capsys.readouterr().out.startswith("BEGIN:VCALENDAR")
    assert not (tmp_path / "-").exists()


def test_a_missing_content_folder_says_so(
    tmp_path: Path, isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv in (
        ["--content", "nosuch", "status"],
        ["status", "--content", "nosuch"],
        ["history", "--content", "nosuch"],
    ):
        assert entry_main(argv) == 2
        err = capsys.readouterr().err
        assert "--content nosuch: no such folder" in err, err
        assert "pelvic-floor" in err  # the examples a name could have meant
        assert "no pack id" not in err
    afile = tmp_path / "pack.toml"
    afile.write_text("")
    assert main(["--content", str(afile), "history"]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_check_counts_your_changes_in_one_line(
    isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init"]) == 0
    capsys.readouterr()
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    changes = [line for line in out.splitlines() if "replace" in line]
    assert len(changes) == 1, out
    assert "your changes:" in changes[0] and "--verbose lists them" in changes[0]
    assert main(["check", "--verbose"]) == 0
    verbose = capsys.readouterr().out
    assert verbose.count("replaces the default") > 10
    assert "protocol 'dilation-session' replaces the default" in verbose


def test_a_missing_key_is_named_in_its_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "pack"
    shutil.copytree(EXAMPLE, folder)
    protocol = next((folder / "protocols").glob("*.toml"))
    text = protocol.read_text()
    first_step = text.index("[[steps]]")
    head, steps = text[:first_step], text[first_step:]
    lines = steps.splitlines()
    title = next(i for i, line in enumerate(lines) if line.startswith("title = "))
    protocol.write_text(head + "\n".join(lines[:title] + lines[title + 1 :]) + "\n")
    assert main(["check", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "steps[0].title: the required key 'title' is missing" in out, out


@pytest.mark.parametrize(
    ("count", "words", "said"),
    [
        (1, ("file",), "1 file"),
        (2, ("file",), "2 files"),
        (0, ("day",), "0 days"),
        (1, ("FAQ entry", "FAQ entries"), "1 FAQ entry"),
        (3, ("FAQ entry", "FAQ entries"), "3 FAQ entries"),
    ],
)
def test_plural(count: int, words: tuple[str, ...], said: str) -> None:
    from coach.cli.common import plural

    assert plural(count, *words) == said


def test_plurals_agree(tmp_path: Path, isolated_dirs: Path, capsys) -> None:
    out = tmp_path / "p.ics"
    assert main(["plan", "--ics", str(out), "--days", "mon", "--time", "9:00"]) == 0
    said = capsys.readouterr().out
    assert "1 session a week" in said and "1 sessions" not in said and "1 days" not in said


def test_completion_offers_protocols_examples_and_pack_files(
    isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["completion", "--list", "protocols"]) == 0
    assert capsys.readouterr().out.split() == [
        "control-drill",
        "dilation-session",
        "maintenance-session",
    ]
    assert main(["--content", "pelvic-floor", "completion", "--list", "protocols"]) == 0
    assert "diaphragmatic-breathing" in capsys.readouterr().out.split()
    assert main(["completion", "--list", "examples"]) == 0
    assert capsys.readouterr().out.split() == example_names() == ["pelvic-floor"]
    assert main(["completion", "--list", "activities"]) == 0
    program = shipped_pack().program
    assert program is not None and program.activities  # the check below can fail
    assert capsys.readouterr().out.split() == [activity.id for activity in program.activities]
    for shell in ("bash", "zsh", "fish"):
        assert main(["completion", shell]) == 0
        script = capsys.readouterr().out
        assert "coach completion --list protocols" in script
        assert "coach completion --list examples" in script
    assert main(["completion", "bash"]) == 0
    assert "*.zip" in capsys.readouterr().out  # pack install offers archives


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completes_a_protocol_id_and_an_example(
    tmp_path: Path, isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Through bash itself: the script, sourced, asks coach (on PATH) for the words."""
    assert main(["completion", "bash"]) == 0
    script = tmp_path / "coach.bash"
    script.write_text(capsys.readouterr().out)
    coach = Path(shutil.which("coach", path=str(Path(__import__("sys").executable).parent)) or "")
    if not coach.is_file():
        pytest.skip("coach is not installed beside this Python")
    probe = f"""
source {script}
try() {{ COMP_WORDS=("$@"); COMP_CWORD=$((${{#COMP_WORDS[@]}}-1)); COMPREPLY=(); _shtab_coach;
        echo "${{COMPREPLY[*]}}"; }}
try coach start dil
try coach status --content pel
"""
    done = subprocess.run(
        ["bash", "-c", probe],
        capture_output=True,
        text=True,
        env={"PATH": f"{coach.parent}:/usr/bin:/bin", "HOME": str(isolated_dirs)},
        timeout=60,
        check=False,
    )
    assert done.stdout.splitlines() == ["dilation-session", "pelvic-floor"], done.stderr


def _manpage_module():
    spec = importlib.util.spec_from_file_location("manpage", ROOT / "docs" / "manpage.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_man_page_is_current_and_installed_with_the_wheel() -> None:
    manpage = _manpage_module()
    page = (ROOT / "docs" / "coach.1").read_text(encoding="utf-8")
    assert page == manpage.render(), "run: python docs/manpage.py"
    for name in COMMANDS:
        assert f".SS coach {name}\n" in page
    assert "\\-\\-discreet" in page and "\\-\\-ics" in page
    with (ROOT / "pyproject.toml").open("rb") as f:
        shared = tomllib.load(f)["tool"]["hatch"]["build"]["targets"]["wheel"]["shared-data"]
    assert shared == {"docs/coach.1": "share/man/man1/coach.1"}


@pytest.mark.skipif(shutil.which("groff") is None, reason="needs groff")
def test_the_man_page_formats_without_warnings() -> None:
    done = subprocess.run(
        ["groff", "-man", "-ww", "-z", str(ROOT / "docs" / "coach.1")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr
