"""docs/content.md matches the content schema field for field (issue 23.10).

The JSON Schemas ``coach schema --role ROLE`` writes are walked; every field they name must be
mentioned (in backticks, outside code blocks) in that file's part of the docs: its reference
table in section 4, or the section that explains it. And the other way: every field a
reference table lists, every key a TOML example sets, and every snake_case name the prose puts
in backticks must be a field of the schema. A field someone adds, renames or removes fails
here, naming the field, its place in the file, and where the docs should say it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from coach.pack.schema import ROLE_MODELS, schema_for

DOCS = Path(__file__).resolve().parents[2] / "docs" / "content.md"

FILES = {
    "pack": "pack.toml",
    "program": "program.toml",
    "protocol": "protocols/*.toml",
    "faq": "faq.toml",
    "safety": "safety.toml",
}
"""Each role's file, as its reference heading in section 4 names it ("### pack.toml")."""

EXPLAINED_IN = {
    "pack": (),
    "program": ("## 6.",),
    "protocol": ("## 5.",),
    "faq": ("## 7.",),
    "safety": ("## 8.",),
}
"""Sections beyond the reference table where a role's fields are explained."""

FENCE = re.compile(r"^```[^\n]*\n.*?^```[ \t]*$", re.M | re.S)
SPAN = re.compile(r"`([^`\n]+)`")


@dataclass(frozen=True)
class Field:
    role: str
    path: str  # "plan.start.window", "steps[timed].cues.show_for"
    model: str  # the schema definition holding it ("Question"): shared ones are written once

    @property
    def name(self) -> str:
        return re.sub(r"\[[^\]]*\]", "", self.path.rsplit(".", 1)[-1])


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _walk(
    schema: dict[str, Any], node: dict[str, Any], path: str, seen: frozenset[str], model: str = ""
) -> Iterator[tuple[str, str]]:
    """(path, the definition holding it) for every property reachable from ``node``."""
    ref = node.get("$ref")
    if ref is not None:
        if ref in seen:  # recursive models: each once per path
            return
        seen = seen | {ref}
        model = ref.rsplit("/", 1)[-1]
    node = _resolve(schema, node)
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in node.get(key, []):
            target = _resolve(schema, branch)
            kind = target.get("properties", {}).get("kind", {}).get("const")
            where = f"{path}[{kind}]" if kind and path else path
            yield from _walk(schema, branch, where, seen, model)
    if "items" in node:
        yield from _walk(schema, node["items"], path, seen, model)
    for name, prop in node.get("properties", {}).items():
        here = f"{path}.{name}" if path else name
        yield here, model
        yield from _walk(schema, prop, here, seen, model)


def fields(role: str) -> list[Field]:
    schema = schema_for(role)
    found = {Field(role, path, model) for path, model in _walk(schema, schema, "", frozenset())}
    return sorted(found, key=lambda f: f.path)


def _sections(text: str) -> list[tuple[str, str]]:
    """(heading line, body) for each heading of the docs, code blocks left out of the body."""
    out: list[tuple[str, str]] = []
    parts = re.split(r"^(#{2,3} .*)$", FENCE.sub("", text), flags=re.M)
    for heading, body in zip(parts[1::2], parts[2::2], strict=True):
        out.append((heading, body))
    return out


def _is_file_heading(heading: str, role: str) -> bool:
    """ "### program.toml (optional)" is program.toml's reference heading."""
    return heading == f"### {FILES[role]}" or heading.startswith(f"### {FILES[role]} ")


def _part(text: str, role: str) -> tuple[str, str]:
    """The docs that may mention ``role``'s fields, and where they are, for the message: the
    file's reference heading in section 4, and the sections (with their subsections) that
    explain it."""
    chosen: list[str] = []
    names: list[str] = []
    in_section = False
    for heading, body in _sections(text):
        if heading.startswith("## "):
            in_section = heading.startswith(EXPLAINED_IN[role])
            if in_section:
                names.append(heading)
        in_file = _is_file_heading(heading, role)
        if in_file:
            names.append(heading)
        if in_section or in_file:
            chosen.append(body)
    return "\n".join(chosen), " or ".join(f"'{n}'" for n in names) or f"'### {FILES[role]}'"


def _mentioned(name: str, text: str) -> bool:
    word = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")
    return any(word.search(span) for span in SPAN.findall(text))


@pytest.fixture(scope="module")
def docs() -> str:
    return DOCS.read_text(encoding="utf-8")


@pytest.mark.parametrize("role", sorted(ROLE_MODELS))
def test_every_schema_field_is_in_the_docs(docs: str, role: str) -> None:
    part, where = _part(docs, role)
    assert part, f"docs/content.md has no section '### {FILES[role]}'"
    # A definition two files share (a check-in question) may be written up under either.
    shared = {
        other: ({f.model for f in fields(other) if f.model}, _part(docs, other)[0])
        for other in ROLE_MODELS
        if other != role
    }
    missing = [
        f
        for f in fields(role)
        if not _mentioned(f.name, part)
        and not any(
            f.model in models and _mentioned(f.name, text) for models, text in shared.values()
        )
    ]
    assert not missing, "\n".join(
        f"{FILES[role]}: field `{f.path}` has no mention in docs/content.md under {where} "
        f"(write `{f.name}` in its table, in backticks)"
        for f in missing
    )


