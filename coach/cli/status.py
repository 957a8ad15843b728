"""``coach status``: one short line for a shell prompt or a tmux bar (``--format json`` for a
script).

It reads the summary the app keeps (:mod:`coach.journal.status_summary`); without one (the app was never
opened since install, or another ``--content``), it counts the sessions of today and this week
in the journal with sqlite3 directly, read-only, and reads the pack's title and its plan (the
unit and the target) with tomllib. That count approximates the figures' (see
:func:`_from_journal`); the app's summary, from the figures, is authoritative.
Neither path imports Textual or pydantic. :func:`fast` runs it without argparse: the console
script (:mod:`coach.entry`) calls it before building the full command line.

It never fails loudly in a prompt, never blocks it and never raises: with nothing to say it
prints nothing; when something cannot be read (a broken journal or content file, a settings
file that is not TOML, anything unexpected) it prints one word, :data:`MARKER` (``null`` in
json), writes why to coach's log, and exits 0. Only regular files are read (a FIFO put where
the summary, the settings or a pack file should be is skipped, never waited on), and the
journal is waited on for at most :data:`JOURNAL_WAIT` seconds. What it prints passes
:mod:`coach.system.safe_chars` (a pack's title is content).
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import sys

from coach.journal import status_summary
from coach.journal.running import running
from coach.outputs.status_line import Status
from coach.pack.examples import resolve_content
from coach.system import safe_chars, schedule
from coach.system.files import read_regular

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    import sqlite3

FORMATS = ("line", "json")
MARKER = "coach:check"
"""The one word printed when the status cannot be worked out ("run coach check"); the reason
is in coach's log."""
JOURNAL_WAIT = 0.05
"""Seconds a prompt waits for a journal another coach is checkpointing; then the marker."""
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
    """Run ``coach [--discreet] [--content DIR] status [--format F]`` without argparse.

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
        elif arg == "--discreet" and not seen_status:
            discreet = True
        elif arg == "--content" and not seen_status and i + 1 < len(argv):
            content = argv[i + 1]
            i += 1
        elif arg.startswith("--content=") and not seen_status:
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
        summary = _summary(content, today)
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


def _pack_dirs(content: str | None) -> list[str]:
    """The folders whose pack.toml/program.toml make the active pack, the one on top last."""
    if content is not None:
        return [resolve_content(content)]
    shipped = _INSTALLED if os.path.isdir(_INSTALLED) else _CHECKOUT
    user = os.path.join(status_summary.config_dir(), "content")
    return [shipped, user] if os.path.isdir(user) else [shipped]


class PackFacts:
    """What the fallback reads of the active pack with tomllib: its id and title, and the
    plan's unit and target (``per`` "" and 0-0 without a programme)."""

    __slots__ = ("asks_start", "high", "low", "pack_id", "per", "title")

    def __init__(
        self, pack_id: str, title: str, per: str, low: int, high: int, asks_start: bool
    ) -> None:
        self.pack_id, self.title, self.per = pack_id, title, per
        self.low, self.high, self.asks_start = low, high, asks_start

    @classmethod
    def of(cls, summary: status_summary.Summary) -> PackFacts:
        return cls(
            summary.pack_id,
            summary.name,
            summary.per,
            summary.target_low,
            summary.target_high,
            summary.start_needed,
        )


