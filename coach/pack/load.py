"""Loading a content pack: read, overlay a user pack, validate, cross-check, assemble.

Every problem in every file is collected before anything is raised, so ``coach check`` can list
them all at once; the only exception that leaves this module is :class:`PackError`.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coach.pack import model as m
from coach.pack.errors import PackError
from coach.pack.fields import Model
from coach.pack.levels import PAIN_QUESTION_ID, ParamError, pain_question, protocol_for_level
from coach.pack.read import PackFiles, Role, SourceFile, read_file, read_pack, role_for
from coach.pack.validate import ValidationError, validate
from coach.system.positions import format_path, key_positions, lookup, normalize_loc
from coach.system.problems import Problem
from coach.system.toml_file import NOT_FINITE

MODELS: dict[Role, type[Model]] = {
    "pack": m.PackInfo,
    "program": m.Program,
    "protocol": m.Protocol,
    "faq": m.FaqFile,
    "safety": m.Safety,
}
_TAGS = frozenset(m.STEP_KINDS)
_UNKNOWN_KEY = frozenset({"unexpected_keyword_argument", "extra_forbidden"})
"""How pydantic says a table has a key its class does not (a dataclass's, a dict's)."""


@dataclass
class Override:
    """A user-pack file or entry that replaces (or adds to) the shipped pack."""

    path: Path
    what: str  # e.g. "protocol 'dilation-session'", "FAQ entry 'lubricant'", "safety.toml"
    replaces: bool  # False: new


@dataclass
class LoadResult:
    pack: m.Pack
    files: list[SourceFile]
    overrides: list[Override] = field(default_factory=list)
    alone: bool = False
    """The user's folder held a pack of its own (another id): loaded alone, not as changes."""


# --- pydantic errors -> problems -------------------------------------------------------------


class _Locator:
    """Positions of one file, computed on first need (only files with problems pay for it)."""

    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self._positions: dict | None = None

    def at(self, path: tuple[str | int, ...]) -> tuple[int | None, int | None]:
        if self._positions is None:
            self._positions = key_positions(self.source.text) if self.source.text else {}
        found = lookup(self._positions, path)
        return found if found else (1, 1) if self.source.text else (None, None)

    def problem(
        self, path: tuple[str | int, ...], message: str, hint: str | None = None
    ) -> Problem:
        line, col = self.at(path)
        return Problem(self.source.path, line, col, format_path(path), message, hint)


