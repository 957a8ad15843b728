"""The status summary: a few facts the app keeps in a small private file for ``coach status``.

``coach status`` runs in a shell prompt or a tmux bar, so it must cost little more than Python's
own start: no Textual, no pydantic, no sqlite, not even ``re`` (which ``json`` and ``tomllib``
import). So the file is plain ``key=value`` lines, written atomically (0600) by the app after
a session is saved and when the home screen loads, and read here with ``str.split``.

It holds facts, not a finished line: the line is worked out when it is shown (see
:mod:`coach.outputs.status_line`), so a summary written last week still gives this week's count (zero).
Working it out from the figures is :mod:`coach.journal.status_refresh`'s job.
"""

from __future__ import annotations

import datetime as dt
import os
import sys

from coach.journal import pace
from coach.system.files import read_regular

FORMAT = "coach-status 2"  # the first line; a file that does not start with it is ignored
# (version 1 counted by the week only: such a file is ignored, and the journal read instead)
FILE_NAME = "status.txt"
MAX_BYTES = 64 * 1024  # a summary is a few hundred bytes; anything bigger is not ours

# name -> kind, in file order. A plain class rather than a dataclass: dataclasses imports
# inspect and re, about as much time as the whole of ``coach status`` may take. Every figure is
# :mod:`coach.journal.figures`' (see :func:`summary_from`); the line only ages them.
_FIELDS: dict[str, str] = {
    "pack_id": "str",
    "name": "str",  # the pack's title, shown unless discreet
    "per": "str",  # the plan's unit, "day" or "week"; "" when the pack has no programme
    "day": "date",  # the day these figures are for (the app's today when it wrote them)
    "sessions_this_week": "int",  # sessions (and counted activities) that count, that week
    "done_today": "int",  # the same, that day
    "target_low": "int",  # the plan's sessions a day or week; 0 and 0: no programme, no target
    "target_high": "int",
    "started": "date?",  # the plan's first day (its first session that counted); a first week
    # that starts mid-week has a shorter target (coach.journal.pace.unit_target)
    "ends": "date?",  # a plan of fixed length is over from this day: nothing more is asked
    "last_session": "date?",
    "outcome": "str",  # the rule whose advice applies (its id), or begin / keep_going
    "urgency": "str",  # that advice's urgency: none, routine, soon, urgent ("" unknown)
    "start_needed": "bool",  # the content asks for a start date and none was given
    "not_before": "date?",  # the plan's start window opens that day (not yet started)
    "level": "str",  # "Size 2 of 4" (never shown in discreet mode); "" without levels
    "written": "datetime",
}
_OPTIONAL = frozenset({"started", "ends"})
"""Fields a summary written by an earlier coach lacks: read as not known (``None``)."""


class Summary:
    """What ``coach status`` needs, as of :attr:`written`. Immutable by convention."""

    __slots__ = tuple(_FIELDS)
    pack_id: str
    name: str
    per: str
    day: dt.date
    sessions_this_week: int
    done_today: int
    target_low: int
    target_high: int
    started: dt.date | None
    ends: dt.date | None
    last_session: dt.date | None
    outcome: str
    urgency: str
    start_needed: bool
    not_before: dt.date | None
    level: str
    written: dt.datetime

    def __init__(self, **values: object) -> None:
        missing = set(_FIELDS) - set(values)
        extra = set(values) - set(_FIELDS)
        if missing or extra:
            raise TypeError(f"Summary fields: missing {sorted(missing)}, unknown {sorted(extra)}")
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a Summary is read-only")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Summary) and all(
            getattr(self, n) == getattr(other, n) for n in _FIELDS
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return "Summary(" + ", ".join(f"{n}={getattr(self, n)!r}" for n in _FIELDS) + ")"

    def as_dict(self) -> dict[str, object]:
        return {n: getattr(self, n) for n in _FIELDS}

    def current(self, today: dt.date) -> tuple[int, int, int]:
        """(done, target low, target high) in the plan's unit on ``today``, by the same rules
        as the figures (:mod:`coach.journal.pace`): a summary written in an earlier day or week
        says nothing done in this one. No target (0, 0) without a programme, before the start
        window opens, and once a plan of fixed length is over."""
        done = 0
        if self.per == "day" and self.day == today:
            done = self.done_today
        elif self.per != "day" and self.week_start == pace.week_start(today):
            done = self.sessions_this_week
        if self.waiting(today) or self.ended(today):
            return done, 0, 0
        low, high = pace.unit_target(
            self.per, self.target_low, self.target_high, today, self.started
        )
        return done, low, high

    def waiting(self, today: dt.date) -> bool:
        """Before the start window opens: nothing is asked until then."""
        return self.not_before is not None and self.not_before > today and self.started is None

    def ended(self, today: dt.date) -> bool:
        """A plan of fixed length is over: nothing more is asked."""
        return self.ends is not None and today >= self.ends

    @property
    def week_start(self) -> dt.date:
        """The first day of :attr:`day`'s week: the week :attr:`sessions_this_week` counts."""
        return pace.week_start(self.day)

    @property
    def target(self) -> str:
        """The plan's target, "2-3" or "2"; "" when the pack has no programme."""
        return pace.range_text(self.target_low, self.target_high)

    @property
    def unit_words(self) -> str:
        """ "today" for a daily plan, else "this week" (a pack without a plan counts weeks)."""
        return pace.unit_text(self.per)


