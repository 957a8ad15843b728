"""`coach start --remote` and `--lan`: what each asks for, and nothing unasked."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from coach.cli.arguments import configure
from coach.remote.options import remote_options


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    configure("start", parser)
    return parser.parse_args(argv)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ((), None),
        (("--plain",), None),
        (("--remote",), False),
        (("--remote", "--lan"), True),
        (("--lan",), True),  # --lan implies --remote: it says plainly what it exposes
    ],
)
def test_what_the_flags_ask_for(argv: tuple[str, ...], expected: bool | None) -> None:
    options = remote_options(parse(*argv))
    if expected is None:
        assert options is None
    else:
        assert options is not None and options.lan is expected


def test_without_remote_the_server_is_never_imported() -> None:
    """The front ends import the remote only when it is asked for: no http.server, no socket
    module's server side, on the way to a session. Only the question itself is loaded (what
    --remote asked for: coach.remote.options, a dataclass that imports nothing of coach)."""
    code = (
        "import sys; import coach.cli.start, coach.plain.session, coach.tui.flow, "
        "coach.tui.screens.session, coach.tui.app; "
        "print(sorted(m for m in sys.modules if m.startswith('coach.remote') or m == 'http.server'))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['coach.remote', 'coach.remote.options']"


def test_lan_says_what_it_exposes_in_the_help() -> None:
    parser = argparse.ArgumentParser()
    configure("start", parser)
    text = " ".join(parser.format_help().split())
    assert "anything on that network can reach the port" in text
    assert "not encrypted" in text
