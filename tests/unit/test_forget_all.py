"""Issue 21, item 6: ``coach forget`` forgets everything personal (the journal and all beside
it, the status summary, the cached content, the log), keeps the settings and the person's own
content unless told, and leaves ``coach status`` saying what it says before a first session.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from coach.cli import forget, history, report, status
from coach.cli.arguments import configure
from coach.journal import status_summary
from coach.journal.records import CheckIn
from coach.journal.status_refresh import summary_from
from coach.journal.store import Journal
from coach.pack.source import load_or_fallback
from coach.system import logs, paths
from tests.snapshots.apps.journal_data import fill, pack, record

NOTE = "sharp pain at step 4"


@pytest.fixture(autouse=True)
def commands_read_the_test_pack(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr("coach.cli.common.load_pack_or_exit", lambda args: pack())
    yield
    if logs._handler is not None:  # the log file set up here was this test's own
        logging.getLogger().removeHandler(logs._handler)
        logs._handler.close()
        logs._handler = None


def run(module: ModuleType, *argv: str) -> int:
    parser = argparse.ArgumentParser()
    configure(module.__name__.rpartition(".")[2], parser)
    args = parser.parse_args(argv)
    args.content = None
    return module.run(args)


def status_line(capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert status.show(fmt="json", discreet=False, content=None) == 0
    return capsys.readouterr().out


def live_a_while(capsys: pytest.CaptureFixture[str]) -> None:
    """What using coach leaves: sessions with answers and notes, a damaged copy moved aside, a
    claim a killed session left, the status summary, the last good content, a log record."""
    shipped, _ = load_or_fallback(None)  # the cached last good copy of the content
    assert shipped is not None
    with Journal.open() as journal:
        (sid, cut) = fill(
            journal,
            [
                record(dt.date.today(), notes=NOTE, bleeding="heavy"),
                record(dt.date.today(), finished=False, completed=False),
            ],
        )
        journal.save_checkin(sid, CheckIn({"bleeding": "heavy"}, notes=NOTE))
        journal.claim_session(cut)
        status_summary.write_summary(summary_from(pack(), journal.sessions(), dt.date.today()))
    path = paths.journal_file()
    path.with_name(path.name + ".damaged-20260101-000000").write_bytes(b"old " + NOTE.encode())
    logs.setup()
    logging.getLogger("coach.test").warning("session %s of %s: %s", sid, pack().info.id, NOTE)
    assert run(history) == 0 and run(report) == 0
    capsys.readouterr()


def files_under(*folders: Path) -> list[Path]:
    return sorted(p for folder in folders if folder.exists() for p in folder.rglob("*"))


def test_after_forget_nothing_personal_is_left_and_status_is_as_before_a_first_session(
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = paths.config_file()
    paths.ensure_private_dir(settings.parent)
    settings.write_text("discreet = false\n")
    before = status_line(capsys)
    live_a_while(capsys)
    assert status_line(capsys) != before
    personal = files_under(paths.data_dir(), paths.cache_dir(), paths.state_dir())
    assert {p.name for p in personal} >= {
        "journal.sqlite3",
        "status.txt",
        "coach.log",
        "journal.sqlite3.damaged-20260101-000000",
        "last-good",
    }

    assert run(forget, "--confirm", "forget") == 0
    out = capsys.readouterr().out
    assert "coach has forgotten" in out and "Kept: your settings" in out
    left = files_under(
        paths.data_dir(),
        paths.cache_dir(),
        paths.state_dir(),
        paths.config_dir(),
    )
    assert [p for p in left if p.is_file()] == [settings]
    assert settings.read_text() == "discreet = false\n"
    for marker in (NOTE, pack().info.id, pack().info.title, "heavy"):
        assert marker not in settings.read_text()
    assert status_line(capsys) == before


def test_forget_everything_takes_the_settings_and_own_content_too(
    capsys: pytest.CaptureFixture[str],
) -> None:
    own = paths.user_content_dir() / "pack.toml"
    paths.ensure_private_dir(own.parent.parent)
    paths.ensure_private_dir(own.parent)
    own.write_text('id = "mine"\n')
    live_a_while(capsys)
    assert run(forget, "--confirm", "forget") == 0
    assert own.exists()  # kept by default
    assert run(forget, "--everything", "--confirm", "forget") == 0
    assert "settings and your own content go too" in capsys.readouterr().out
    assert not [
        p
        for p in files_under(
            paths.data_dir(),
            paths.cache_dir(),
            paths.state_dir(),
            paths.config_dir(),
        )
        if p.is_file()
    ]


def test_where_config_and_data_share_a_folder_the_settings_stay(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shared = tmp_path / "shared"
    monkeypatch.setenv("XDG_DATA_HOME", str(shared))  # as macOS has it: one folder for both
    monkeypatch.setenv("XDG_CONFIG_HOME", str(shared))
    assert paths.data_dir() == paths.config_dir()
    settings = paths.config_file()
    paths.ensure_private_dir(settings.parent)
    settings.write_text("discreet = true\n")
    (paths.user_content_dir()).mkdir()
    (paths.user_content_dir() / "pack.toml").write_text('id = "mine"\n')
    live_a_while(capsys)
    assert run(forget, "--confirm", "forget") == 0
    left = sorted(p.relative_to(shared / "coach") for p in (shared / "coach").rglob("*"))
    assert left == [Path("config.toml"), Path("content"), Path("content/pack.toml")]


def test_forget_refuses_while_a_session_runs_and_deletes_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    live_a_while(capsys)
    held = Journal.open()  # a running coach (this process stands in for it)
    try:
        before = files_under(paths.data_dir(), paths.cache_dir(), paths.state_dir())
        assert run(forget, "--confirm", "forget") == 1
        assert "still open" in capsys.readouterr().err
        after = files_under(paths.data_dir(), paths.cache_dir(), paths.state_dir())
        assert after == before
    finally:
        held.close()


def test_with_nothing_kept_there_is_nothing_to_forget(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(forget) == 0
    assert "nothing of yours" in capsys.readouterr().out