def _parse(kind: str, text: str) -> object:
    if kind == "int":
        return int(text)
    if kind == "bool":
        if text not in ("true", "false"):
            raise ValueError(text)
        return text == "true"
    if kind == "date":
        return dt.date.fromisoformat(text)
    if kind == "date?":
        return dt.date.fromisoformat(text) if text else None
    if kind == "datetime":
        return dt.datetime.fromisoformat(text)
    return text


def _format(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):  # dates and datetimes
        return value.isoformat()
    # One line per field: a title with a newline (or a control character) must not add a field.
    return "".join(ch if ch.isprintable() else " " for ch in str(value))


def encode(summaries: dict[str, Summary], active: str) -> bytes:
    """The file's bytes: one block per pack, the active pack's first."""
    order = [active, *(k for k in summaries if k != active)] if active in summaries else summaries
    lines = [FORMAT]
    for pack_id in order:
        summary = summaries[pack_id]
        lines.append("")
        lines += [f"{name}={_format(getattr(summary, name))}" for name in _FIELDS]
    return ("\n".join(lines) + "\n").encode("utf-8")


def decode(data: bytes) -> list[Summary]:
    """The summaries in the file, active first; a block that does not read is skipped."""
    text = data.decode("utf-8", "replace")
    head, _, rest = text.partition("\n")
    if head.strip() != FORMAT:
        return []
    out: list[Summary] = []
    for block in rest.split("\n\n"):
        values: dict[str, str] = {}
        for line in block.splitlines():
            key, sep, value = line.partition("=")
            if sep and key in _FIELDS:
                values[key] = value
        for key in _OPTIONAL - values.keys():
            values[key] = ""
        try:
            parsed = {k: _parse(_FIELDS[k], values[k]) for k in _FIELDS}
            out.append(Summary(**parsed))
        except (KeyError, ValueError, TypeError):
            continue
    return out


def _xdg(variable: str, fallback: str) -> str:
    value = os.environ.get(variable, "").strip()
    return value if value else os.path.expanduser(fallback)


def data_dir() -> str:
    """coach's data folder as a string, without platformdirs and pathlib on Linux (the same
    folder platformdirs gives: ``$XDG_DATA_HOME/coach``, else ``~/.local/share/coach``)."""
    if sys.platform.startswith("linux"):
        return os.path.join(_xdg("XDG_DATA_HOME", "~/.local/share"), "coach")
    from coach.system import paths

    return str(paths.data_dir())


def config_dir() -> str:
    """Like :func:`data_dir`, for the settings folder."""
    if sys.platform.startswith("linux"):
        return os.path.join(_xdg("XDG_CONFIG_HOME", "~/.config"), "coach")
    from coach.system import paths

    return str(paths.config_dir())


def summary_path() -> str:
    return os.path.join(data_dir(), FILE_NAME)


def read_all(path: str | None = None) -> list[Summary]:
    """Every pack's summary, active first; ``[]`` when there is no readable file."""
    path = path or summary_path()
    try:  # a regular file only: a FIFO put in its place must not hang every shell prompt
        data = read_regular(path, MAX_BYTES)
    except OSError:  # missing, unreadable, too large, or not a file: there is no summary
        return []
    return decode(data)


def read_summary(pack_id: str | None = None, path: str | None = None) -> Summary | None:
    """The summary of ``pack_id`` (default: the pack the app wrote last), or ``None``."""
    summaries = read_all(path)
    if pack_id is None:
        return summaries[0] if summaries else None
    return next((s for s in summaries if s.pack_id == pack_id), None)


def write_summary(summary: Summary, path: str | None = None) -> str:
    """Store ``summary`` as the active one, keeping other packs' summaries; private, atomic.

    Returns the path written. Raises ``OSError`` when the disk refuses: callers in the app log
    it and carry on, since a status line is never worth an error on screen.
    """
    from pathlib import Path

    from coach.system.paths import ensure_private_dir, write_private

    target = Path(path or summary_path())
    summaries = {s.pack_id: s for s in read_all(str(target))}
    summaries[summary.pack_id] = summary
    ensure_private_dir(target.parent)
    write_private(target, encode(summaries, summary.pack_id))
    return str(target)
