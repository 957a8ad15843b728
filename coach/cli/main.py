"""The ``coach`` command line: parse (:mod:`coach.cli.arguments`), then run one subcommand.

Each subcommand lives in ``coach/cli/<name>.py`` with ``run(args)`` and its imports at the top;
:func:`command` imports it only when it runs (the table is :data:`coach.cli.COMMANDS`), so a
command pays for pydantic, Textual or sqlite only when it uses them.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import sys
from collections.abc import Sequence
from types import ModuleType, SimpleNamespace
from typing import TYPE_CHECKING, cast

from coach.cli import COMMANDS
from coach.system import collector, logs
from coach.system.safe_text import clean, encoding_safe_output, terminal_output

if TYPE_CHECKING:
    import argparse


def command(name: str) -> ModuleType:
    """The module that runs subcommand ``name`` (``"home"``: plain ``coach``), imported now."""
    if name != "home" and name not in COMMANDS:
        raise ValueError(f"no such command: {name}")
    return importlib.import_module(f"coach.cli.{name}")


# Commands whose front end draws the terminal itself (plain mode's highlighted lines and its
# bell, each text in them made safe where it is printed): every other command's output passes
# through safe_text.terminal_output, so nothing a pack or a person wrote reaches it raw.
DRAWS_ITS_OWN_TERMINAL = ("start",)


def main(argv: Sequence[str] | None = None) -> int:
    encoding_safe_output()  # harden (issue 14): LC_ALL=C output
    arguments = sys.argv[1:] if argv is None else list(argv)
    with contextlib.ExitStack() as safe_output:
        safe_output.enter_context(terminal_output())  # issue 26: argparse's messages too
        if not arguments:  # plain `coach`: the home screen, without building every subparser
            # argparse itself (~5 ms with gettext) only for a command line: a Namespace alike.
            namespace = SimpleNamespace(command=None, content=None, discreet=None)
            args = cast("argparse.Namespace", namespace)
        else:
            # The parser only when there is a command line to parse: plain `coach` opens home.
            from coach.cli.arguments import build_parser
            from coach.pack.examples import content_problem, resolve_content

            args = build_parser().parse_args(arguments)
            if args.content:  # issue 15: an example's name works as well as a folder
                problem = content_problem(args.content)
                if problem is not None:
                    print(clean(f"coach: {problem}"), file=sys.stderr)
                    return 2
                args.content = resolve_content(args.content)
        name = args.command or "home"
        if name in DRAWS_ITS_OWN_TERMINAL:
            safe_output.close()
        return _run(name, args)


def _run(name: str, args: argparse.Namespace) -> int:
    log_path = logs.setup()
    try:
        module = command(name)
        # The collector is held since the command began (coach.system.collector): until the
        # app's first frame if it shows the app (a module that can says so), else until now.
        shows_the_app = getattr(module, "shows_the_app", None)
        if shows_the_app is None or not shows_the_app(args):
            collector.start_up_over()
        return int(module.run(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `coach faq --list | head`
        sys.stderr.close()
        return 0
    except Exception:  # the last net: a clear line and the log, never a traceback
        logging.getLogger(__name__).exception("coach %s failed", name)
        where = f"; the details are in {log_path}" if log_path else ""
        print(f"coach: something went wrong{where}", file=sys.stderr)
        return 70  # EX_SOFTWARE