def _fields_of(annotation: Any) -> Iterable[type[Model]]:
    """Model classes reachable from a type annotation (through Optional, list, Annotated...)."""
    origin = typing.get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, Model):
        yield annotation
    elif origin is typing.Annotated:
        yield from _fields_of(typing.get_args(annotation)[0])
    elif origin in (list, tuple, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            yield from _fields_of(arg)


@functools.cache
def _field_types(cls: type[Model]) -> dict[str, Any]:
    """A content class's fields and their types, in order."""
    return typing.get_type_hints(cls, include_extras=True)


def _allowed_keys(root: type[Model], data: Any, path: tuple[str | int, ...]) -> list[str]:
    """The keys valid at ``path`` (the table holding an unknown key), for "did you mean"."""
    candidates: list[type[Model]] = [root]
    node = data
    for part in path:
        node = node[part] if isinstance(node, dict | list) else None
        if isinstance(part, int):
            continue
        nxt: list[type[Model]] = []
        for cls in candidates:
            annotation = _field_types(cls).get(part)
            if annotation is not None:
                nxt.extend(_fields_of(annotation))
        candidates = nxt
    if isinstance(node, dict) and "kind" in node:  # a step: only the fields of its own kind
        kind = node["kind"]
        picked = [
            c
            for c in candidates
            if "kind" in _field_types(c) and typing.get_args(_field_types(c)["kind"]) == (kind,)
        ]
        candidates = picked or candidates
    keys: list[str] = []
    for cls in candidates:
        keys.extend(k for k in _field_types(cls) if k not in keys)
    return keys


def _message(error: dict[str, Any], key: str | int | None) -> tuple[str, str | None]:
    kind = error["type"]
    msg: str = error["msg"]
    if kind in _UNKNOWN_KEY:
        return f"unknown key {key!r}", None
    if kind == "missing":  # named in the message too: a list of problems may show it alone
        return (
            f"the required key {key!r} is missing"
            if isinstance(key, str)
            else "a required key is missing"
        ), None
    if kind == "union_tag_not_found":
        return "a step needs a 'kind'", "one of: " + ", ".join(m.STEP_KINDS)
    if kind == "union_tag_invalid":
        tag = (error.get("ctx") or {}).get("tag", "")
        return f"unknown step kind {tag!r}", "one of: " + ", ".join(m.STEP_KINDS)
    if msg.startswith("Value error, "):
        msg = msg.removeprefix("Value error, ")
    if kind == "string_pattern_mismatch" and key in ("id", "default_protocol", "on_resistance"):
        return "not a valid id", "use lower-case letters, digits, '-' and '_', e.g. 'warm-up'"
    return msg[:1].lower() + msg[1:], None


def _validation_problems(
    source: SourceFile, model: type[Model], exc: ValidationError, locator: _Locator
) -> list[Problem]:
    problems = []
    data = source.data or {}
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        path = normalize_loc(data, loc, _TAGS)
        key = path[-1] if path else None
        message, hint = _message(error, key)
        if error["type"] == "union_tag_invalid":
            path = (*path, "kind")
        if error["type"] in _UNKNOWN_KEY and isinstance(key, str):
            allowed = _allowed_keys(model, data, path[:-1])
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            if close:
                hint = f"did you mean {close[0]!r}?"
            elif allowed:
                hint = "allowed here: " + ", ".join(allowed)
        problems.append(locator.problem(_in_file(source, path), message, hint))
    return problems


# --- cross-file checks -----------------------------------------------------------------------


def _dicts(value: Any) -> list[tuple[int, dict[str, Any]]]:
    """The tables of an array, with their indexes; anything else is the validator's business."""
    if not isinstance(value, list):
        return []
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)]


def _unresolved(
    locator: _Locator, path: tuple[str | int, ...], what: str, ref: str, known: Iterable[str]
) -> Problem:
    close = difflib.get_close_matches(ref, sorted(known), n=1)
    return locator.problem(
        path, f"no {what} with id {ref!r}", f"did you mean {close[0]!r}?" if close else None
    )


def _duplicates(
    items: Iterable[tuple[Any, SourceFile, tuple[str | int, ...]]],
    what: str,
    locators: dict[Path, _Locator],
) -> list[Problem]:
    seen: dict[str, SourceFile] = {}
    problems = []
    for ident, source, path in items:
        if not isinstance(ident, str):
            continue
        if ident in seen:
            first = seen[ident].path.name
            problems.append(
                locators[source.path].problem(
                    path, f"duplicate {what} id {ident!r}", f"first used in {first}"
                )
            )
        else:
            seen[ident] = source
    return problems


# Reference checks read the raw data, not the models, so that a file with a type error still
# gets its dangling references reported in the same run.


def _protocol_checks(source: SourceFile, locator: _Locator) -> list[Problem]:
    steps = _dicts((source.data or {}).get("steps"))
    problems = _duplicates(
        ((t.get("id"), source, ("steps", i, "id")) for i, t in steps),
        "step",
        {source.path: locator},
    )
    step_ids = {str(t.get("id")) for _, t in steps}
    for i, step in steps:
        target = step.get("on_resistance")
        if not isinstance(target, str):
            continue
        path = ("steps", i, "on_resistance")
        if target not in step_ids:
            problems.append(_unresolved(locator, path, "step in this protocol", target, step_ids))
        elif target == step.get("id"):
            problems.append(locator.problem(path, "a step cannot branch to itself"))
    return problems + _branch_cycles(steps, locator)


