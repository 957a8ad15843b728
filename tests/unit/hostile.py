"""A pack whose every free-text field holds hostile text (issue 26), made by walking the
content's JSON Schemas: escape sequences (CSI, OSC title and hyperlink), BEL, bidi overrides,
line separators, a spreadsheet formula, HTML and a Markdown link, and very long lines where the
field allows them. Shared by the output tests and the fuzz test."""

from __future__ import annotations

import itertools
import json
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import tomli_w

from tests.helpers import CONTENT

SHORT = '=HYPERLINK("x")\x1b]0;pwned\x07\x1b[2J\u202e<b>[a](b)\u2028\x85'
"""Fits a field of 40 characters (a tag, a phase name): every kind of attack but length."""
LONG = (
    '=HYPERLINK("https://x.example","click")\x1b]0;pwned\x07\x1b[2J\x1b[31m\x9b6n\u202egpj.exe'
    "\u2066<script>alert(1)</script><img src=x onerror=alert(1)>[link](https://x.example)"
    "![img](https://x.example/i.png)\u2028line\u2029para\x85next\x0b\x0c\x1c\x7f"
    "\x1b]8;;https://x.example\x07hyper\x1b]8;;\x07 BEGIN:VEVENT\r\nEND:VCALENDAR\r\n"
)
"""For fields of 200 characters and more."""
VERY_LONG = LONG + "w" * 20_000 + "\n" + LONG
"""For the fields that hold prose (up to 200,000 characters): a very long line too."""
ATTACKS = ("\x1b", "\x07", "\u202e", "\u2066", "\u2028", "\u2029", "\x85", "\x9b", "\x7f")
"""Characters that must never reach any output raw."""

SCHEMAS = CONTENT / "schema"
ROLES = {"pack.toml": "pack", "faq.toml": "faq", "program.toml": "program", "safety.toml": "safety"}


def _free_text(node: dict[str, Any]) -> int | None:
    """The maxLength of a string schema that takes any text, or None for one that does not."""
    if node.get("type") != "string" or {"pattern", "enum", "format", "const"} & node.keys():
        return None
    return int(node.get("maxLength", 200_000))


def _options(node: dict[str, Any], defs: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """``node`` and each schema it may stand for (refs followed, anyOf/oneOf opened)."""
    if "$ref" in node:
        yield from _options(defs[node["$ref"].split("/")[-1]], defs)
        return
    yield node
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in node.get(key, []):
            yield from _options(sub, defs)


def _fill(value: Any, node: dict[str, Any], defs: dict[str, Any], count: Iterator[int]) -> Any:
    """``value`` with each free-text string in it replaced by hostile text."""
    options = list(_options(node, defs))
    if isinstance(value, str):
        limits = [m for m in map(_free_text, options) if m is not None]
        if not limits:
            return value  # an id, a duration, an enum: it must stay valid
        limit = min(limits)
        text = VERY_LONG if limit >= 100_000 else LONG if limit >= 200 else SHORT
        unique = f"{next(count)}"  # questions, levels and phases must differ
        return (unique + text)[:limit]
    if isinstance(value, list):
        items = [o["items"] for o in options if isinstance(o.get("items"), dict)]
        return [_fill(v, items[0], defs, count) if items else v for v in value]
    if isinstance(value, dict):
        for option in options:  # the variant whose properties hold these keys (a step's kind)
            properties = option.get("properties", {})
            kind = properties.get("kind", {}).get("const")
            if properties and set(value) <= set(properties) and kind in (None, value.get("kind")):
                return {k: _fill(v, properties[k], defs, count) for k, v in value.items()}
        return value
    return value


def hostile_pack(folder: Path, *, pack_id: str = "hostile") -> Path:
    """The shipped pack, its every free-text field hostile, with the id ``pack_id``."""
    count = itertools.count(1)
    for source in sorted(CONTENT.rglob("*.toml")):
        relative = source.relative_to(CONTENT)
        role = ROLES.get(relative.name, "protocol")
        schema = json.loads((SCHEMAS / f"{role}.schema.json").read_text("utf-8"))
        data = tomllib.loads(source.read_text("utf-8"))
        filled = _fill(data, schema, schema.get("$defs", {}), count)
        if role == "pack":
            filled["id"] = pack_id
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(tomli_w.dumps(filled), "utf-8")
    return folder