def _pack_facts(content: str | None) -> PackFacts:
    """The pack's facts read with tomllib, the user's pack over the default (a file on top
    replaces a key below it, as the pack's loader does with whole tables)."""
    import tomllib

    merged: dict[str, object] = {}
    for folder in _pack_dirs(content):
        for name in ("pack.toml", "program.toml"):
            path = os.path.join(folder, name)
            try:
                data = tomllib.loads(read_regular(path, MAX_TOML_BYTES).decode("utf-8"))
            except FileNotFoundError:
                continue
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as exc:
                raise StatusError(f"cannot read {path}: {exc}; run 'coach check'") from None
            if name == "program.toml" and "sessions_per_week" in data:
                raise StatusError(f"{path} is in coach 1's format; run 'coach check'")
            for key in ("id", "title", "plan"):
                if key in data:
                    merged[key] = data[key]
    pack_id, title = merged.get("id"), merged.get("title")
    if not isinstance(pack_id, str) or not isinstance(title, str):
        where = content or "the content"
        raise StatusError(f"no pack id or title in {where}; run 'coach check'")
    plan = merged.get("plan")
    if plan is None:  # no programme: no target
        return PackFacts(pack_id, title, "", 0, 0, False)
    per = plan.get("per") if isinstance(plan, dict) else None
    if per not in ("day", "week") or not isinstance(plan, dict):
        raise StatusError("the plan has no 'per' of day or week; run 'coach check'")
    low, high = _count_range(plan.get("sessions"))
    start = plan.get("start")
    asks = isinstance(start, dict) and isinstance(start.get("ask"), str)
    return PackFacts(pack_id, title, per, low, high, asks)


def _count_range(value: object) -> tuple[int, int]:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value, value
    if isinstance(value, str):
        low, _, high = (part.strip() for part in value.partition("-"))
        high = high or low
        # ASCII digits only: "²" is a digit to str.isdigit, and int() refuses it.
        if _count(low) and _count(high) and 0 < int(low) <= int(high):
            return int(low), int(high)
    raise StatusError(f"plan sessions {value!r} is not a count or range; run 'coach check'")


