"""Reading a pack's files: bytes -> text -> TOML data, with every failure a :class:`Problem`.

No pydantic here: the first frame of the app uses :func:`read_titles` from this module, and
pydantic's import alone costs about as much as a third of Textual's start.
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from coach.files import TooLarge, describe_error, read_regular
from coach.pack.errors import Problem

Role = Literal["pack", "program", "protocol", "faq", "safety"]
ROOT_FILES: dict[str, Role] = {
    "pack.toml": "pack",
    "program.toml": "program",
    "faq.toml": "faq",
    "safety.toml": "safety",
}
REQUIRED: tuple[str, ...] = ("pack.toml", "safety.toml")
PROTOCOLS_DIR = "protocols"
SCHEMA_DIR = "schema"  # JSON Schemas for editors, named by each file's #:schema line
MAX_FILE_BYTES = 16 * 1024 * 1024  # a 5 MB FAQ loads; a runaway file is refused, not hung on
# Content files need a handful of levels (a protocol's steps are four deep); tomllib and the
# validators recurse, so a runaway file is refused with a message long before Python's limit.
MAX_DEPTH = 40
_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass
class SourceFile:
    """One content file, read and parsed; ``data`` is ``None`` when it could not be parsed."""

    path: Path
    role: Role
    text: str = ""
    data: dict[str, Any] | None = None


@dataclass
class PackFiles:
    folder: Path
    files: list[SourceFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def read_file(path: Path, role: Role) -> tuple[SourceFile, list[Problem]]:
    """Read and parse one file; problems name the file, line and column."""
    source = SourceFile(path=path, role=role)
    try:
        raw = read_regular(path, MAX_FILE_BYTES)
    except TooLarge as exc:
        return source, [
            Problem(
                path,
                None,
                None,
                "",
                f"file is {exc.size / 1024 / 1024:.1f} MiB; content files may be at most "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MiB",
                "split it, or remove what was pasted in by mistake",
            )
        ]
    except OSError as exc:
        return source, [
            Problem(path, None, None, "", f"cannot read the file: {describe_error(exc)}")
        ]
    text, problem = decode_text(path, raw)
    if problem is not None:
        return source, [problem]
    source.text = text
    source.data, problems = parse_toml(path, text)
    return source, problems


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
    from coach.pack.positions import format_path, key_positions, lookup

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


def read_pack(folder: Path, *, partial: bool = False) -> PackFiles:
    """Read every file of a pack folder. ``partial`` packs (user overrides) may omit files."""
    out = PackFiles(folder=folder)
    if not folder.is_dir():
        out.problems.append(Problem(folder, None, None, "", "no such folder"))
        return out
    for name, role in ROOT_FILES.items():
        path = folder / name
        if path.exists() or path.is_symlink():  # a FIFO or device is refused when read
            source, problems = read_file(path, role)
            out.files.append(source)
            out.problems.extend(problems)
        elif name in REQUIRED and not partial:
            out.problems.append(Problem(path, None, None, "", f"missing: every pack needs {name}"))
    for path in sorted(folder.glob("*.toml")):
        if path.name not in ROOT_FILES:
            close = difflib.get_close_matches(path.name, list(ROOT_FILES), n=1)
            out.problems.append(
                Problem(
                    path,
                    None,
                    None,
                    "",
                    "unknown content file: coach reads "
                    + ", ".join(ROOT_FILES)
                    + f" and {PROTOCOLS_DIR}/*.toml",
                    f"did you mean '{close[0]}'?" if close else "protocols go in protocols/",
                )
            )
    protocols = folder / PROTOCOLS_DIR
    found = sorted(protocols.glob("*.toml")) if protocols.is_dir() else []
    for path in found:
        source, problems = read_file(path, "protocol")
        out.files.append(source)
        out.problems.extend(problems)
    if not found and not partial:
        out.problems.append(
            Problem(
                protocols,
                None,
                None,
                "",
                "a pack needs at least one protocol file in protocols/",
            )
        )
    return out


def content_files(folder: Path) -> list[Path]:
    """Every TOML file a pack folder may hold: its root files and its protocols."""
    return sorted(
        p for p in [*folder.glob("*.toml"), *(folder / PROTOCOLS_DIR).glob("*.toml")] if p.is_file()
    )


def role_for(path: Path, data: dict[str, Any] | None = None) -> Role:
    """Guess a lone file's role from its name, its folder, or failing those its keys."""
    if path.name in ROOT_FILES:
        return ROOT_FILES[path.name]
    if path.parent.name == PROTOCOLS_DIR:
        return "protocol"
    keys = set(data or {})
    if "steps" in keys:
        return "protocol"
    if "faq" in keys:
        return "faq"
    if "levels" in keys:
        return "program"
    if "stop_now" in keys:
        return "safety"
    if "title" in keys and "id" in keys:
        return "pack"
    return "protocol"


@dataclass(frozen=True)
class Titles:
    """What the first frame needs, read without validation (validation follows off the path)."""

    pack_title: str
    protocols: tuple[tuple[str, str], ...]  # (id, title), in file order


def read_titles(folder: Path) -> Titles | None:
    """Cheap, forgiving titles for a first paint; ``None`` when the files don't even parse."""

    def load(path: Path) -> dict[str, Any]:
        return tomllib.loads(read_regular(path, MAX_FILE_BYTES).decode("utf-8"))

    try:
        info = load(folder / "pack.toml")
        protocols = []
        for path in sorted((folder / PROTOCOLS_DIR).glob("*.toml")):
            data = load(path)
            protocols.append((str(data.get("id", path.stem)), str(data.get("title", path.stem))))
        default = info.get("default_protocol")
        protocols.sort(key=lambda item: item[0] != default)  # the default first, as once loaded
        return Titles(str(info.get("title", "coach")), tuple(protocols))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, AttributeError, RecursionError):
        return None