def _all_names() -> dict[str, set[str]]:
    return {role: {f.name for f in fields(role)} for role in ROLE_MODELS}


def _table_fields(body: str) -> Iterator[str]:
    """The names in the field column of each table under a "| field |" header."""
    column: int | None = None
    for line in body.splitlines():
        if not line.startswith("|"):
            column = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if "field" in cells:
            column = cells.index("field")
            continue
        if column is None or set(line) <= set("|- :") or column >= len(cells):
            continue
        for span in SPAN.findall(cells[column]):
            yield span.strip("[]").rsplit(".", 1)[-1]


def test_every_field_a_reference_table_lists_is_in_the_schema(docs: str) -> None:
    names = _all_names()
    wrong = []
    for heading, body in _sections(docs):
        role = next((r for r in FILES if _is_file_heading(heading, r)), None)
        if role is None:
            continue
        wrong += [
            f"{heading}: the table lists `{name}`, which {FILES[role]} has no field for"
            for name in _table_fields(body)
            if name not in names[role]
        ]
    assert not wrong, "\n".join(wrong)


def _examples(text: str) -> Iterator[tuple[int, str]]:
    for match in FENCE.finditer(text):
        if match.group(0).startswith("```toml"):
            line = text.count("\n", 0, match.start()) + 1
            yield line, match.group(0).split("\n", 1)[1].rsplit("```", 1)[0]


def _keys(schema: dict[str, Any], node: dict[str, Any], value: Any, path: str) -> Iterator[str]:
    """The keys of ``value`` that ``node`` (a schema) has no property for, with their path."""
    node = _resolve(schema, node)
    branches = [_resolve(schema, b) for k in ("anyOf", "oneOf") for b in node.get(k, [])]
    if branches:
        if isinstance(value, dict):  # the branch whose kind (or object shape) fits
            kind = value.get("kind")
            fit = [
                b
                for b in branches
                if b.get("type") == "object"
                and b.get("properties", {}).get("kind", {}).get("const") in (None, kind)
            ]
            if fit:
                yield from _keys(schema, fit[0], value, path)
        elif isinstance(value, list):
            fit = [b for b in branches if b.get("type") == "array"]
            if fit:
                yield from _keys(schema, fit[0], value, path)
        return
    if isinstance(value, list) and "items" in node:
        for item in value:
            yield from _keys(schema, node["items"], item, f"{path}[]")
    elif isinstance(value, dict) and "properties" in node:
        for key, inner in value.items():
            prop = node["properties"].get(key)
            if prop is None:
                yield f"{path}.{key}" if path else key
            else:
                yield from _keys(schema, prop, inner, f"{path}.{key}" if path else key)


def test_every_key_in_a_toml_example_is_a_field(docs: str) -> None:
    roles = {role: schema_for(role) for role in ROLE_MODELS}
    wrong = []
    for line, block in _examples(docs):
        try:
            data = tomllib.loads(block)
        except tomllib.TOMLDecodeError as exc:
            wrong.append(f"docs/content.md line {line}: the TOML example does not parse: {exc}")
            continue
        named = re.search(r"#:schema \S*/(\w+)\.schema\.json", block)
        if named:
            role = named.group(1)
        else:  # a fragment: the file whose top level has each of its keys
            role = next(
                (r for r, s in roles.items() if set(data) <= set(s.get("properties", {}))), ""
            )
        if not role:
            wrong.append(f"docs/content.md line {line}: no content file has keys {sorted(data)}")
            continue
        wrong += [
            f"docs/content.md line {line}: the example sets `{key}`, "
            f"which {FILES[role]} has no field for"
            for key in _keys(roles[role], roles[role], data, "")
        ]
    assert not wrong, "\n".join(wrong)


def _values(node: Any) -> Iterator[str]:
    """Every fixed value a schema allows (``yes_no``, ``urgent``): words, not fields."""
    if isinstance(node, dict):
        for key, inner in node.items():
            if key in ("enum", "const"):
                yield from (v for v in (inner if isinstance(inner, list) else [inner]))
            else:
                yield from _values(inner)
    elif isinstance(node, list):
        for inner in node:
            yield from _values(inner)


def test_no_field_named_in_the_prose_is_gone(docs: str) -> None:
    """A snake_case name in backticks is a field or one of a field's fixed values: a removed
    field (``hold_after_pain_sessions``) left in the prose fails."""
    names = set().union(*_all_names().values())
    names |= {str(v) for role in ROLE_MODELS for v in _values(schema_for(role))}
    prose = FENCE.sub("", docs)
    gone = sorted(
        {
            word
            for span in SPAN.findall(prose)
            for word in re.findall(r"(?<![\w./-])[a-z]+(?:_[a-z0-9]+)+(?![\w/(-])", span)
            if word not in names
        }
    )
    assert not gone, f"docs/content.md names fields no content file has: {gone}"


def test_the_walk_finds_nested_and_per_kind_fields() -> None:
    """The check above is only as good as the walk: it sees deep and per-kind fields."""
    paths = {f.path for f in fields("protocol")}
    assert "steps[timed].cues.show_for" in paths or "steps[timed].cues[].show_for" in paths
    assert any(p.endswith("phases.tone") for p in paths)
    assert any(p.startswith("steps[") and p.endswith(".required") for p in paths)
    program = {f.path for f in fields("program")}
    assert {"plan.sessions", "levels.params", "rules.when.answers"} <= program