def _branch_cycles(steps: list[tuple[int, dict[str, Any]]], locator: _Locator) -> list[Problem]:
    """``on_resistance`` loops (a -> b -> a) are refused: the engine never branches into a step
    already on the way (it would loop forever), so the edge closing a loop would silently do
    nothing once inside the branch. Each loop is reported once, at the step that closes it."""
    index = {t["id"]: i for i, t in steps if isinstance(t.get("id"), str)}
    target = {
        t["id"]: t["on_resistance"]
        for _, t in steps
        if isinstance(t.get("id"), str)
        and isinstance(t.get("on_resistance"), str)
        and t["on_resistance"] in index
        and t["on_resistance"] != t["id"]
    }
    problems: list[Problem] = []
    done: set[str] = set()
    for start in sorted(target, key=index.__getitem__):
        walk: list[str] = []
        node: str | None = start
        while node is not None and node not in done and node not in walk:
            walk.append(node)
            node = target.get(node)
        done.update(walk)
        if node is None or node not in walk:
            continue
        loop = walk[walk.index(node) :]
        first = min(loop, key=index.__getitem__)  # start the loop at its first step in the file
        loop = loop[loop.index(first) :] + loop[: loop.index(first)]
        closing = loop[-1]
        shown = " -> ".join([*loop, first])
        problems.append(
            locator.problem(
                ("steps", index[closing], "on_resistance"),
                f"on_resistance steps form a loop ({shown})",
                f"a branch never goes back into a step already on the way; point "
                f"{closing!r} at another step, or drop its on_resistance",
            )
        )
    return problems


def _link_position(
    source: SourceFile, start: tuple[int | None, int | None], needle: str
) -> tuple[int | None, int | None]:
    """The exact line of a link inside a (multi-line) answer, searching from its key."""
    if start[0] is None:
        return start
    lines = source.text.split("\n")
    offset = sum(len(line) + 1 for line in lines[: start[0] - 1])
    found = source.text.find(needle, offset)
    if found < 0:
        return start
    line = source.text.count("\n", 0, found) + 1
    col = found - (source.text.rfind("\n", 0, found) + 1) + 1
    return line, col


def _faq_checks(faq_files: list[SourceFile], locators: dict[Path, _Locator]) -> list[Problem]:
    entries = [
        (entry, source, _original_index(source, i))
        for source in faq_files
        for i, entry in _dicts((source.data or {}).get("faq"))
    ]
    problems = _duplicates(
        ((e.get("id"), src, ("faq", i, "id")) for e, src, i in entries), "FAQ entry", locators
    )
    ids = {str(e["id"]) for e, _, _ in entries if isinstance(e.get("id"), str)}
    for entry, source, i in entries:
        loc = locators[source.path]
        see_also = entry.get("see_also")
        for j, ref in enumerate(see_also if isinstance(see_also, list) else []):
            if isinstance(ref, str) and ref not in ids:
                problems.append(_unresolved(loc, ("faq", i, "see_also", j), "FAQ entry", ref, ids))
    return problems


def _strings(node: Any, path: tuple[str | int, ...] = ()):
    """Every string in parsed TOML data, with its path."""
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, (*path, index))


def _link_checks(
    files: list[SourceFile], ids: set[str], locators: dict[Path, _Locator]
) -> list[Problem]:
    """``[text](faq:ID)`` links may appear in any Markdown text: each must name an entry."""
    problems = []
    for source in files:
        for path, text in _strings(source.data):
            if "(faq:" not in text:
                continue
            path = _in_file(source, path)
            for match in m.FAQ_LINK.finditer(text):
                ref = match.group(1)
                if ref in ids:
                    continue
                line, col = _link_position(source, locators[source.path].at(path), f"(faq:{ref})")
                close = difflib.get_close_matches(ref, sorted(ids), n=1)
                problems.append(
                    Problem(
                        source.path,
                        line,
                        col,
                        format_path(path),
                        f"link to a missing FAQ entry 'faq:{ref}'",
                        f"did you mean 'faq:{close[0]}'?" if close else None,
                    )
                )
    return problems


def faq_ids(files: list[SourceFile]) -> set[str]:
    return {
        str(entry["id"])
        for source in files
        if source.role == "faq"
        for _, entry in _dicts((source.data or {}).get("faq"))
        if isinstance(entry.get("id"), str)
    }


def _original_index(source: SourceFile, i: int) -> int:
    index_map = getattr(source, "index_map", None)
    return index_map[i] if index_map else i


