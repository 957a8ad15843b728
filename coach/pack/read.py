"""Reading a pack's files: bytes -> text -> TOML data, with every failure a :class:`Problem`.

No pydantic here: the first frame of the app uses :func:`read_titles` from this module, and
pydantic's import alone costs about as much as a third of Textual's start.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from coach.system.files import TooLarge, describe_error, read_regular
from coach.system.problems import Problem
from coach.system.toml_file import decode_text, parse_toml

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
