"""The ``coach`` command line: a global ``--content``, then subcommands.

Each subcommand lives in ``coach/cli/<name>.py`` with ``configure(parser)`` and ``run(args)``.
Those modules import nothing heavy at the top, so ``coach --help`` stays instant; a command pulls
in pydantic, Textual or sqlite only when it runs.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

# name -> one-line help; order is the order shown in --help.
COMMANDS: dict[str, str] = {
    "start": "start a guided session now (the pack's default protocol unless named)",
    "faq": "browse or search the questions and answers",
    "check": "validate a content pack or file and report every problem",
    "history": "list past sessions (table, csv or json)",
    "report": "write a summary for a clinician (Markdown, or HTML with a weekly chart)",
    "plan": "the plan and where you stand in it; --start DATE; --ics FILE for a calendar",
    "log": "record an activity the content defines, without a timer",
    "init": "copy the default content into a folder to customise it",
    "schema": "write the JSON Schema of the content files (for editors)",
    "settings": "print the settings as TOML, with where settings, content and journal live",
    "cues": "show how cues reach you; --test plays each kind of cue",
    "forget": "delete all personal data (asks for typed confirmation)",
    # issue 15 (hand-off): the calendar, the status line, packs as one file, shell completion
    "status": "one short line for a shell prompt or status bar (--format json)",
    "pack": "export a content pack as one file, or install one (validated first)",
    "completion": "print the shell completion script (bash, zsh or fish)",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coach",
        description=(
            "A private, offline coach for home exercise protocols. With no command, "
            "opens the home screen."
        ),
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    parser.add_argument(
        "--content",
        metavar="DIR",
        help="use the content pack in DIR instead of the default (and your own overrides)",
    )
    parser.add_argument(
        "--discreet",
        action="store_true",
        default=None,
        help="neutral window title and wording; a key blanks the screen",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in COMMANDS.items():
        command_parser = sub.add_parser(name, help=help_text, description=help_text)
        _module(name).configure(command_parser)
    return parser


class _Version(argparse.Action):
    """Like argparse's "version", but reads the version only when asked (it costs ~45 ms)."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:  # type: ignore[override]
        from coach import __version__

        print(f"coach {__version__}")
        parser.exit()


def _module(name: str):
    return importlib.import_module(f"coach.cli.{name}")


def main(argv: Sequence[str] | None = None) -> int:
    from coach.system.safe_text import encoding_safe_output  # harden (issue 14): LC_ALL=C output

    encoding_safe_output()
    arguments = sys.argv[1:] if argv is None else list(argv)
    if not arguments:  # plain `coach`: the home screen, without building every subparser
        args = argparse.Namespace(command=None, content=None, discreet=None)
    else:
        args = build_parser().parse_args(arguments)
        if args.content:  # issue 15: an example's name works as well as a folder
            from coach.pack.examples import resolve_content

            args.content = resolve_content(args.content)
    command = args.command or "home"
    from coach.system import logs

    log_path = logs.setup()
    try:
        if command == "home":
            from coach.cli import home

            return home.run(args)
        return int(_module(command).run(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `coach faq --list | head`
        sys.stderr.close()
        return 0
    except Exception:  # the last net: a clear line and the log, never a traceback
        logging.getLogger(__name__).exception("coach %s failed", command)
        where = f"; the details are in {log_path}" if log_path else ""
        print(f"coach: something went wrong{where}", file=sys.stderr)
        return 70  # EX_SOFTWARE