def _in_file(source: SourceFile, path: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """A data path as the file has it: a shipped FAQ trimmed of replaced entries keeps the
    other entries' places in the file, so problems point at the right lines."""
    if len(path) > 1 and path[0] == "faq" and isinstance(path[1], int):
        return ("faq", _original_index(source, path[1]), *path[2:])
    return path


# --- assembling ------------------------------------------------------------------------------


def _validate(source: SourceFile, locator: _Locator) -> tuple[Model | None, list[Problem]]:
    model = MODELS[source.role]
    try:
        return validate(model, source.data), []
    except ValidationError as exc:
        return None, _validation_problems(source, model, exc, locator)


def _overlay(base: PackFiles, user: PackFiles | None) -> tuple[list[SourceFile], list[Override]]:
    """User files replace the shipped ones: whole files for pack/program/safety, by id for
    protocols and FAQ entries (so a user pack can hold just the one entry it changes)."""
    if user is None:
        return list(base.files), []
    files = list(base.files)
    overrides: list[Override] = []
    by_role = {f.role: f for f in files if f.role != "protocol"}
    protocol_ids = {
        str((f.data or {}).get("id")): f for f in files if f.role == "protocol" and f.data
    }
    for uf in user.files:
        if uf.data is None:
            continue
        if uf.role == "protocol":
            pid = str(uf.data.get("id"))
            old = protocol_ids.get(pid)
            if old is not None:
                files.remove(old)
            files.append(uf)
            overrides.append(Override(uf.path, f"protocol {pid!r}", old is not None))
        elif (
            uf.role == "faq"
            and "faq" in by_role
            and by_role["faq"].data is not None
            and isinstance(by_role["faq"].data.get("faq", []), list)
        ):
            base_faq = by_role["faq"]
            # Either file may hold anything (faq = 3): the validator reports it; skip it here.
            # An id may be anything too (id = [1]): only a string is an id, the rest is reported.
            user_ids = {
                i for _, e in _dicts(uf.data.get("faq")) if isinstance(i := e.get("id"), str)
            }
            base_ids = {
                i for _, e in _dicts(base_faq.data.get("faq")) if isinstance(i := e.get("id"), str)
            }
            for ident in sorted(user_ids):
                overrides.append(Override(uf.path, f"FAQ entry {ident!r}", ident in base_ids))
            # Keep both files: base entries the user did not replace, then the user's entries.
            entries = base_faq.data.get("faq", [])
            kept = [
                i
                for i, e in enumerate(entries)
                if not (
                    isinstance(e, dict) and isinstance(e.get("id"), str) and e["id"] in user_ids
                )
            ]
            files.remove(base_faq)
            files.append(
                TrimmedSource(
                    base_faq.path,
                    "faq",
                    base_faq.text,
                    {"faq": [entries[i] for i in kept]},
                    index_map=kept,
                )
            )
            files.append(uf)
        else:
            old = by_role.get(uf.role)
            if old is not None:
                files.remove(old)
            files.append(uf)
            overrides.append(Override(uf.path, uf.path.name, old is not None))
    return files, overrides


@dataclass
class TrimmedSource(SourceFile):
    """A shipped FAQ file with some entries replaced by the user's: ``index_map`` gives each
    kept entry's place in the original file, so problems still point at the right line."""

    index_map: list[int] = field(default_factory=list)


def _said_once(problems: list[Problem]) -> list[Problem]:
    """A number that is not finite is reported where it was read; the validators' own words
    about the same field (a duration that cannot be read, a size not above 0) are dropped."""
    said = {(p.path, p.field) for p in problems if p.message.endswith(NOT_FINITE)}
    return [p for p in problems if p.message.endswith(NOT_FINITE) or (p.path, p.field) not in said]


def assemble(files: list[SourceFile], prior: list[Problem] | None = None) -> m.Pack:
    """Validate parsed files and cross-check them into a :class:`Pack`, or raise PackError."""
    problems = list(prior or [])
    locators = {f.path: _Locator(f) for f in files}
    parts: dict[Role, list[tuple[Model, SourceFile]]] = {}
    for source in files:
        if source.data is None:
            continue
        model, found = _validate(source, locators[source.path])
        problems += found
        if model is not None:
            parts.setdefault(source.role, []).append((model, source))

    by_role: dict[Role, list[SourceFile]] = {}
    for source in files:
        if source.data is not None:
            by_role.setdefault(source.role, []).append(source)
    protocol_files = by_role.get("protocol", [])
    for source in protocol_files:
        problems += _protocol_checks(source, locators[source.path])
    problems += _duplicates(
        (((s.data or {}).get("id"), s, ("id",)) for s in protocol_files), "protocol", locators
    )
    problems += _faq_checks(by_role.get("faq", []), locators)
    problems += _link_checks([f for f in files if f.data is not None], faq_ids(files), locators)
    # A protocol file that did not parse has an unknown id: don't call references to it dangling.
    all_protocols_read = all(f.data is not None for f in files if f.role == "protocol")
    for source in by_role.get("pack", []):
        default = (source.data or {}).get("default_protocol")
        known = [str((s.data or {}).get("id")) for s in protocol_files]
        if isinstance(default, str) and default not in known and all_protocols_read:
            problems.append(
                _unresolved(
                    locators[source.path], ("default_protocol",), "protocol", default, known
                )
            )
        first = (source.data or {}).get("before_you_start")
        all_faq_read = all(f.data is not None for f in files if f.role == "faq")
        if isinstance(first, str) and first not in faq_ids(files) and all_faq_read:
            problems.append(
                _unresolved(
                    locators[source.path], ("before_you_start",), "FAQ entry", first, faq_ids(files)
                )
            )
    for source in by_role.get("program", []):
        levels = _dicts((source.data or {}).get("levels"))
        problems += _duplicates(
            ((t.get("id"), source, ("levels", i, "id")) for i, t in levels), "level", locators
        )

    problems += _programme_checks(parts, locators)

    if problems:
        raise PackError(_said_once(problems))
    info = _single(parts, "pack", m.PackInfo)
    program = _single(parts, "program", m.Program)
    safety = _single(parts, "safety", m.Safety)
    protocols = [p for p, _ in parts.get("protocol", []) if isinstance(p, m.Protocol)]
    faq = [e for f, _ in parts.get("faq", []) if isinstance(f, m.FaqFile) for e in f.faq]
    if info is None or safety is None:  # a partial pack checked alone: read_pack reports it
        raise PackError([Problem(Path("."), None, None, "", "pack.toml and safety.toml needed")])
    return m.Pack(
        info=info,
        program=program,
        protocols=tuple(protocols),
        faq=tuple(faq),
        safety=safety,
    )


def _programme_checks(
    parts: dict[Role, list[tuple[Model, SourceFile]]], locators: dict[Path, _Locator]
) -> list[Problem]:
    """References between program.toml and the protocols: the check-in questions a protocol
    narrows to, the questions and answers rules name, and the level parameters steps read."""
    programs = [(p, s) for p, s in parts.get("program", []) if isinstance(p, m.Program)]
    protocols = [(p, s) for p, s in parts.get("protocol", []) if isinstance(p, m.Protocol)]
    program, program_source = programs[0] if programs else (None, None)
    if program is None and any(loc.source.role == "program" for loc in locators.values()):
        # program.toml is there but has problems of its own (reported): what it asks and
        # which levels it has are unknown, so nothing that names them is called dangling.
        return []
    problems: list[Problem] = []
    pack_questions = {q.id: q for q in program.checkin} if program else {}
    questions = dict(pack_questions)
    for protocol, source in protocols:
        loc = locators[source.path]
        for i, question in enumerate(protocol.checkin):
            if question.id in pack_questions:
                problems.append(
                    loc.problem(
                        ("checkin", i, "id"),
                        f"program.toml already asks a question {question.id!r}",
                        "give this one its own id, or use checkin_only to choose program.toml's",
                    )
                )
            questions.setdefault(question.id, question)
        for i, ref in enumerate(protocol.checkin_only or ()):
            if ref not in pack_questions:
                problems.append(
                    _unresolved(
                        loc, ("checkin_only", i), "question in program.toml", ref, pack_questions
                    )
                )
        refs = {r.name for r in protocol.params()}
        if not refs:
            continue
        paths = [
            (path, text[1:-1])
            for path, text in _strings(source.data)
            if len(text) > 2 and text[0] == "{" and text[-1] == "}" and text[1:-1] in refs
        ]
        if program is None or not protocol.uses_levels:
            for path, _name in paths:
                problems.append(
                    loc.problem(
                        path,
                        "a level parameter is read, but this protocol does not use levels",
                        "set uses_levels = true, and give each level in program.toml its value",
                    )
                )
            continue
        for path, name in paths:
            # "{previous.hold}": the previous level's, so every level must set "hold" too.
            base = name.removeprefix(m.PREVIOUS)
            missing = [lv.id for lv in program.levels if base not in lv.params]
            if missing:
                known = sorted({k for lv in program.levels for k in lv.params})
                close = difflib.get_close_matches(name, known, n=1)
                problems.append(
                    loc.problem(
                        path,
                        f"unknown parameter {name!r}: no value for it on level "
                        + ", ".join(repr(x) for x in missing),
                        f"did you mean {{{close[0]}}}?"
                        if close
                        else "set it in each level's params in program.toml",
                    )
                )
        if any(p.message.startswith("unknown parameter") for p in problems):
            continue
        assert program_source is not None
        for li, level in enumerate(program.levels):
            try:
                protocol_for_level(protocol, level)
            except ParamError as exc:
                problems.append(
                    locators[program_source.path].problem(
                        ("levels", li, "params"),
                        f"in protocol {protocol.id!r} at level {level.id!r}: {exc}",
                    )
                )
    if program is None or program_source is None:
        return problems
    if not any(q.pain for q in questions.values()):  # coach's own pain question is asked
        questions.setdefault(PAIN_QUESTION_ID, pain_question())
    loc = locators[program_source.path]
    level_ids = [lv.id for lv in program.levels]
    for i, rule in enumerate(program.rules):
        for j, ref in enumerate(rule.when.on_levels or ()):
            if ref not in level_ids:
                problems.append(
                    _unresolved(loc, ("rules", i, "when", "on_levels", j), "level", ref, level_ids)
                )
        for qid, want in rule.when.answers.items():
            path = ("rules", i, "when", "answers", qid)
            question = questions.get(qid)
            if question is None:
                problems.append(_unresolved(loc, path, "check-in question", qid, questions))
                continue
            problem = _answer_problem(question, want)
            if problem:
                problems.append(loc.problem(path, problem[0], problem[1]))
    problems += _plan_references(program, loc, questions, [p.id for p, _ in protocols])
    return problems


def _plan_references(
    program: m.Program, loc: _Locator, questions: dict[str, m.Question], protocol_ids: list[str]
) -> list[Problem]:
    """The plan's and the activities' references: levels, activities, protocols, questions."""
    problems: list[Problem] = []
    level_ids = [lv.id for lv in program.levels]
    activity_ids = [a.id for a in program.activities]
    plan = program.plan
    for j, ref in enumerate(plan.review_at_levels or ()):
        if ref not in level_ids:
            problems.append(
                _unresolved(loc, ("plan", "review_at_levels", j), "level", ref, level_ids)
            )
    if plan.review_cleared_by is not None and plan.review_cleared_by not in activity_ids:
        problems.append(
            _unresolved(
                loc, ("plan", "review_cleared_by"), "activity", plan.review_cleared_by, activity_ids
            )
        )
    for i, activity in enumerate(program.activities):
        rule = activity.counts_from
        where = ("activities", i, "counts_from")
        if rule is not None and rule.level is not None and rule.level not in level_ids:
            problems.append(_unresolved(loc, (*where, "level"), "level", rule.level, level_ids))
        if rule is not None and rule.protocol is not None and rule.protocol not in protocol_ids:
            problems.append(
                _unresolved(loc, (*where, "protocol"), "protocol", rule.protocol, protocol_ids)
            )
        others = [a for a in activity_ids if a != activity.id]
        if rule is not None and rule.activity is not None and rule.activity not in others:
            problems.append(
                _unresolved(loc, (*where, "activity"), "other activity", rule.activity, others)
            )
        for j, qid in enumerate(activity.asks):
            # coach's own pain question stands in only where the content asks none of its own
            own_pain = qid == PAIN_QUESTION_ID and not any(q.pain for q in program.checkin)
            if not own_pain and all(q.id != qid for q in program.checkin):
                problems.append(
                    _unresolved(
                        loc, ("activities", i, "asks", j), "check-in question", qid, questions
                    )
                )
    return problems


def _answer_problem(question: m.Question, want: bool | int | str) -> tuple[str, str | None] | None:
    """Why a rule's answer cannot be one of ``question``'s, or None when it can."""
    kind = question.kind
    if kind == "yes_no":
        if not isinstance(want, bool):
            return f"{question.id!r} is a yes/no question: use true or false", None
        return None
    if kind == "text":
        return f"{question.id!r} is free text: rules cannot read it", "use a choice or a scale"
    if isinstance(want, bool):
        return f"{question.id!r} is a {kind} question, not yes/no", None
    text = str(want).strip()
    for op in (">=", "<=", "="):
        text = text.removeprefix(op).strip()
    if kind == "choice":
        ids = [o.id for o in question.options or ()]
        if text not in ids:
            close = difflib.get_close_matches(text, ids, n=1)
            return (
                f"{question.id!r} has no answer {text!r}; its answers: {', '.join(ids)}",
                f"did you mean {close[0]!r}?" if close else None,
            )
        return None
    try:
        number = int(text)
    except ValueError:
        return f"{question.id!r} is a scale: give a number, or '>= N' / '<= N'", None
    assert question.min is not None and question.max is not None
    if not question.min <= number <= question.max:
        return f"{number} is outside {question.id!r}'s scale ({question.min}-{question.max})", None
    return None


def _single(parts, role: Role, cls):
    found = parts.get(role, [])
    return found[0][0] if found and isinstance(found[0][0], cls) else None


# --- public entry points ---------------------------------------------------------------------


def load(folder: Path, overlay: Path | None = None) -> LoadResult:
    """Load the pack in ``folder``, with the (partial) user pack in ``overlay`` on top.

    An overlay whose ``pack.toml`` names another pack (another ``id``: a pack installed with
    ``coach pack install``, a clinician's own) is a whole pack of its own, not changes to this
    one: it is loaded alone, so its plan and questions never meet the default's protocols."""
    base = read_pack(folder)
    user = read_pack(overlay, partial=True) if overlay else None
    if overlay is not None and user is not None and _other_pack(base, user):
        return dataclasses.replace(load(overlay), alone=True)
    problems = base.problems + (user.problems if user else [])
    files, overrides = _overlay(base, user)
    pack = assemble(files, problems)
    if user is not None:
        pack = _in_base_order(pack, base)
    return LoadResult(pack, files, overrides)


def _pack_id(files: PackFiles) -> object:
    for source in files.files:
        if source.role == "pack" and isinstance(source.data, dict):
            return source.data.get("id")
    return None


def _other_pack(base: PackFiles, user: PackFiles) -> bool:
    """The user's folder holds a pack.toml with an id of its own (not the base pack's)."""
    mine = _pack_id(user)
    return isinstance(mine, str) and mine != _pack_id(base)


def _in_base_order(pack: m.Pack, base: PackFiles) -> m.Pack:
    """A replaced protocol or FAQ entry keeps the place of the one it replaces; new ones follow.
    (Order matters: the first protocol is the default when pack.toml names none.)"""
    protocol_order = [str((f.data or {}).get("id")) for f in base.files if f.role == "protocol"]
    faq_order = [str(i) for i in faq_ids_in_order(base.files)]

    def key(order: list[str]):
        rank = {ident: n for n, ident in enumerate(order)}
        return lambda item: rank.get(item.id, len(rank))

    return dataclasses.replace(
        pack,
        protocols=tuple(sorted(pack.protocols, key=key(protocol_order))),
        faq=tuple(sorted(pack.faq, key=key(faq_order))),
    )


def faq_ids_in_order(files: list[SourceFile]) -> list[str]:
    return [
        str(entry.get("id"))
        for source in files
        if source.role == "faq"
        for _, entry in _dicts((source.data or {}).get("faq"))
    ]


def load_pack(folder: Path, overlay: Path | None = None) -> m.Pack:
    return load(folder, overlay).pack


def check_file(path: Path) -> m.Model:
    """Validate one file on its own (cross-file references are not checked)."""
    source, problems = read_file(path, "protocol")
    if source.data is not None:
        source.role = role_for(path, source.data)
    if problems:
        raise PackError(problems)
    locator = _Locator(source)
    model, problems = _validate(source, locator)
    if source.role == "protocol":
        problems += _protocol_checks(source, locator)
    if source.role == "faq":
        problems += _faq_checks([source], {path: locator})
        problems += _link_checks([source], faq_ids([source]), {path: locator})
    if problems or model is None:
        raise PackError(problems)
    return model
