"""Issue 21, item 7: a session in progress says so (history, report, the status line, no resume
offer) while the process that runs it lives; once that process is gone, however it went, the
same session reads as cut short ("never finished").
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from coach.cli import history, report, status
from coach.cli.arguments import configure
from coach.journal import running
from coach.journal.store import Journal
from coach.system import paths
from tests.snapshots.apps.journal_data import fill, pack, record

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def commands_read_the_test_pack(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("coach.cli.common.load_pack_or_exit", lambda args: pack())


def run(module: ModuleType, *argv: str) -> int:
    parser = argparse.ArgumentParser()
    configure(module.__name__.rpartition(".")[2], parser)
    args = parser.parse_args(argv)
    args.content = None
    return module.run(args)


def unfinished_session(journal: Journal) -> int:
    (sid,) = fill(journal, [record(dt.date.today(), finished=False, completed=False)])
    return sid


def test_a_claimed_session_is_in_progress_until_its_journal_closes() -> None:
    path = paths.journal_file()
    owner = Journal.open(path)
    sid = unfinished_session(owner)
    assert owner.claim_session(sid)
    assert owner.claim_session(sid)  # twice is once
    with Journal.open(path, read_only=True) as reader:
        (listed,) = reader.sessions()
        assert listed.running and listed.status == "running"
        assert reader.session(sid).running
    assert running.running(path) == {sid}
    owner.close()
    with Journal.open(path, read_only=True) as reader:
        (listed,) = reader.sessions()
        assert not listed.running and listed.status == "unfinished"
    assert running.running(path) == frozenset()


def test_a_finished_session_is_never_in_progress() -> None:
    path = paths.journal_file()
    with Journal.open(path) as owner:
        (sid,) = fill(owner, [record(dt.date.today())])
        owner.claim_session(sid)  # still held, as a writer holds it through the check-in
        (listed,) = owner.sessions()
        assert listed.status == "done" and not listed.running


def test_history_report_and_status_say_in_progress_then_never_finished(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = paths.journal_file()
    owner = Journal.open(path)
    sid = unfinished_session(owner)
    owner.claim_session(sid)
    try:
        assert run(history, "--format", "json") == 0
        (row,) = json.loads(capsys.readouterr().out)
        assert row["status"] == "running" and row["finished"] is False
        assert run(report) == 0
        text = capsys.readouterr().out
        assert "in progress (still running when this was made)" in text
        assert "never finished" not in text
        assert status.show(fmt="line", discreet=False, content=None) == 0
        assert capsys.readouterr().out.rstrip().endswith("· session in progress")
        assert status.show(fmt="json", discreet=False, content=None) == 0
        assert json.loads(capsys.readouterr().out)["in_progress"] is True
    finally:
        owner.close()
    assert run(history, "--format", "json") == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["status"] == "unfinished"
    assert run(report) == 0
    assert "never finished (closed or interrupted)" in capsys.readouterr().out
    assert status.show(fmt="line", discreet=False, content=None) == 0
    assert "in progress" not in capsys.readouterr().out


_OWNER = """
import sys, datetime as dt
from coach.journal.store import Journal
j = Journal.open(sys.argv[1])
sid = j.begin_session(pack_id="p", protocol_id="x", protocol_title="X", level_id=None,
                      started=dt.datetime.now().astimezone())
j.claim_session(sid)
print(sid, flush=True)
sys.stdin.readline()
"""


def test_a_session_whose_owner_was_killed_is_cut_short_not_in_progress(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    owner = subprocess.Popen(
        [sys.executable, "-c", _OWNER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert owner.stdout is not None
        sid = int(owner.stdout.readline())
        with Journal.open(path, read_only=True) as reader:
            assert [s.status for s in reader.sessions()] == ["running"]
    finally:
        owner.send_signal(signal.SIGKILL)
        owner.wait(10)
    with Journal.open(path, read_only=True) as reader:
        assert [s.status for s in reader.sessions()] == ["unfinished"]
    # The killed owner's claim file stays until a coach holds the journal alone: then it goes.
    assert (Path(running.folder(path)) / str(sid)).exists()
    Journal.open(path).close()
    assert not Path(running.folder(path)).exists()


def test_a_running_session_is_not_offered_for_resuming(tmp_path: Path) -> None:
    from coach.engine.events import Event, EventKind
    from coach.journal.resumable import find_resumable

    path = tmp_path / "j.sqlite3"
    owner = Journal.open(path)
    started = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
    sid = owner.begin_session(
        pack_id=pack().info.id,
        protocol_id=pack().default_protocol.id,
        protocol_title="X",
        level_id=None,
        started=started,
    )
    step = pack().default_protocol.steps[1]
    for kind, data in (
        (EventKind.STARTED, {"protocol_id": pack().default_protocol.id}),
        (EventKind.STEP, {"via": "next", "left": pack().default_protocol.steps[0].id}),
    ):
        owner.record(
            sid, Event(kind, 60.0, started + dt.timedelta(minutes=1), 60.0, 1, step.id, data)
        )
    owner.claim_session(sid)
    now = started + dt.timedelta(minutes=5)
    with Journal.open(path) as other:
        assert find_resumable(other, pack(), now, hours=6) is None
        owner.close()
        assert find_resumable(other, pack(), now, hours=6) is not None
