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

It never fails loudly in a prompt: with nothing to say it prints nothing and exits 0; a
broken journal or content file gives one line on stderr and exit 1.
"""

from __future__ import annotations

import datetime as dt
import os
import sys

from coach.journal import status_summary
from coach.journal.running import running
from coach.outputs.status_line import Status
from coach.pack.examples import content_problem, resolve_content
from coach.system import schedule

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

FORMATS = ("line", "json")
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The default pack as coach.system.paths.shipped_content_dir finds it (without pathlib).
_INSTALLED, _CHECKOUT = os.path.join(_PACKAGE, "_content"), os.path.join(_PACKAGE, "..", "content")


def run(args: argparse.Namespace) -> int:
    return show(
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

    return show(fmt=fmt, discreet=discreet, content=content)


def show(*, fmt: str, discreet: bool, content: str | None, today: dt.date | None = None) -> int:
    today = today or dt.date.today()
    settings, warning = _settings()
    if warning:
        print(f"coach status: {warning}", file=sys.stderr)
    discreet = discreet or settings.get("discreet") is True
    try:
        days = schedule.parse_days(str(settings.get("reminder_days", "") or ""))
    except schedule.ScheduleError as exc:
        print(f"coach status: reminder_days: {exc}", file=sys.stderr)
        days = ()
    try:
        summary = _summary(content)
    except StatusError as exc:
        print(f"coach status: {exc}", file=sys.stderr)
        return 1
    if summary is None:
        if fmt == "json":
            sys.stdout.write("null\n")
        return 0
    # Asked of the live processes, not of the summary: a session cut short says nothing here.
    status = Status(summary, today, days, in_progress=bool(running(_journal_path())))
    if fmt == "json":
        import json

        sys.stdout.write(json.dumps(status.as_dict(discreet=discreet), ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(status.line(discreet=discreet) + "\n")
    return 0


class StatusError(Exception):
    """The journal or the pack cannot be read: one line for stderr."""


def _settings() -> tuple[dict[str, object], str | None]:
    """The few settings the line needs, read with tomllib only when the file exists."""
    path = os.path.join(status_summary.config_dir(), "config.toml")
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        return {}, None
    except OSError as exc:
        return {}, f"cannot read {path}: {exc.strerror}"
    import tomllib

    try:
        return tomllib.loads(raw.decode("utf-8")), None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {}, f"{path}: {exc}; using the defaults"


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
            with open(path, "rb") as handle:
                data = tomllib.loads(handle.read().decode("utf-8"))
        except FileNotFoundError:
            continue
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
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
