"""Finding the file and line behind what is on screen, the copy, and the editor's command."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coach.pack.editing import (
    EditError,
    Location,
    copy_for_editing,
    editor_command,
    find_faq_entry,
    find_step,
    is_installed,
    precedence,
)
from coach.pack.examples import example_path
from coach.system import paths


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_find_step_gives_the_steps_table_line(content_dir: Path) -> None:
    found = find_step([content_dir], "dilation-session", 0)
    assert found is not None and found.path.name == "dilation-session.toml"
    text = found.path.read_text().splitlines()
    assert text[found.line - 1].strip() == "[[steps]]"
    second = find_step([content_dir], "dilation-session", 1)
    assert second is not None and second.line > found.line
    assert text[second.line - 1].strip() == "[[steps]]"
    assert find_step([content_dir], "no-such-protocol", 0) is None


def test_find_faq_entry_line(content_dir: Path) -> None:
    import tomllib

    entries = tomllib.loads((content_dir / "faq.toml").read_text())["faq"]
    last = entries[-1]["id"]
    found = find_faq_entry([content_dir], last)
    assert found is not None
    lines = found.path.read_text().splitlines()
    assert lines[found.line - 1].strip() == "[[faq]]"
    # the id is in the entry that starts at that line
    following = "\n".join(lines[found.line : found.line + 5])
    assert f'"{last}"' in following
    assert find_faq_entry([content_dir], "missing-entry") is None


def test_the_persons_copy_comes_first(tmp_path: Path, content_dir: Path) -> None:
    user = tmp_path / "user"
    (user / "protocols").mkdir(parents=True)
    shutil.copy(content_dir / "protocols" / "control-drill.toml", user / "protocols")
    found = find_step([user, content_dir], "control-drill", 0)
    assert found is not None and found.path.is_relative_to(user)
    other = find_step([user, content_dir], "dilation-session", 0)
    assert other is not None and other.path.is_relative_to(content_dir)


def test_precedence_follows_the_overlay(tmp_path: Path) -> None:
    assert precedence(tmp_path) == [tmp_path]
    assert precedence(None) == [paths.shipped_content_dir()]
    paths.user_content_dir().mkdir(parents=True)
    assert precedence(None) == [paths.user_content_dir(), paths.shipped_content_dir()]


def test_installed_files_are_copied_with_the_whole_pack_first(content_dir: Path) -> None:
    original = find_step([paths.shipped_content_dir()], "dilation-session", 2)
    assert original is not None and is_installed(original.path)
    before = original.path.read_bytes()
    copy = copy_for_editing(original)
    user = paths.user_content_dir()
    assert copy.path == user / "protocols" / "dilation-session.toml" and copy.line == original.line
    assert (user / "pack.toml").is_file() and (user / "schema").is_dir()  # like coach init
    assert not is_installed(copy.path)
    assert original.path.read_bytes() == before
    # a file already in the person's folder is the one to edit: never overwritten
    copy.path.write_text(copy.path.read_text() + "\n# mine\n")
    again = copy_for_editing(original)
    assert again.path == copy.path and "# mine" in again.path.read_text()


def test_with_a_content_folder_only_the_missing_file_is_copied() -> None:
    user = paths.user_content_dir()
    user.mkdir(parents=True)
    faq = find_faq_entry([paths.shipped_content_dir()], "lubricant") or Location(
        paths.shipped_content_dir() / "faq.toml", 3
    )
    copy = copy_for_editing(faq)
    assert copy.path == user / "faq.toml"
    assert sorted(p.name for p in user.iterdir()) == ["faq.toml", "schema"]


def test_an_installed_example_is_not_copied_over_the_default() -> None:
    folder = example_path("pelvic-floor")
    assert folder is not None
    found = find_step([Path(folder)], "body-scan", 0)
    assert found is not None and is_installed(found.path)
    with pytest.raises(EditError, match="coach init --example pelvic-floor"):
        copy_for_editing(found)
    assert not paths.user_content_dir().exists()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"VISUAL": "vim", "EDITOR": "nano"}, ["vim", "+7", "/f.toml"]),
        ({"EDITOR": "nano"}, ["nano", "+7", "/f.toml"]),
        ({"EDITOR": "code --wait"}, ["code", "--wait", "--goto", "/f.toml:7"]),
        ({"EDITOR": "/usr/bin/hx"}, ["/usr/bin/hx", "/f.toml:7"]),
        ({"EDITOR": "emacs -nw"}, ["emacs", "-nw", "+7", "/f.toml"]),
        (
            {"VISUAL": "  ", "EDITOR": "'my editor' --flag"},
            ["my editor", "--flag", "+7", "/f.toml"],
        ),
    ],
)
def test_editor_command(env: dict[str, str], expected: list[str]) -> None:
    assert editor_command(Location(Path("/f.toml"), 7), env, which=lambda n: None) == expected


def test_editor_fallback_and_none() -> None:
    where = Location(Path("/f.toml"), 0)
    found = {"vi"}
    assert editor_command(where, {}, which=lambda n: n if n in found else None) == [
        "vi",
        "+1",
        "/f.toml",
    ]
    found.add("nano")
    assert editor_command(where, {}, which=lambda n: n if n in found else None)[0] == "nano"
    with pytest.raises(EditError, match="set \\$EDITOR"):
        editor_command(where, {}, which=lambda n: None)
    with pytest.raises(EditError, match="cannot be read"):
        editor_command(where, {"EDITOR": "vim 'unclosed"}, which=lambda n: None)


def test_a_path_is_one_argument_and_absolute(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    odd = Location(Path("-rf; rm x $(y).toml"), 2)
    command = editor_command(odd, {"EDITOR": "nano"})
    assert command[-1] == str(tmp_path / "-rf; rm x $(y).toml")
    assert len(command) == 3
