"""What a running front end knows of its content, in one object with one status.

:class:`~coach.pack.source.ContentSource` loads; this keeps what the loads gave: the pack in
use, where it came from, what is wrong with the files now, and what to tell the person after
each load (a notice, the full list of problems, or nothing). Textual-free: the app asks it and
acts on the answer (:class:`Applied`), and the rules are tested without a terminal.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Generic, Literal, TypeVar

from coach.pack.source import describe

if TYPE_CHECKING:
    from coach.pack.errors import PackError
    from coach.pack.model import Pack
    from coach.pack.source import Loaded

IndexT = TypeVar("IndexT")

Severity = Literal["information", "warning", "error"]


class Status(StrEnum):
    """Where the content stands, as one value."""

    LOADING = "loading"
    """No load has finished yet (the first frame shows the titles read cheaply)."""
    READY = "ready"
    """The files loaded: the pack in use is theirs."""
    PROBLEMS = "problems"
    """The files are broken now; the pack an earlier load gave stays in use."""
    FALLBACK = "fallback"
    """The files are broken; a kept copy (the last good one) or the shipped pack is in use."""
    FAILED = "failed"
    """Nothing could be loaded at all."""


@dataclass(frozen=True, slots=True)
class Notice:
    """Something to tell the person, in a front end's own way (the app: a toast)."""

    text: str
    title: str = ""
    severity: Severity = "information"
    timeout: float = 4.0


@dataclass(frozen=True, slots=True)
class Applied:
    """What one applied load means for the front end."""

    first: bool = False
    """The first content of this run is in: start what was asked for (home, a session, the FAQ)."""
    notice: Notice | None = None
    show_problems: bool = False
    """Show the whole list of problems (nothing is running that it would cover)."""


FROM_FILES = "files"
LAST_GOOD = "last good"  # the names ContentSource gives its fallbacks
DEFAULT = "default"


class ContentState(Generic[IndexT]):
    """The content in use and its status; fed each newest load by :meth:`apply`."""

    def __init__(self, pack: Pack | None = None) -> None:
        self.pack: Pack | None = pack
        """The content in use; ``None`` until a load gives one."""
        self.origin: str | None = FROM_FILES if pack is not None else None
        """Where :attr:`pack` came from: the files, the last good copy, or the default."""
        self.problems: PackError | None = None
        """What is wrong with the content files as they are now (``None``: nothing)."""
        self.faq_index: IndexT | None = None
        """The front end's FAQ index of :attr:`pack` (the app: its build, begun on first need)."""
        self.started = False
        """The first content was applied (and what the person asked for was started)."""
        self._finished_once = False  # a load has ended (with or without content)
        self._first_due = pack is None
        self._said = ""  # the problems last told in a notice during a session

    # --- the one status ----------------------------------------------------------------------

    @property
    def status(self) -> Status:
        if self.pack is None:
            failed = self.problems is not None or self._finished_once
            return Status.FAILED if failed else Status.LOADING
        if self.problems is None:
            return Status.READY
        return Status.PROBLEMS if self.origin == FROM_FILES else Status.FALLBACK

    @property
    def fallback(self) -> str | None:
        """``"last good"`` or ``"default"`` while such a copy is in use instead of the files."""
        return None if self.origin in (None, FROM_FILES) else self.origin

    @property
    def using(self) -> str:
        """What is shown instead of the files, in words."""
        return "the default content" if self.origin == DEFAULT else "the last content that worked"

    @property
    def problem(self) -> str:
        """The first problem, ``file:line: field: message`` (empty when there is none)."""
        return describe(self.problems) if self.problems is not None else ""

    def first_load_due(self) -> bool:
        """True once, when the first load should begin (no pack was handed in)."""
        due, self._first_due = self._first_due, False
        return due

    def not_ready(self, what: str) -> str:
        """Why ``what`` cannot be opened yet: never "still loading" once loading has failed."""
        if self.status is Status.LOADING:
            return f"{what} is still loading."
        return f"{what} cannot be used: the content has problems (F8 lists them)."

    # --- each load ------------------------------------------------------------------------------

    def apply(self, loaded: Loaded, *, during_session: bool = False) -> Applied:
        """Take in the newest load; what to tell the person. ``during_session``: a session
        runs, so problems are a notice (said once), never a list over it."""
        self._finished_once = True
        self.problems = loaded.problems
        if loaded.pack is None:
            return self._broken(loaded.problems, during_session=during_session)
        first = not self.started
        self.started = True
        self._said = ""
        self.pack = loaded.pack
        self.origin = loaded.fallback or FROM_FILES
        notice: Notice | None = None
        if loaded.problems is not None and loaded.fallback is not None:
            notice = Notice(
                f"{describe(loaded.problems)}\nUsing {self.using} until it is fixed. F8: the list.",
                title="Your content has a problem",
                severity="warning",
                timeout=30,
            )
        elif not first:
            notice = Notice(
                "Content reloaded. The session running now keeps the text it started with."
                if during_session
                else "Content reloaded.",
                timeout=4 if during_session else 3,
            )
        return Applied(first=first, notice=notice)

    def _broken(self, problems: PackError | None, *, during_session: bool) -> Applied:
        if problems is None:
            return Applied()
        if not during_session:
            return Applied(show_problems=True)
        said = problems.render()
        if said == self._said:
            return Applied()  # the same problems, found again: said once is enough
        self._said = said
        keeping = (
            "The last good content stays in use. F8: the list."
            if self.pack is not None
            else "F8: the list."
        )
        return Applied(
            notice=Notice(
                f"{describe(problems)}\n{keeping}",
                title="A content file has a problem",
                severity="warning",
                timeout=20,
            )
        )


__all__ = ["Applied", "ContentState", "Notice", "Status"]
