"""Examples by name: `coach --content pelvic-floor`, `coach init --example pelvic-floor`."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from coach.cli.main import main
from coach.pack.examples import example_names, resolve_content
from coach.pack.init import InitError, init_example
from coach.pack.load import load_pack


def test_examples_are_found_by_name() -> None:
    assert "pelvic-floor" in example_names()
    assert Path(resolve_content("pelvic-floor"), "pack.toml").is_file()
    assert resolve_content("no-such-thing") == "no-such-thing"


def test_an_existing_folder_wins_over_an_example(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "pelvic-floor").mkdir()
    monkeypatch.chdir(tmp_path)
    assert resolve_content("pelvic-floor") == "pelvic-floor"


def test_content_by_example_name(capsys, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no folder of that name here
    assert main(["--content", "pelvic-floor", "check"]) == 0
    assert "problem" not in capsys.readouterr().err
    assert main(["--content", "pelvic-floor", "faq", "--list"]) == 0
    assert "breath" in capsys.readouterr().out.lower()


def test_init_example_copies_schemas_and_points_at_them(tmp_path: Path) -> None:
    target = tmp_path / "mine"
    written = init_example("pelvic-floor", target)
    assert (target / "schema" / "protocol.schema.json").is_file()
    for path in written:
        if path.suffix == ".toml":
            first = path.read_text().splitlines()[0]
            schema = first.removeprefix("#:schema ").strip()
            assert (path.parent / schema).resolve().is_file(), first
            tomllib.loads(path.read_text())
    assert load_pack(target).info.id == load_pack(Path(resolve_content("pelvic-floor"))).info.id
    with pytest.raises(InitError, match="--force"):
        init_example("pelvic-floor", target)


def test_init_example_command(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init", "--example", "pelvic-floor"]) == 0
    assert "coach --content pelvic-floor" in capsys.readouterr().out
    assert (tmp_path / "pelvic-floor" / "pack.toml").is_file()
    assert main(["init", "--example", "nope"]) == 1
    assert "no example called 'nope'" in capsys.readouterr().err
