"""One TOML file: bytes -> text -> data, with every failure a :class:`Problem` naming its file,
line and field. Shared by content (:mod:`coach.pack.read`) and settings
(:mod:`coach.system.settings`); no pydantic here.
"""

from __future__ import annotations

import math
import re
import tomllib
from pathlib import Path
from typing import Any

from coach.system.problems import Problem

# Content files need a handful of levels (a protocol's steps are four deep); tomllib and the
# validators recurse, so a runaway file is refused with a message long before Python's limit.
MAX_DEPTH = 40
_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)")


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def decode_text(path: Path, raw: bytes) -> tuple[str, Problem | None]:
    """UTF-8 text (a BOM dropped), or the problem, naming the encoding when it is another."""
    encoding = _other_encoding(raw)
    if encoding:
        return "", Problem(
            path,
            None,
            None,
            "",
            f"the file is saved as {encoding}; coach reads UTF-8",
            "save it as UTF-8 in your editor (often under 'Save as' or 'Encoding')",
        )
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = _line_col(raw[:nul].decode("utf-8", "replace"), nul)
        return "", Problem(path, line, col, "", "contains a NUL byte: this is not a text file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = raw[: exc.start].decode("utf-8", "replace")
        line, col = _line_col(prefix, len(prefix))
        return "", Problem(
            path,
            line,
            col,
            "",
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
            "save the file as UTF-8 in your editor",
        )
    return text.removeprefix("\ufeff"), None  # a BOM from some editors is harmless


def _other_encoding(raw: bytes) -> str | None:
    """UTF-16 or UTF-32, by their byte-order mark or by the NUL bytes of their ASCII text."""
    for bom, name in (
        (b"\xff\xfe\x00\x00", "UTF-32"),
        (b"\x00\x00\xfe\xff", "UTF-32"),
        (b"\xff\xfe", "UTF-16"),
        (b"\xfe\xff", "UTF-16"),
    ):
        if raw.startswith(bom):
            return name
    sample = raw[:200]
    if len(sample) >= 4 and sample.count(0) * 2 >= len(sample) * 0.9:
        if len(sample) >= 8 and sample.count(0) * 4 >= len(sample) * 2.7:
            return "UTF-32"
        return "UTF-16"
    return None


def parse_toml(path: Path, text: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """TOML data, or ``None`` and the problem: a syntax error, nesting deeper than coach (or
    Python) handles, or a number that is not finite."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POS.search(message)
        if match:
            line, col = int(match.group(1)), int(match.group(2))
            message = message[: match.start()].strip()
        else:
            line, col = _line_col(text, len(text))
            message = message.replace("(at end of document)", "").strip()
        return None, [Problem(path, line, col, "", f"TOML syntax: {message}")]
    except RecursionError:
        return None, [_too_deep(path, text)]
    problems = data_problems(path, text, data)
    if problems and all(p.message.endswith(NOT_FINITE) for p in problems):
        # Only numbers that are not finite: the rest of the file is still checked, so every
        # problem is listed at once (the loader drops the validators' own words on those fields).
        return data, problems
    return (None if problems else data), problems


def _too_deep(path: Path, text: str) -> Problem:
    line = deep_line(text)
    return Problem(
        path,
        line,
        1 if line else None,
        "",
        f"nested too deeply (coach reads at most {MAX_DEPTH} levels of tables and arrays)",
        "content files need only a few levels; look for runaway [ [ [ or a.b.c.d... keys",
    )


def deep_line(text: str) -> int | None:
    """The first line where brackets or dotted keys go deeper than :data:`MAX_DEPTH` (a rough
    scan that skips strings and comments), for pointing at runaway nesting."""
    depth = 0
    quote = ""
    for number, line in enumerate(text.splitlines(), start=1):
        dots = 0
        i = 0
        while i < len(line):
            char = line[i]
            if quote:
                if char == "\\" and quote == '"':
                    i += 1
                elif char == quote:
                    quote = ""
            elif char in "\"'":
                quote = char
            elif char == "#":
                break
            elif char in "[{":
                depth += 1
            elif char in "]}":
                depth = max(0, depth - 1)
            elif char == ".":
                dots += 1
            if depth + dots > MAX_DEPTH:
                return number
            i += 1
        quote = ""  # multi-line strings are rare in deep nesting; keep the scan simple
    return None


def data_problems(path: Path, text: str, data: dict[str, Any]) -> list[Problem]:
    """What no content file may hold, whatever its role: nesting deeper than
    :data:`MAX_DEPTH` (validators and tools recurse on it) and numbers that are not finite
    (``nan``, ``inf``), which no duration, count or size can be."""
    problems: list[Problem] = []
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    while stack:
        where, value = stack.pop()
        if len(where) > MAX_DEPTH:
            return [_too_deep(path, text)]
        if isinstance(value, dict):
            stack.extend(((*where, k), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend(((*where, i), v) for i, v in enumerate(value))
        elif isinstance(value, float) and not math.isfinite(value):
            problems.append(_not_finite(path, text, where, value))
    return problems


NOT_FINITE = "is not a number coach can use (nan, inf and -inf are not allowed)"


def _not_finite(path: Path, text: str, where: tuple[str | int, ...], value: float) -> Problem:
    # The key scanner's patterns are compiled on import: only a file with a problem pays.
    from coach.system.positions import format_path, key_positions, lookup

    try:
        found = lookup(key_positions(text), where)
    except (RecursionError, ValueError, IndexError, KeyError):
        found = None
    line, col = found if found else (None, None)
    shown = "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    return Problem(
        path,
        line,
        col,
        format_path(where),
        f"{shown} {NOT_FINITE}",
        "write a finite number, such as 30 or 2.5",
    )
