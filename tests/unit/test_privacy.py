"""Privacy: coach never touches the network, and everything personal is readable only by you.

The network guard records (and refuses) every attempt to make an internet socket, connect one,
open a connection or look a name up. Unix sockets are let through and not recorded: asyncio makes
a socketpair for its own event loop (the Pilot tests), which is no network at all.

Permission tests run with umask 000, so a file that is private only thanks to a careful umask
would be caught.
"""

from __future__ import annotations

import argparse
import inspect
import io
import json
import os
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from coach.cli.main import main
from coach.system import paths
from tests.unit.packs import write_pack

ROOT = Path(__file__).resolve().parents[2]


def install_guard(recorded: list[list[Any]], patch: Callable[[Any, str, Any], None]) -> None:
    """Record and refuse network use. Self-contained: its source also runs in subprocesses."""
    import socket

    inet = (socket.AF_INET, socket.AF_INET6)
    original_init = socket.socket.__init__
    original_connect = socket.socket.connect
    original_connect_ex = socket.socket.connect_ex

    def refuse(*what: Any) -> OSError:
        recorded.append([str(part) for part in what])
        return OSError("network use refused by the test guard")

    def init(self, family=-1, type=-1, proto=-1, fileno=None):  # noqa: A002 - socket's names
        # socket.socket() with no family and no fileno is an AF_INET socket.
        if family in inet or (family == -1 and fileno is None):
            raise refuse("socket", family, type)
        original_init(self, family, type, proto, fileno)

    def connect(self, address):
        if self.family in inet:
            raise refuse("connect", address)
        return original_connect(self, address)

    def connect_ex(self, address):
        if self.family in inet:
            raise refuse("connect_ex", address)
        return original_connect_ex(self, address)

    def create_connection(address, *args, **kwargs):
        raise refuse("create_connection", address)

    def getaddrinfo(host, port, *args, **kwargs):
        raise refuse("getaddrinfo", host, port)

    patch(socket.socket, "__init__", init)
    patch(socket.socket, "connect", connect)
    patch(socket.socket, "connect_ex", connect_ex)
    patch(socket, "create_connection", create_connection)
    patch(socket, "getaddrinfo", getaddrinfo)


RUNNER = (
    "from __future__ import annotations\n"  # the guard's annotations stay unevaluated
    + inspect.getsource(install_guard)
    + textwrap.dedent(
        """
        import json, sys
        recorded = []
        install_guard(recorded, setattr)  # before coach (or anything it imports) is loaded
        from coach.cli.main import main
        try:
            code = main(sys.argv[1:])
        except SystemExit as exc:
            code = exc.code
        sys.stdout.flush()
        sys.stderr.write("\\nGUARD " + json.dumps(recorded) + "\\n")
        sys.exit(code or 0)
        """
    )
)


def coach_offline(*args: str, stdin: str = "") -> tuple[int, str, list[list[str]]]:
    """Run ``coach ARGS`` in a fresh interpreter with the guard installed first, so imports are
    watched too. Returns (exit code, stdout, network attempts)."""
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    marker = done.stderr.rfind("\nGUARD ")
    assert marker >= 0, f"the run did not finish:\n{done.stderr}"
    attempts = json.loads(done.stderr[marker + len("\nGUARD ") :])
    return done.returncode, done.stdout, attempts


@pytest.fixture
def guard(monkeypatch: pytest.MonkeyPatch) -> list[list[Any]]:
    recorded: list[list[Any]] = []
    install_guard(recorded, monkeypatch.setattr)
    return recorded


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- the guard itself -------------------------------------------------------------------------


def test_the_guard_catches_network_use(guard: list[list[Any]]) -> None:
    import socket

    with pytest.raises(OSError):
        socket.create_connection(("192.0.2.1", 80), timeout=0.01)
    with pytest.raises(OSError):
        socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    with pytest.raises(OSError):
        socket.socket()
    with pytest.raises(OSError):
        socket.getaddrinfo("example.com", 443)
    assert [attempt[0] for attempt in guard] == [
        "create_connection",
        "socket",
        "socket",
        "getaddrinfo",
    ]
    left, right = socket.socketpair()  # a Unix pair, as asyncio makes: allowed, not recorded
    left.close()
    right.close()
    assert len(guard) == 4


def test_the_guard_works_in_a_subprocess() -> None:
    done = subprocess.run(
        [sys.executable, "-c", RUNNER.replace("from coach.cli.main import main", _CONNECTS)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert '"create_connection"' in done.stderr


_CONNECTS = """\
import socket
def main(argv):
    try:
        socket.create_connection(("192.0.2.1", 80), timeout=0.01)
    except OSError:
        pass
    return 0
"""


# --- no network -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["faq", "--print", "lubricant"],
        ["faq", "--list"],
    ],
    ids=["check", "faq-print", "faq-list"],
)
def test_commands_open_no_socket(args: list[str]) -> None:
    code, out, attempts = coach_offline(*args)
    assert code == 0, out
    assert out.strip()
    assert attempts == []


