"""The status summary: a few facts the app keeps in a small private file for ``coach status``.

``coach status`` runs in a shell prompt or a tmux bar, so it must cost little more than Python's
own start: no Textual, no pydantic, no sqlite, not even ``re`` (which ``json`` and ``tomllib``
import). So the file is plain ``key=value`` lines, written atomically (0600) by the app after
a session is saved and when the home screen loads, and read here with ``str.split``.

It holds facts, not a finished line: the line is worked out when it is shown (see
:mod:`coach.status_line`), so a summary written last week still gives this week's count (zero).
"""

from __future__ import annotations

import datetime as dt
import os
import sys

TYPE_CHECKING = False  # not typing's: typing (like dataclasses) imports re, which costs here
if TYPE_CHECKING:
    from collections.abc import Sequence

    from coach.journal.records import SessionRecord
    from coach.journal.store import Journal
    from coach.pack.model import Pack

FORMAT = "coach-status 1"  # the first line; a file that does not start with it is ignored
FILE_NAME = "status.txt"
MAX_BYTES = 64 * 1024  # a summary is a few hundred bytes; anything bigger is not ours

# name -> kind, in file order. A plain class rather than a dataclass: dataclasses imports
# inspect and re, about as much time as the whole of ``coach status`` may take.
_FIELDS: dict[str, str] = {
    "pack_id": "str",
    "name": "str",  # the pack's title, shown unless discreet
    "week_start": "date",  # the Monday the count below belongs to
    "sessions_this_week": "int",  # sessions carried to the end that count toward the target
    "target_low": "int",  # 0 and 0: the pack has no programme, so no weekly target
    "target_high": "int",
    "last_session": "date?",
    "did_today": "bool",  # a counted session on the day written (for "next: tomorrow")
    "outcome": "str",  # the progression outcome (coach.journal.progress.Outcome value)
    "level": "str",  # "Size 2 of 4" (never shown in discreet mode)
    "written": "datetime",
}


class Summary:
    """What ``coach status`` needs, as of :attr:`written`. Immutable by convention."""

    __slots__ = tuple(_FIELDS)
    pack_id: str
    name: str
    week_start: dt.date
    sessions_this_week: int
    target_low: int
    target_high: int
    last_session: dt.date | None
    did_today: bool
    outcome: str
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

    @property
    def target(self) -> str:
        """ "2-3", "2", or "" when there is no weekly target."""
        if self.target_high == 0:
            return ""
        if self.target_low == self.target_high:
            return str(self.target_low)
        return f"{self.target_low}-{self.target_high}"


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
    from coach import locations

    return str(locations.data_dir())


def config_dir() -> str:
    """Like :func:`data_dir`, for the settings folder."""
    if sys.platform.startswith("linux"):
        return os.path.join(_xdg("XDG_CONFIG_HOME", "~/.config"), "coach")
    from coach import locations

    return str(locations.config_dir())


def summary_path() -> str:
    return os.path.join(data_dir(), FILE_NAME)


def read_all(path: str | None = None) -> list[Summary]:
    """Every pack's summary, active first; ``[]`` when there is no readable file."""
    path = path or summary_path()
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError:
        return []
    if len(data) > MAX_BYTES:
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

    from coach.locations import ensure_private_dir, write_private

    target = Path(path or summary_path())
    summaries = {s.pack_id: s for s in read_all(str(target))}
    summaries[summary.pack_id] = summary
    ensure_private_dir(target.parent)
    write_private(target, encode(summaries, summary.pack_id))
    return str(target)


def summary_from(pack: Pack, sessions: Sequence[SessionRecord], today: dt.date) -> Summary:
    """The summary of ``pack`` from the journal's sessions, as the progress code sees them.

    One place to compute it, so it can move to another figures module without touching the
    callers or ``coach status``.
    """
    from coach.journal.progress import compute_progress
    from coach.journal.records import for_pack

    mine = for_pack(sessions, pack.info.id)
    done = [s for s in mine if s.counts_as_session and s.completed and s.day <= today]
    did_today = any(s.day == today for s in done)
    written = dt.datetime.now().astimezone()
    if pack.program is None:  # a pack without a programme: counts, no target, no level
        monday = today - dt.timedelta(days=today.weekday())
        past = [s.day for s in mine if s.day <= today]
        return Summary(
            pack_id=pack.info.id,
            name=pack.info.title,
            week_start=monday,
            sessions_this_week=sum(1 for s in done if s.day >= monday),
            target_low=0,
            target_high=0,
            last_session=max(past) if past else None,
            did_today=did_today,
            outcome="",
            level="",
            written=written,
        )
    progress = compute_progress(pack.program, mine, today)
    return Summary(
        pack_id=pack.info.id,
        name=pack.info.title,
        week_start=progress.week_start,
        sessions_this_week=progress.sessions_this_week,
        target_low=progress.week_target.low,
        target_high=progress.week_target.high,
        last_session=progress.last_session,
        did_today=did_today,
        outcome=progress.outcome.value,
        level=progress.level_label,
        written=written,
    )


def refresh(pack: Pack | None, journal: Journal | None, today: dt.date | None = None) -> None:
    """What the app calls after a session is saved and when home loads: never raises.

    Without a pack or a journal there is nothing to summarise; the old summary stays.
    """
    if pack is None or journal is None:
        return
    try:
        sessions = journal.sessions()
        write_summary(summary_from(pack, sessions, today or dt.date.today()))
    except Exception:  # a status line must never break the app
        import logging

        logging.getLogger(__name__).warning("could not write the status summary", exc_info=True)
