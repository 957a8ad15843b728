"""One urgency per sign, across every file of a pack: the cross-check ``coach check`` runs.

A sign (heavy bleeding, a stuck dilator, next-day soreness) is named in several places: the
safety guidance, FAQ answers, the programme's rules, a protocol, the pack's description. Each
place tags the signs it names with the urgency it gives them (``signs = { stuck = "urgent" }``;
in safety.toml's lists, ``{ text = "...", sign = "stuck" }``, whose urgency is its list's).
safety.toml's ``[signs]`` table is the register: every sign once, with its one urgency.

:func:`urgency_problems` reports every place that gives a sign another urgency than the register
(or, in a pack without one, than the first place that names it), naming both files and lines,
and every tag naming a sign the register does not have. It reads the parsed files, not the
models, so it knows where each tag is written. Textual-free, and no pydantic.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach.pack.read import SourceFile
from coach.system.positions import format_path, key_positions, lookup
from coach.system.problems import Problem

LIST_URGENCY = {"red_flags": "urgent", "warning_signs": "stop-today", "normal": "normal"}
"""The urgency a sign listed in safety.toml has by the list it is in."""

HINT = "a sign has one urgency everywhere: safety.toml's [signs] gives each sign's"


@dataclass(frozen=True, slots=True)
class Mention:
    """One place that names a sign, and the urgency it gives it there."""

    sign: str
    urgency: str
    path: Path
    line: int | None
    col: int | None
    field: str
    register: bool = False  # safety.toml's [signs]

    def where(self, seen_from: Path) -> str:
        """ "safety.toml line 12"; the whole path when it is in another folder than
        ``seen_from`` (a user's pack over the default one)."""
        name = self.path.name if self.path.parent == seen_from.parent else str(self.path)
        return name + (f" line {self.line}" if self.line is not None else "")


def mentions(files: list[SourceFile]) -> list[Mention]:
    """Every tagged sign in the files, in file order."""
    found: list[Mention] = []
    for source in files:
        if not isinstance(source.data, dict):
            continue
        tags = list(_tags(source))
        # Positions only for files that tag something: scanning costs a pass over the text.
        positions = key_positions(source.text) if tags and source.text else {}
        for path, sign, urgency, register in tags:
            line, col = lookup(positions, path) or (None, None)
            found.append(
                Mention(sign, urgency, source.path, line, col, format_path(path), register)
            )
    return found


def _tags(source: SourceFile) -> Iterator[tuple[tuple[str | int, ...], str, str, bool]]:
    """(path in the file, sign, urgency, in the register) for each tag of one file."""
    data = source.data or {}
    if source.role == "safety":
        yield from _table(data.get("signs"), ("signs",), register=True)
        for name, urgency in LIST_URGENCY.items():
            for i, item in _items(data.get(name)):
                sign = item.get("sign")
                if isinstance(sign, str):
                    yield (name, i, "sign"), sign, urgency, False
    elif source.role in ("pack", "protocol"):
        yield from _table(data.get("signs"), ("signs",))
    elif source.role == "program":
        for i, rule in _items(data.get("rules")):
            yield from _table(rule.get("signs"), ("rules", i, "signs"))
    elif source.role == "faq":
        index_map = getattr(source, "index_map", None)  # a shipped FAQ less replaced entries
        for i, entry in _items(data.get("faq")):
            place = index_map[i] if index_map else i
            yield from _table(entry.get("signs"), ("faq", place, "signs"))


def _items(value: Any) -> list[tuple[int, dict[str, Any]]]:
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _table(
    value: Any, path: tuple[str | int, ...], *, register: bool = False
) -> Iterator[tuple[tuple[str | int, ...], str, str, bool]]:
    if isinstance(value, dict):
        for sign, urgency in value.items():
            if isinstance(sign, str) and isinstance(urgency, str):
                yield (*path, sign), sign, urgency, register


def urgency_problems(files: list[SourceFile]) -> list[Problem]:
    """Every sign given two urgencies, and every tag of a sign the register lacks."""
    found = mentions(files)
    register = {m.sign: m for m in found if m.register}
    first: dict[str, Mention] = {}
    problems: list[Problem] = []
    for mention in found:
        if mention.register:
            continue
        if register and mention.sign not in register:
            close = difflib.get_close_matches(mention.sign, sorted(register), n=1)
            problems.append(
                _problem(
                    mention,
                    f"no sign {mention.sign!r} in safety.toml's [signs]",
                    f"did you mean {close[0]!r}?" if close else "add it there, with its urgency",
                )
            )
            continue
        reference = register.get(mention.sign) or first.setdefault(mention.sign, mention)
        if reference is not mention and reference.urgency != mention.urgency:
            problems.append(
                _problem(
                    mention,
                    f"sign {mention.sign!r} is {mention.urgency!r} here, but "
                    f"{reference.urgency!r} in {reference.where(mention.path)}",
                    HINT,
                )
            )
    return problems


def _problem(mention: Mention, message: str, hint: str) -> Problem:
    return Problem(mention.path, mention.line, mention.col, mention.field, message, hint)
