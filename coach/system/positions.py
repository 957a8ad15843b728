"""Where each key and value sits in a TOML file: pydantic error locations -> ``line:col``.

``tomllib`` gives data without positions. Rather than a second TOML library (none of the
well-kept ones exposes positions: tomlkit keeps formatting, not line numbers), we scan the source
once more for its *structure* only: table headers, keys, array elements, inline tables. Because a
file only reaches this scanner after ``tomllib`` accepted it, the scanner can trust the syntax and
stay small. It runs when there is an error to report, and on the happy path of ``coach check``
(the signs' cross-check names lines) and of the editor (the line of the entry it opens): it skips
strings, comments and values with regular expressions, and works out a line and column only for
what it records (the default FAQ, 58 kB: 19 ms, against 98 ms a character at a time).
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

Path_ = tuple[str | int, ...]
Pos = tuple[int, int]  # 1-based line and column

_SPACE = re.compile(r"(?:[ \t\r]+|#[^\n]*)*")
_SPACE_LINES = re.compile(r"(?:[ \t\r\n]+|#[^\n]*)*")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]*")
_BASIC = re.compile(r'"(?:[^"\\\n]|\\.)*"?')
_LITERAL = re.compile(r"'[^'\n]*'?")
_MULTI_BASIC = re.compile(r'"""(?:[^"\\]|\\[\s\S]|"(?!""))*(?:"""|\Z)"{0,2}')
_MULTI_LITERAL = re.compile(r"'''[\s\S]*?(?:'''|\Z)'{0,2}")
_SCALAR = re.compile(r"[^,\]}\n#]*")


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        # Where each line starts: a position is found from an offset only when recorded.
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
        self.positions: dict[Path_, Pos] = {}
        self.aot: dict[Path_, int] = {}  # array-of-tables path -> index of its latest element

    # -- low-level ---------------------------------------------------------------------------
    def pos(self) -> Pos:
        line = bisect_right(self.line_starts, self.i)
        return (line, self.i - self.line_starts[line - 1] + 1)

    def peek(self, n: int = 1) -> str:
        return self.text[self.i : self.i + n]

    def advance(self, n: int = 1) -> None:
        self.i = min(self.i + n, len(self.text))

    def skip(self, pattern: re.Pattern[str]) -> None:
        self.i = pattern.match(self.text, self.i).end()  # type: ignore[union-attr]

    def skip_ws(self, newlines: bool = False) -> None:
        self.skip(_SPACE_LINES if newlines else _SPACE)

    def record(self, path: Path_, pos: Pos) -> None:
        self.positions.setdefault(path, pos)

    # -- keys --------------------------------------------------------------------------------
    def read_key_part(self) -> str:
        quote = self.peek()
        start = self.i
        if quote == '"':
            self.skip(_BASIC)
            raw = self.text[start + 1 : self.i - 1]
            return tomllib.loads(f'k = "{raw}"')["k"] if "\\" in raw else raw
        if quote == "'":
            self.skip(_LITERAL)
            return self.text[start + 1 : self.i - 1]
        self.skip(_BARE_KEY)
        return self.text[start : self.i]

    def read_dotted_key(self) -> list[str]:
        parts = [self.read_key_part()]
        self.skip_ws()
        while self.peek() == ".":
            self.advance()
            self.skip_ws()
            parts.append(self.read_key_part())
            self.skip_ws()
        return parts

    def resolve(self, keys: Sequence[str]) -> Path_:
        """Dotted header keys -> a data path, stepping into the latest element of each AoT."""
        path: Path_ = ()
        for key in keys:
            path = (*path, key)
            if path in self.aot:
                path = (*path, self.aot[path])
        return path

    # -- values ------------------------------------------------------------------------------
    def skip_string(self) -> None:
        quote = self.peek()
        triple = self.peek(3) == quote * 3
        if quote == '"':
            self.skip(_MULTI_BASIC if triple else _BASIC)
        else:
            self.skip(_MULTI_LITERAL if triple else _LITERAL)

    def value(self, path: Path_) -> None:
        ch = self.peek()
        if ch in ('"', "'"):
            self.skip_string()
        elif ch == "[":
            self.advance()
            index = 0
            while True:
                self.skip_ws(newlines=True)
                if self.peek() in ("]", ""):
                    self.advance()
                    return
                self.record((*path, index), self.pos())
                self.value((*path, index))
                index += 1
                self.skip_ws(newlines=True)
                if self.peek() == ",":
                    self.advance()
        elif ch == "{":
            self.advance()
            while True:
                self.skip_ws()
                if self.peek() in ("}", ""):
                    self.advance()
                    return
                self.key_value(path)
                self.skip_ws()
                if self.peek() == ",":
                    self.advance()
        else:  # number, bool, date: runs to a delimiter
            self.skip(_SCALAR)

    def key_value(self, table: Path_) -> None:
        start = self.pos()
        keys = self.read_dotted_key()
        path = (*table, *keys)
        for n in range(1, len(keys) + 1):
            self.record((*table, *keys[:n]), start)
        self.skip_ws()
        self.advance()  # "="
        self.skip_ws()
        self.value(path)

    # -- document ----------------------------------------------------------------------------
    def scan(self) -> dict[Path_, Pos]:
        table: Path_ = ()
        while self.i < len(self.text):
            self.skip_ws(newlines=True)
            if self.i >= len(self.text):
                break
            start = self.pos()
            if self.peek(2) == "[[":
                self.advance(2)
                self.skip_ws()
                keys = self.read_dotted_key()
                parent = self.resolve(keys[:-1])
                aot_path = (*parent, keys[-1])
                self.aot[aot_path] = self.aot.get(aot_path, -1) + 1
                table = (*aot_path, self.aot[aot_path])
                self.record(aot_path, start)
                self.record(table, start)
                self.advance(2)
            elif self.peek() == "[":
                self.advance()
                self.skip_ws()
                keys = self.read_dotted_key()
                table = self.resolve(keys)
                self.record(table, start)
                self.advance()
            else:
                self.key_value(table)
            # the rest of the line is whitespace or a comment
            end = self.text.find("\n", self.i)
            self.i = len(self.text) if end < 0 else end
        return self.positions


def key_positions(text: str) -> dict[Path_, Pos]:
    """Every table, key and array element of ``text`` (valid TOML) with its 1-based position."""
    return _Scanner(text).scan()


def normalize_loc(data: Any, loc: Sequence[str | int], tags: frozenset[str] = frozenset()) -> Path_:
    """Drop parts of a pydantic error location that are not in the data.

    pydantic inserts the discriminator tag (``steps.2.timed.duration``; pass the possible tags)
    and validator labels; walking the real data keeps only the keys a person wrote.
    """
    out: list[str | int] = []
    node = data
    previous: str | int | None = None
    for part in loc:
        tag = isinstance(previous, int) and part in tags
        previous = part
        if tag and isinstance(node, dict) and node.get("kind") == part:
            continue  # the discriminator tag pydantic adds after a union member's index
        if (isinstance(node, dict) and isinstance(part, str) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            out.append(part)
            node = node[part]
        elif isinstance(node, dict | list):
            # A key pydantic names but the data lacks (missing field, or a tag): keep a
            # missing field's name for the message, but stop descending.
            if isinstance(part, str) and isinstance(node, dict) and part not in tags | _LABELS:
                out.append(part)
                break
        else:
            break
    return tuple(out)


_LABELS = frozenset({"function-after", "function-plain", "function-before", "function-wrap"})


def lookup(positions: dict[Path_, Pos], path: Path_) -> Pos | None:
    """The position of ``path``, or of its nearest ancestor that has one."""
    for end in range(len(path), 0, -1):
        found = positions.get(path[:end])
        if found:
            return found
    return None


def format_path(path: Path_) -> str:
    """``('steps', 2, 'duration')`` -> ``steps[2].duration``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out
