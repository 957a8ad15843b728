"""Where each key and value sits in a TOML file: pydantic error locations -> ``line:col``.

``tomllib`` gives data without positions. Rather than a second TOML library (none of the
well-kept ones exposes positions: tomlkit keeps formatting, not line numbers), we scan the source
once more for its *structure* only: table headers, keys, array elements, inline tables. Because a
file only reaches this scanner after ``tomllib`` accepted it, the scanner can trust the syntax and
stay small; it runs only when there is an error to report, so it costs nothing on the happy path.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from typing import Any

Path_ = tuple[str | int, ...]
Pos = tuple[int, int]  # 1-based line and column

_BARE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.line = 1
        self.line_start = 0
        self.positions: dict[Path_, Pos] = {}
        self.aot: dict[Path_, int] = {}  # array-of-tables path -> index of its latest element

    # -- low-level ---------------------------------------------------------------------------
    def pos(self) -> Pos:
        return (self.line, self.i - self.line_start + 1)

    def peek(self, n: int = 1) -> str:
        return self.text[self.i : self.i + n]

    def advance(self, n: int = 1) -> None:
        for _ in range(n):
            if self.i >= len(self.text):
                return
            if self.text[self.i] == "\n":
                self.line += 1
                self.line_start = self.i + 1
            self.i += 1

    def skip_ws(self, newlines: bool = False) -> None:
        while self.i < len(self.text):
            ch = self.text[self.i]
            if ch in " \t\r" or (newlines and ch == "\n"):
                self.advance()
            elif ch == "#":
                while self.i < len(self.text) and self.text[self.i] != "\n":
                    self.advance()
            else:
                return

    def record(self, path: Path_, pos: Pos) -> None:
        self.positions.setdefault(path, pos)

    # -- keys --------------------------------------------------------------------------------
    def read_key_part(self) -> str:
        quote = self.peek()
        if quote in ('"', "'"):
            start = self.i + 1
            self.advance()
            out = []
            while self.peek() != quote:
                if quote == '"' and self.peek() == "\\":
                    out.append(self.text[self.i : self.i + 2])
                    self.advance(2)
                    continue
                out.append(self.peek())
                self.advance()
            self.advance()
            raw = "".join(out)
            if quote == '"' and "\\" in raw:
                return tomllib.loads(f'k = "{raw}"')["k"]
            return self.text[start : self.i - 1] if quote == "'" else raw
        start = self.i
        while self.peek() and self.peek() in _BARE:
            self.advance()
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
        if self.peek(3) == quote * 3:
            self.advance(3)
            while self.i < len(self.text):
                if quote == '"' and self.peek() == "\\":
                    self.advance(2)
                elif self.peek(3) == quote * 3:
                    self.advance(3)
                    while self.peek() == quote:  # up to two quotes may end the content
                        self.advance()
                    return
                else:
                    self.advance()
            return
        self.advance()
        while self.i < len(self.text) and self.peek() != quote:
            if quote == '"' and self.peek() == "\\":
                self.advance()
            self.advance()
        self.advance()

    def value(self, path: Path_) -> None:
        ch = self.peek()
        if ch in ('"', "'"):
            self.skip_string()
        elif ch == "[":
            self.advance()
            index = 0
            while True:
                self.skip_ws(newlines=True)
                if self.peek() == "]":
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
                if self.peek() == "}":
                    self.advance()
                    return
                self.key_value(path)
                self.skip_ws()
                if self.peek() == ",":
                    self.advance()
        else:  # number, bool, date: runs to a delimiter
            while self.i < len(self.text) and self.peek() not in ",]}\n#":
                self.advance()

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
            while self.i < len(self.text) and self.peek() != "\n":
                self.advance()
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
