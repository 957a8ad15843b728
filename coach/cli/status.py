"""``coach status``: one short line for a shell prompt or a tmux bar (``--format json`` for a
script).

It only reads the summary (:mod:`coach.journal.status_summary`): the facts the figures gave
when the journal was last written. Every writer of the journal refreshes it (the app, plain
mode, ``coach log``, ``coach plan --start`` and ``--level``; ``coach forget`` deletes it), so
it never re-counts the journal or re-reads the plan: the words are worked out from those facts
and today's date by the same rules as every other view (:mod:`coach.journal.pace`). Without a
summary (nothing recorded yet) it says nothing. It imports no Textual, pydantic or sqlite.
:func:`fast` runs it without argparse: the console script (:mod:`coach.entry`) calls it
before building the full command line.

It never fails loudly in a prompt, never blocks it and never raises: with nothing to say it
prints nothing; when something cannot be read (a broken summary or content file, a settings
file that is not TOML, anything unexpected) it prints one word, :data:`MARKER` (``null`` in
json), writes why to coach's log, and exits 0. Only regular files are read (a FIFO put where
the summary, the settings or a pack file should be is skipped, never waited on). What it prints
passes :mod:`coach.system.safe_chars` (a pack's title is content).
"""

from __future__ import annotations

import datetime as dt
import os
import sys

from coach.journal import status_summary
from coach.journal.running import running
from coach.outputs.status_line import Status
from coach.pack.examples import content_problem, resolve_content
from coach.system import safe_chars, schedule
from coach.system.files import read_regular

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

FORMATS = ("line", "json")
MARKER = "coach:check"
"""The one word printed when the status cannot be worked out ("run coach check"); the reason
is in coach's log."""
MAX_TOML_BYTES = 1024 * 1024
"""A settings or pack file this large is not read on a prompt (the loader allows 16 MiB)."""
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The default pack as coach.system.paths.shipped_content_dir finds it (without pathlib).
_INSTALLED, _CHECKOUT = os.path.join(_PACKAGE, "_content"), os.path.join(_PACKAGE, "..", "content")


def run(args: argparse.Namespace) -> int:
    return safe_show(
        fmt=args.format, discreet=bool(getattr(args, "discreet", None)), content=args.content
    )


def fast(argv: list[str]) -> int | None:
    """Run ``coach [--discreet] [--content DIR] status [--format F]`` without argparse (the
    global options before or after ``status``, as the full command line takes them).

        Returns ``None`` for anything else (including ``--help`` and mistakes), which the full
        command line then handles with its usual messages.
    """
    discreet = False
    content: str | None = None
    fmt = "line"
    seen_status = False
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "status" and not seen_status:
            seen_status = True
        elif arg == "--discreet":
            discreet = True
        elif arg == "--content" and i + 1 < len(argv):
            content = argv[i + 1]
            i += 1
        elif arg.startswith("--content="):
            content = arg.partition("=")[2]
        elif arg == "--format" and seen_status and i + 1 < len(argv):
            fmt = argv[i + 1]
            i += 1
        elif arg.startswith("--format=") and seen_status:
            fmt = arg.partition("=")[2]
        else:
            return None
        i += 1
    if not seen_status or fmt not in FORMATS:
        return None
    if content is not None and content_problem(content) is not None:
        return None  # the full command line says what is wrong with it
    return safe_show(fmt=fmt, discreet=discreet, content=content)


def safe_show(*, fmt: str, discreet: bool, content: str | None) -> int:
    """:func:`show`, which never raises: a shell prompt never shows a traceback, nor fails."""
    try:
        return show(fmt=fmt, discreet=discreet, content=content)
    except Exception as exc:
        _marker(fmt, exc)
        return 0


def show(*, fmt: str, discreet: bool, content: str | None, today: dt.date | None = None) -> int:
    """Print the status; 0 whatever happens (see the module's docstring)."""
    today = today or dt.date.today()
    settings = _settings()
    discreet = discreet or settings.get("discreet") is True
    try:
        days = schedule.parse_days(str(settings.get("reminder_days", "") or ""))
    except schedule.ScheduleError:  # the app says what is wrong with the settings
        days = ()
    try:
        summary = _summary(content)
    except StatusError as exc:
        _marker(fmt, exc)
        return 0
    if summary is None:
        if fmt == "json":
            sys.stdout.write("null\n")
        return 0
    # Asked of the live processes, not of the summary: a session cut short says nothing here.
    status = Status(summary, today, days, in_progress=bool(running(_journal_path())))
    if fmt == "json":
        import json

        dumped = json.dumps(status.as_dict(discreet=discreet), ensure_ascii=False)
        sys.stdout.write(safe_chars.json_escaped(dumped) + "\n")
    else:
        sys.stdout.write(safe_chars.clean(status.line(discreet=discreet)) + "\n")
    return 0


def _marker(fmt: str, problem: BaseException) -> None:
    """Say :data:`MARKER` (``null`` in json), and why in coach's log (never on the prompt)."""
    try:
        sys.stdout.write("null\n" if fmt == "json" else MARKER + "\n")
        sys.stdout.flush()
    except (OSError, ValueError):  # a prompt that closed its end: nothing to say it to
        pass
    try:  # only now, on the rare failure, is logging worth its import
        import logging

        from coach.system import logs

        logs.setup()
        logging.getLogger(__name__).warning(
            "coach status: %s", problem, exc_info=not isinstance(problem, StatusError)
        )
    except Exception:  # nowhere left to say it: the marker was printed
        return


class StatusError(Exception):
    """The journal or the pack cannot be read: one line for stderr."""


def _settings() -> dict[str, object]:
    """The few settings the line needs, read with tomllib only when the file exists; the
    defaults when it cannot be read (the app and `coach settings` say what is wrong)."""
    path = os.path.join(status_summary.config_dir(), "config.toml")
    try:
        raw = read_regular(path, MAX_TOML_BYTES)
    except OSError:  # missing, unreadable, too large, or a FIFO: never waited on
        return {}
    import tomllib

    try:
        return tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return {}


def _pack_dirs(content: str) -> list[str]:
    """The folders whose pack.toml make the pack ``content`` names, the one on top last (a
    folder of changes only, with no id of its own, changes the default pack)."""
    shipped = _INSTALLED if os.path.isdir(_INSTALLED) else _CHECKOUT
    return [shipped, resolve_content(content)]


def _pack_id(content: str) -> str:
    """The id of the pack ``--content`` names (its pack.toml's, else the default's under it):
    which summary to read. Only the id: every figure is in the summary."""
    import tomllib

    found: object = None
    for folder in _pack_dirs(content):
        path = os.path.join(folder, "pack.toml")
        try:
            data = tomllib.loads(read_regular(path, MAX_TOML_BYTES).decode("utf-8"))
        except FileNotFoundError:
            continue
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as exc:
            raise StatusError(f"cannot read {path}: {exc}; run 'coach check'") from None
        found = data.get("id", found)
    if not isinstance(found, str):
        raise StatusError(f"no pack id in {content}; run 'coach check'")
    return found


def _summary(content: str | None) -> status_summary.Summary | None:
    """The summary of the active pack (or of the pack ``--content`` names), as the last coach
    that wrote the journal left it: every writer (the app, plain mode, ``log``, ``plan``)
    refreshes it, so it is never older than what it summarises."""
    if content is None:
        return status_summary.read_summary()
    return status_summary.read_summary(_pack_id(content))


def _journal_path() -> str:
    return os.path.join(status_summary.data_dir(), "journal.sqlite3")