def test_a_plain_session_opens_no_socket(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "mini")
    code, out, attempts = coach_offline(
        "--content", str(pack), "start", "--plain", stdin="\nn\n\nr\nn\nt\nh\nq\ny\n5\nn\nn\nok\n"
    )
    assert code == 0
    assert "Saved." in out
    assert attempts == []


def test_a_plain_session_in_process_opens_no_socket(tmp_path: Path, guard: list[list[Any]]) -> None:
    from coach.engine.clock import FakeClock
    from coach.plain.session import run_plain

    pack = write_pack(tmp_path / "mini")
    args = argparse.Namespace(content=str(pack), protocol=None, speak=None)
    out = io.StringIO()
    code = run_plain(args, clock=FakeClock(), stdin=io.StringIO("\np\n3\nn\n\n"), out=out)
    assert code == 0 and "Saved." in out.getvalue()
    assert guard == []


def test_the_remote_is_the_only_socket_and_only_when_asked(tmp_path: Path) -> None:
    """``--remote`` asks for one listening TCP socket and nothing else (no lookup, no connect);
    refused here by the guard, the session goes on without it and is saved."""
    import socket

    pack = write_pack(tmp_path / "mini")
    code, out, attempts = coach_offline(
        "--content", str(pack), "start", "--plain", "--remote", stdin="\np\n3\nn\n\n"
    )
    assert code == 0 and "Saved." in out
    assert "The phone remote could not start" in out
    assert attempts == [["socket", str(socket.AF_INET), str(socket.SOCK_STREAM)]]


async def test_a_session_in_the_app_opens_no_socket(tmp_path: Path, guard: list[list[Any]]) -> None:
    from coach.engine.clock import FakeClock
    from coach.journal.store import Journal
    from coach.tui.app import CoachApp
    from coach.tui.screens.checkin import CheckInScreen
    from coach.tui.screens.session import SessionScreen
    from tests.helpers import wait_for

    pack = write_pack(tmp_path / "mini")
    # The real start: content read and validated by the worker, the journal opened by the app.
    app = CoachApp(content=pack, clock=FakeClock(), watch_content=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.pack is not None and app.journal is not None)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        await pilot.press("enter", "n", "p")
        await pilot.pause()
        await pilot.press("c")  # close the safety guidance
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert guard == []
    with Journal.open() as journal:
        (session,) = journal.sessions()
    assert session.pain_stop and session.checked_in


# --- private files ----------------------------------------------------------------------------


def test_the_journal_is_private_after_a_session(tmp_path: Path, open_umask: None) -> None:
    from coach.engine.clock import FakeClock
    from coach.plain.session import run_plain

    pack = write_pack(tmp_path / "mini")
    args = argparse.Namespace(content=str(pack), protocol=None, speak=None)
    stdin = io.StringIO("\nq\ny\n5\nn\nn\nnote\n")
    assert run_plain(args, clock=FakeClock(), stdin=stdin, out=io.StringIO()) == 0
    journal = paths.journal_file()
    assert journal.exists()
    assert mode(journal.parent) == 0o700
    files = [p for p in journal.parent.iterdir() if p.is_file()]
    assert journal in files
    assert {p.name: mode(p) for p in files} == {p.name: 0o600 for p in files}


def test_the_settings_file_is_private(open_umask: None) -> None:
    from coach.system.settings import Settings, load_settings, save_settings

    path = save_settings(Settings(theme="coach-high-contrast"))
    assert path == paths.config_file()
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    assert load_settings().theme == "coach-high-contrast"
    save_settings(Settings(sound=False))  # rewriting keeps it private
    assert mode(path) == 0o600


def test_coach_init_writes_private_files(tmp_path: Path, open_umask: None) -> None:
    target = tmp_path / "mine"
    assert main(["init", str(target)]) == 0
    files = [p for p in target.rglob("*") if p.is_file()]
    folders = [target, *(p for p in target.rglob("*") if p.is_dir())]
    assert any(p.name == "pack.toml" for p in files)
    assert {str(p): mode(p) for p in files} == {str(p): 0o600 for p in files}
    assert {str(p): mode(p) for p in folders} == {str(p): 0o700 for p in folders}


def test_coach_report_out_is_private_and_leaves_its_folder_alone(
    tmp_path: Path, open_umask: None, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "Documents"
    folder.mkdir()
    folder.chmod(0o755)
    out = folder / "report.md"
    assert main(["report", "--out", str(out)]) == 0
    assert "readable only by you" in capsys.readouterr().out
    assert out.read_text(encoding="utf-8").startswith("#")
    assert mode(out) == 0o600
    assert mode(folder) == 0o755
    assert [p.name for p in folder.iterdir()] == ["report.md"]  # no temporary file left
    # Overwriting an existing, world-readable file makes it private too.
    out.chmod(0o644)
    assert main(["report", "--out", str(out)]) == 0
    assert mode(out) == 0o600
