"""Write coach's man page, docs/coach.1, from its own argparse parser (every command and option
as ``coach --help`` knows them); the wheel installs it as share/man/man1/coach.1.

    python docs/manpage.py            # rewrite docs/coach.1
    python docs/manpage.py --check    # exit 1 if docs/coach.1 is not what the parser says

tests/unit/test_manpage.py runs the check, so a changed option fails the suite until the page
is regenerated. A small generator of its own (roff's man macros), not a dependency: argparse
already holds every word.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from coach.cli.arguments import build_parser

PAGE = Path(__file__).with_name("coach.1")

_FILES = """\
.SH FILES
.TP
.I ~/.config/coach/settings.toml
The settings (\\fBcoach settings\\fR prints them, with where each thing is kept).
.TP
.I ~/.config/coach/content/
Your own content, read on top of the default pack (\\fBcoach init\\fR copies it there).
.TP
.I ~/.local/share/coach/journal.sqlite3
The journal: every session, check-in and activity (private: readable only by you).
.PP
The folders follow the XDG base directories on Linux and the usual places on macOS.
"""

_EXIT = """\
.SH EXIT STATUS
0 on success; 1 when something could not be done (the message names the file, line and
field); 2 for a mistake on the command line; 70 for an unexpected failure (the details are in
the log).
"""


def roff(text: str) -> str:
    """Text as roff shows it literally: backslashes and hyphens escaped, no line starting
    with a control character."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\n".join(
        "\\&" + line if line.startswith((".", "'")) else line for line in text.splitlines()
    )


_GLOBAL = ("help", "content", "discreet")
"""Options every command takes: described once, under OPTIONS."""


def _options(parser: argparse.ArgumentParser, *, command: bool = False) -> list[str]:
    out: list[str] = []
    for action in parser._actions:  # argparse has no public walk over its actions
        if action.help == argparse.SUPPRESS or isinstance(action, argparse._SubParsersAction):
            continue
        if command and action.dest in _GLOBAL:
            continue
        if action.option_strings:
            names = ", ".join(f"\\fB{roff(name)}\\fR" for name in action.option_strings)
            if action.nargs != 0:
                names += f" \\fI{roff(str(action.metavar or action.dest.upper()))}\\fR"
        else:
            names = f"\\fI{roff(str(action.metavar or action.dest.upper()))}\\fR"
        help_text = action.help or ""
        if action.choices and not isinstance(action.choices, dict):
            help_text += f" (one of: {', '.join(str(c) for c in action.choices)})"
        out += [".TP", names, roff(help_text % vars(action) if "%(" in help_text else help_text)]
    return out


def _usage(parser: argparse.ArgumentParser) -> str:
    usage = " ".join(parser.format_usage().removeprefix("usage:").split())
    return roff(usage)


def _subcommands(parser: argparse.ArgumentParser) -> list[argparse._SubParsersAction]:
    return [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]


def _commands(parser: argparse.ArgumentParser, prefix: str) -> list[str]:
    out: list[str] = []
    for action in _subcommands(parser):
        for name, sub in action.choices.items():
            full = f"{prefix} {name}"
            out += [f".SS {roff(full)}", _usage(sub), ".PP", roff(sub.description or "")]
            out += _options(sub, command=True)
            out += _commands(sub, full)
    return out


def render(parser: argparse.ArgumentParser | None = None) -> str:
    """The whole page, in roff."""
    parser = parser or build_parser()
    lines = [
        '.TH COACH 1 "" "coach" "User Commands"',
        ".SH NAME",
        "coach \\- a private, offline coach for home exercise protocols",
        ".SH SYNOPSIS",
        _usage(parser),
        ".SH DESCRIPTION",
        roff(parser.description or ""),
        ".PP",
        "The global options (\\fB\\-\\-content\\fR, \\fB\\-\\-discreet\\fR) are taken before or "
        "after the command. Where an option names a file to write, \\fB\\-\\fR means standard "
        "output. In a session, \\fBp\\fR stops at once for pain; \\fBq\\fR ends it.",
        ".SH OPTIONS",
        *_options(parser),
        ".SH COMMANDS",
        *_commands(parser, "coach"),
    ]
    return (
        "\n".join(lines)
        + "\n"
        + _FILES
        + _EXIT
        + ".SH SEE ALSO\ndocs/content.md: writing content.\n"
    )


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if not PAGE.is_file() or PAGE.read_text(encoding="utf-8") != text:
            print(f"{PAGE} is not current: run python docs/manpage.py", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(text, encoding="utf-8")
    print(f"Wrote {PAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
