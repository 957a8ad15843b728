"""Running the full-screen app from the command line: whether this terminal can, the one way
it ends, and what the person reads after it (never a traceback)."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

from coach.session.hangup import end_when_terminal_goes
from coach.system.logs import log_file
from coach.tui import paste_guard
from coach.tui.app import Start, make_app

if TYPE_CHECKING:
    import argparse


def terminal_problem(start: Start) -> str | None:
    """Why the full-screen app cannot run here (no terminal, or a dumb one), and what to use
    instead; ``None`` when it can. Checked before anything is drawn or recorded."""
    instead = (
        "use 'coach faq --print QUERY' or 'coach faq --list'"
        if start == "faq"
        else "use 'coach start --plain' for a line-by-line session"
    )
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return f"coach: the full-screen app needs a terminal (stdin and stdout); {instead}."
    if os.environ.get("TERM", "") in ("dumb", "unknown"):
        return f"coach: this terminal (TERM={os.environ['TERM']}) cannot show the full-screen app; {instead}."
    return None


def run_app(
    args: argparse.Namespace | None = None,
    *,
    start: Start = "home",
    **kwargs: Any,
) -> int:
    problem = terminal_problem(start)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2

    app = make_app(args, start=start, **kwargs)
    paste_guard.install()  # issue 26: pasted escape sequences stay text, never keys
    with end_when_terminal_goes():  # a closed terminal ends coach, never leaves it waiting
        result = app.run()
    if app.crashed:
        print(
            f"coach stopped because of an unexpected error. Nothing you recorded is lost; "
            f"the details are in {log_file()}",
            file=sys.stderr,
        )
        return 70
    if app.return_code:
        return app.return_code
    return int(result or 0)


__all__ = ["run_app", "terminal_problem"]
