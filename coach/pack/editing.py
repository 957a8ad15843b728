"""Opening the content file behind what is on screen in the person's editor, at its line.

Textual-free: this finds the file and line of a protocol step, an FAQ entry or a content
problem, says whether that file is one coach installed (never edited: it is copied to the
person's content folder first, as ``coach init`` does), and builds the editor's command as a
list of arguments, never a shell line. The UI (:mod:`coach.tui.editor`) suspends the app and
runs it.
"""

from __future__ import annotations

import os
import shlex
import shutil
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from coach.pack.examples import examples_dir
from coach.pack.init import InitError, init_pack
from coach.pack.read import PROTOCOLS_DIR, SCHEMA_DIR
from coach.system import paths
from coach.system.positions import key_positions, lookup

FALLBACK_EDITORS = ("nano", "vi")


class EditError(Exception):
    """No file to open, no editor, or the copy could not be made: words for the person."""


@dataclass(frozen=True)
class Location:
    path: Path
    line: int = 1


def _read(path: Path) -> tuple[str, dict] | None:
    try:
        text = path.read_text("utf-8")
        return text, tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None


def _line(text: str, key: tuple[str | int, ...]) -> int:
    found = lookup(key_positions(text), key)
    return found[0] if found else 1


def find_step(folders: Sequence[Path], protocol_id: str, step_index: int) -> Location | None:
    """The file and line of step ``step_index`` of ``protocol_id``; ``folders`` in order of
    precedence (the person's own pack first), as the loader overlays them."""
    for folder in folders:
        for path in sorted((folder / PROTOCOLS_DIR).glob("*.toml")):
            read = _read(path)
            if read is None:
                continue
            text, data = read
            if str(data.get("id", path.stem)) != protocol_id:
                continue
            steps = data.get("steps")
            if isinstance(steps, list) and 0 <= step_index < len(steps):
                return Location(path, _line(text, ("steps", step_index)))
            return Location(path, 1)
    return None


def find_faq_entry(folders: Sequence[Path], entry_id: str) -> Location | None:
    """The file and line of the FAQ entry ``entry_id`` (the person's own copy first)."""
    for folder in folders:
        path = folder / "faq.toml"
        read = _read(path)
        if read is None:
            continue
        text, data = read
        entries = data.get("faq")
        if not isinstance(entries, list):
            continue
        for i, entry in enumerate(entries):
            if isinstance(entry, dict) and str(entry.get("id")) == entry_id:
                return Location(path, _line(text, ("faq", i)))
    return None


def problem_location(path: Path, line: int | None) -> Location:
    return Location(path, line or 1)


def precedence(content: Path | None) -> list[Path]:
    """The active pack's folders, the one whose entries win first."""
    base, overlay = paths.active_sources(content)
    return [overlay, base] if overlay is not None else [base]


def _examples_dir() -> Path:
    return Path(examples_dir()).resolve()


def installed_roots() -> list[Path]:
    """Folders coach installed: the default pack and the examples. Never edited in place."""
    return [paths.shipped_content_dir().resolve(), _examples_dir()]


def is_installed(path: Path) -> bool:
    resolved = path.resolve()
    return any(resolved.is_relative_to(root) for root in installed_roots())


def copy_for_editing(location: Location, user_dir: Path | None = None) -> Location:
    """Copy an installed file into the person's content folder and return where it now is.

    With no content folder yet, the whole default pack is copied (what ``coach init`` does),
    so the copy has its schemas and every file beside it. With one, only the missing file is
    copied; a file already there is never overwritten (it is the one to edit).
    """
    user_dir = user_dir or paths.user_content_dir()
    if not is_installed(location.path):
        return location
    check_copyable(location)
    shipped = paths.shipped_content_dir().resolve()
    target = user_dir / location.path.resolve().relative_to(shipped)
    if target.exists():
        return Location(target, location.line)
    try:
        if not user_dir.exists():
            init_pack(user_dir)
        else:
            paths.ensure_private_dir(target.parent)
            shutil.copyfile(location.path, target)
            target.chmod(0o600)
            _copy_schemas(user_dir)
    except (InitError, OSError) as exc:
        raise EditError(f"cannot copy {location.path.name} to {user_dir}: {exc}") from None
    return Location(target, location.line)


def check_copyable(location: Location) -> None:
    """Raise :class:`EditError` for an installed example: it is not the default pack, so it is
    not copied into the content folder (which overlays the default); the message says how."""
    resolved = location.path.resolve()
    if resolved.is_relative_to(_examples_dir()) and not resolved.is_relative_to(
        paths.shipped_content_dir().resolve()
    ):
        name = resolved.relative_to(_examples_dir()).parts[0]
        raise EditError(
            f"this is the installed example {name!r}: copy it first with "
            f"'coach init --example {name} DIR', then run 'coach --content DIR'"
        )


def _copy_schemas(user_dir: Path) -> None:
    folder = user_dir / SCHEMA_DIR
    for schema in (paths.shipped_content_dir() / SCHEMA_DIR).glob("*.json"):
        if not (folder / schema.name).exists():
            paths.ensure_private_dir(folder)
            shutil.copyfile(schema, folder / schema.name)
            (folder / schema.name).chmod(0o600)


def editor_command(
    location: Location, env: Mapping[str, str] | None = None, which=shutil.which
) -> list[str]:
    """The argument list that opens ``location`` in ``$VISUAL``, else ``$EDITOR``, else the
    first of nano or vi found. ``$EDITOR`` may hold arguments ("code --wait"): split like a
    shell would, but run without one, so nothing in a path or a variable is interpreted."""
    env = os.environ if env is None else env
    words: list[str] = []
    for variable in ("VISUAL", "EDITOR"):
        value = env.get(variable, "").strip()
        if value:
            try:
                words = shlex.split(value)
            except ValueError:
                raise EditError(f"${variable} cannot be read: {value!r}") from None
            if words:
                break
    if not words:
        found = next((name for name in FALLBACK_EDITORS if which(name)), None)
        if found is None:
            raise EditError("no editor found: set $EDITOR (for example EDITOR=nano)")
        words = [found]
    program = Path(words[0]).name.lower()
    # Absolute, so a file name can never be read as one of the editor's options.
    path, line = str(location.path.absolute()), max(location.line, 1)
    if program in ("code", "code-insiders", "codium", "vscodium"):
        return [*words, "--goto", f"{path}:{line}"]
    if program in ("subl", "sublime_text", "zed", "hx", "helix"):
        return [*words, f"{path}:{line}"]
    # vi, vim, nvim, nano, emacs, micro, joe, ne, mg and most others read +LINE.
    return [*words, f"+{line}", path]