def _count(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 6


def _summary(content: str | None, today: dt.date) -> status_summary.Summary | None:
    """The app's summary of the active pack while it is newer than the journal; else the
    counts from the journal (sessions logged outside the app, e.g. plain mode, or while a
    session runs), with the pack's facts from the old summary or, with none, its TOML."""
    known = status_summary.read_summary() if content is None else None
    facts: PackFacts | None = None
    if known is None and content is not None:
        facts = _pack_facts(content)
        known = status_summary.read_summary(facts.pack_id)
    if known is not None:
        if not _journal_changed_since(known.written):
            return known
        return _from_journal(PackFacts.of(known), today, known)
    if facts is None:
        facts = _pack_facts(content)
    found = _from_journal(facts, today, None)
    if found is not None and content is None:
        # Keep it, so the next prompt reads it instead of parsing TOML again (the app
        # replaces it with its own, with the level and advice, when it next shows home).
        import contextlib

        with contextlib.suppress(OSError):
            status_summary.write_summary(found)
    return found


def _journal_path() -> str:
    return os.path.join(status_summary.data_dir(), "journal.sqlite3")


def _journal_changed_since(written: dt.datetime) -> bool:
    """Whether the journal (or its write-ahead log) was written after the summary."""
    newest = 0.0
    for suffix in ("", "-wal"):
        try:
            newest = max(newest, os.stat(_journal_path() + suffix).st_mtime)
        except OSError:
            continue
    return newest > written.timestamp()


def _from_journal(
    facts: PackFacts, today: dt.date, known: status_summary.Summary | None
) -> status_summary.Summary | None:
    """Counts read from the journal with sqlite3 alone, for when the app's summary is missing
    or older than the journal.

    An approximation of :func:`coach.journal.figures.counts`, which needs the pack's models
    (pydantic) that a prompt cannot afford: a session counts when it counts toward the plan,
    was carried to its end, was not stopped for pain and had a step done (the protocol's own
    number of steps to count is not known here), and a logged activity counts when its
    content said so. A first week that starts mid-week has the plan's whole target, unless the
    app's summary of that week gave its shorter one. The app's summary
    (:func:`coach.journal.status_refresh.summary_from`, from the figures) is the authoritative one: it
    replaces this as soon as the app shows home or saves a check-in.
    The advice, the level and the start window can only be judged by the app: they are kept
    from its last summary, if any (a caution it gave stays until it judges again).
    """
    path = _journal_path()
    if not os.path.exists(path):
        return None
    for suffix in ("", "-wal", "-shm"):  # SQLite would wait forever opening a FIFO
        if not _regular_or_missing(path + suffix):
            raise StatusError(f"{path}{suffix} is not a regular file")
    import sqlite3

    monday = today - dt.timedelta(days=today.weekday())
    activities: list[tuple[object, object]] = []
    start_given = False
    try:
        # Read-only: a status line never creates, migrates or locks the journal.
        db = sqlite3.connect(f"file:{_uri_path(path)}?mode=ro", uri=True, timeout=JOURNAL_WAIT)
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version >= 3:  # rows with checksums: a damaged one is left out, as coach does
                wanted = ("pack_id", "started_ts", *_SESSION_FACTS)
                mine = [r for r in _intact(db, "sessions", wanted) if r[0] == facts.pack_id]
                rows = [r[2:] for r in sorted(mine, key=lambda r: r[1])]
                activities = [
                    r[1:]
                    for r in _intact(db, "activities", ("pack_id", "day", "counts"))
                    if r[0] == facts.pack_id
                ]
                start_given = any(
                    pack == facts.pack_id for (pack,) in _intact(db, "plan_start", ("pack_id",))
                )
            else:
                rows = db.execute(
                    f"SELECT {', '.join(_SESSION_FACTS)} FROM sessions WHERE pack_id = ? "
                    "ORDER BY started_ts",
                    (facts.pack_id,),
                ).fetchall()
            # Migration 2 (coach.journal.migrations) added log-only activities and the start
            # date; a journal not yet migrated (the app migrates it when it opens) has neither.
            if version == 2:
                activities = db.execute(
                    "SELECT day, counts FROM activities WHERE pack_id = ?", (facts.pack_id,)
                ).fetchall()
                start_given = (
                    db.execute(
                        "SELECT 1 FROM plan_start WHERE pack_id = ?", (facts.pack_id,)
                    ).fetchone()
                    is not None
                )
        finally:
            db.close()
    except sqlite3.Error as exc:
        raise StatusError(f"cannot read the journal at {path}: {exc}") from None
    counted: list[dt.date] = []
    last: dt.date | None = None
    for started, counts, completed, pain_stop, steps_done in rows:
        try:
            day = dt.datetime.fromisoformat(started).date()
        except (TypeError, ValueError):
            continue
        if day > today:
            continue
        last = day
        if counts and completed and not pain_stop and (steps_done or 0) >= 1:
            counted.append(day)
    for day_text, counts in activities:
        try:
            day = dt.date.fromisoformat(str(day_text))
        except ValueError:
            continue
        if counts and day <= today:
            counted.append(day)
    # This unit's target: the app's (a shorter first week) while its summary is of this week.
    same_week = known is not None and known.week_start == monday
    now = (
        (known.now_low, known.now_high)
        if known is not None and same_week
        else (facts.low, facts.high)
    )
    return status_summary.Summary(
        pack_id=facts.pack_id,
        name=facts.title,
        per=facts.per,
        day=today,
        sessions_this_week=sum(1 for d in counted if monday <= d),
        done_today=sum(1 for d in counted if d == today),
        target_low=facts.low,
        target_high=facts.high,
        now_low=now[0],
        now_high=now[1],
        last_session=last,
        outcome=known.outcome if known else "",
        urgency=known.urgency if known else "",
        start_needed=facts.asks_start and not start_given,
        not_before=known.not_before if known and not counted else None,  # started since
        level=known.level if known else "",
        written=dt.datetime.now().astimezone(),
    )


_SESSION_FACTS = ("started", "counts_as_session", "completed", "pain_stop", "steps_done")


def _intact(db: sqlite3.Connection, table: str, wanted: tuple[str, ...]) -> list[tuple]:
    """``wanted`` of the rows of ``table`` whose checksum matches (see coach.journal.seal)."""
    from coach.journal import seal

    db.text_factory = lambda raw: raw.decode("utf-8", "replace")  # as the journal reads text
    names = seal.SEALED[table]
    where = [names.index(name) for name in wanted]
    rows = db.execute(f"SELECT {seal.columns(table)} FROM {table}").fetchall()
    return [tuple(row[i] for i in where) for row in rows if seal.intact(row)]


def _regular_or_missing(path: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return True


def _uri_path(path: str) -> str:
    """``path`` for a ``file:`` URI (urllib.parse.quote would import re on the fast path)."""
    return path.replace("%", "%25").replace("?", "%3f").replace("#", "%23")
