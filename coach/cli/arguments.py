"""The whole command line as argparse sees it: the global options and each subcommand's.

Only argparse and the standard library (and :mod:`coach.cli.status`, itself light): ``coach
--help``, a mistyped option, shell completion and a man page need the parser, never the
commands. A command's own module (``coach/cli/<name>.py``, with ``run(args)``) is imported only
when it runs (:mod:`coach.cli.main`).
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import coach
from coach.cli import COMMANDS
from coach.cli.status import FORMATS as STATUS_FORMATS

SHELLS = ("bash", "zsh", "fish")
"""The shells ``coach completion`` writes a script for."""
FORGET_WORD = "forget"
"""What ``coach forget`` asks to be typed (or given with ``--confirm``)."""


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
        configure(name, sub.add_parser(name, help=help_text, description=help_text))
    return parser


def configure(name: str, parser: argparse.ArgumentParser) -> None:
    """Add subcommand ``name``'s arguments to ``parser``."""
    _CONFIGURE[name](parser)


class _Version(argparse.Action):
    """Like argparse's "version", but reads the version only when asked (it costs ~45 ms)."""

    def __call__(self, parser, _namespace, _values, _option_string=None) -> None:  # type: ignore[override]
        print(f"coach {coach.__version__}")
        parser.exit()


def day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD)") from None


