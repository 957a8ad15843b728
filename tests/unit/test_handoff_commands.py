"""`coach settings` (valid TOML) and `coach completion` (shtab), run as the CLI runs them."""

from __future__ import annotations

import tomllib

import pytest

from coach.cli.main import main
from coach.system import paths
from coach.system.settings import Settings, read_settings


def test_settings_output_is_a_valid_settings_file(capsys, tmp_path) -> None:
    paths.ensure_private_dir(paths.config_dir())
    paths.config_file().write_text('theme = "nord"\nsound = false\nreminder_days = "mon,thu"\n')
    assert main(["settings"]) == 0
    out = capsys.readouterr().out
    data = tomllib.loads(out)
    assert data == {
        **Settings().values(),
        "theme": "nord",
        "sound": False,
        "reminder_days": "mon,thu",
    }
    assert "# journal:" in out and str(paths.journal_file()) in out
    pasted = tmp_path / "config.toml"
    pasted.write_text(out)
    settings, problems = read_settings(pasted)
    assert problems == () and settings.theme == "nord" and settings.sound is False


def test_settings_warnings_go_to_stderr(capsys) -> None:
    paths.ensure_private_dir(paths.config_dir())
    paths.config_file().write_text("sound = 3\n")
    assert main(["settings"]) == 0
    captured = capsys.readouterr()
    tomllib.loads(captured.out)
    path = paths.config_file()
    assert f"warning: {path}:1:1: sound: must be true or false" in captured.err


def test_a_path_with_a_newline_stays_in_its_comment(monkeypatch, capsys, tmp_path) -> None:
    odd = tmp_path / "odd\ntheme = 'x'"
    monkeypatch.setenv("XDG_DATA_HOME", str(odd))
    assert main(["settings"]) == 0
    assert tomllib.loads(capsys.readouterr().out)["theme"] == Settings().theme


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_name_every_command(shell: str, capsys) -> None:
    from coach.cli import COMMANDS

    assert main(["completion", shell]) == 0
    script = capsys.readouterr().out
    for name in COMMANDS:
        assert name in script
    assert "--content" in script and "export" in script


def test_completion_refuses_an_unknown_shell(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["completion", "tcsh"])
    assert exc.value.code == 2