def _ics(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("calendar file")
    group.add_argument(
        "--ics", metavar="FILE", help="write the plan as a calendar file (.ics) with reminders"
    )
    group.add_argument(
        "--days",
        metavar="DAYS",
        help="the days for sessions, e.g. mon,wed,fri (default: the reminder_days setting)",
    )
    group.add_argument(
        "--time",
        metavar="HH:MM",
        help="the time of day, e.g. 19:30 (default: the reminder_time setting)",
    )
    group.add_argument(
        "--minutes", type=int, default=20, metavar="N", help="how long each event is (20)"
    )
    group.add_argument(
        "--remind", type=int, default=10, metavar="N", help="remind N minutes before (10)"
    )
    group.add_argument("--weeks", type=int, metavar="N", help="end after N weeks (default: none)")
    group.add_argument(
        "--details",
        action="store_true",
        help="put the pack, the plan's target and the level in the event (off: calendars sync)",
    )
    group.add_argument("--force", action="store_true", help="overwrite FILE if it exists")


def _start(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "protocol", nargs="?", metavar="PROTOCOL_ID", help="which protocol (default: the pack's)"
    )
    parser.add_argument(
        "--plain",
        action="store_true",
        help="line by line on stdin/stdout, for a screen reader, a dumb terminal or ssh",
    )
    parser.add_argument(
        "--speak",
        action="store_true",
        default=None,
        help="read step titles and time cues aloud (needs espeak-ng, spd-say or say)",
    )
    parser.add_argument("--no-sound", action="store_true", help="no terminal bell on cues")
    parser.add_argument(
        "--remote",
        action="store_true",
        help="follow and drive the session from a browser: a one-time link, on this "
        "computer only (with --lan, on your phone, with a QR code)",
    )
    parser.add_argument(
        "--lan",
        action="store_true",
        help="with --remote (implies it): reachable from your phone on the home network; "
        "anything on that network can reach the port, and the page is not encrypted (http)",
    )


def _faq(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "query",
        nargs="*",
        metavar="QUERY",
        help="words to search for; the browser opens on them",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--list", action="store_true", help="print every question, one a line, and exit"
    )
    mode.add_argument(
        "--print",
        dest="print_answer",
        action="store_true",
        help="print the best answer to QUERY as plain text and exit",
    )


def _check(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path",
        nargs="?",
        type=Path,
        help="a pack folder or a single content file (default: the active pack)",
    )


def _history(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=("table", "csv", "json"),
        default="table",
        help="table (default) to read, csv for a spreadsheet, json for a script",
    )
    parser.add_argument("--since", type=day, metavar="YYYY-MM-DD", help="only from this day on")
    parser.add_argument(
        "--all-packs",
        action="store_true",
        help="every content pack's sessions, each named (default: the active pack's only)",
    )


def _report(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        metavar="FILE",
        help="write the report to FILE (readable only by you; a symbolic link is refused: "
        "name the file it points to)",
    )
    parser.add_argument(
        "--since", type=day, metavar="YYYY-MM-DD", help="cover sessions from this day on"
    )
    # issue 15: a date range, and an HTML page (coach.outputs.report_html)
    parser.add_argument(
        "--until", type=day, metavar="YYYY-MM-DD", help="cover sessions up to this day (included)"
    )
    parser.add_argument(
        "--format",
        choices=("markdown", "html"),
        default="markdown",
        help="markdown (default), or html: one page with a weekly chart, nothing loaded from "
        "the network",
    )
    parser.add_argument(
        "--all-packs",
        action="store_true",
        help="every content pack's sessions (default: the active pack's)",
    )


def _plan(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--start",
        type=day,
        metavar="YYYY-MM-DD",
        help="set the date the plan starts from (the content says which date it asks for)",
    )
    _ics(parser)


def _log(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("activity", nargs="?", help="the activity's id (omit to list them)")
    parser.add_argument("--date", type=day, metavar="YYYY-MM-DD", help="the day (default: today)")
    parser.add_argument("--note", default="", help="a note to keep with it")


def _init(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "dir",
        nargs="?",
        type=Path,
        metavar="DIR",
        help="where to put the copy (default: your content folder, which coach reads on top "
        "of the default pack)",
    )
    parser.add_argument("--force", action="store_true", help="overwrite files that exist")
    parser.add_argument(
        "--example",
        metavar="NAME",
        help="copy the example pack NAME instead (default DIR: ./NAME), e.g. pelvic-floor",
    )


def _schema(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, metavar="FILE", help="write here instead of stdout")
    parser.add_argument(
        "--role",
        choices=("pack", "program", "protocol", "faq", "safety"),
        help="the schema of one kind of file (default: one schema that fits every file)",
    )


def _settings(parser: argparse.ArgumentParser) -> None:
    pass


def _cues(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--test",
        action="store_true",
        help="play every kind of cue, one after another, saying what each is",
    )
    parser.add_argument(
        "--speak",
        action="store_true",
        default=None,
        help="speak too, even if speech is off in settings",
    )


def _forget(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--confirm",
        metavar="WORD",
        help=f"the confirmation word, for scripts: --confirm {FORGET_WORD}",
    )
    parser.add_argument(
        "--everything",
        action="store_true",
        help="also delete your settings and your own content (the config folder)",
    )


def _status(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=STATUS_FORMATS,
        default="line",
        help="line (default) for a prompt or status bar, json for a script",
    )


def _pack(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="pack_command", metavar="ACTION", required=True)
    export = sub.add_parser("export", help="write the active pack as one .zip file")
    export.add_argument("file", metavar="FILE", help="the archive to write (.zip or .tar.gz)")
    export.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    install = sub.add_parser("install", help="check a pack archive, then install it")
    install.add_argument("file", metavar="FILE", help="the archive to install (.zip or .tar.gz)")
    install.add_argument(
        "--dir",
        metavar="DIR",
        help="install into DIR instead of your content folder (which coach reads on top of "
        "the default pack)",
    )
    install.add_argument(
        "--force", action="store_true", help="replace a pack there even if it was edited"
    )


def _completion(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("shell", choices=SHELLS, help="the shell to complete for")


_CONFIGURE: dict[str, Callable[[argparse.ArgumentParser], None]] = {
    "start": _start,
    "faq": _faq,
    "check": _check,
    "history": _history,
    "report": _report,
    "plan": _plan,
    "log": _log,
    "init": _init,
    "schema": _schema,
    "settings": _settings,
    "cues": _cues,
    "forget": _forget,
    "status": _status,
    "pack": _pack,
    "completion": _completion,
}
