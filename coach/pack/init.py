"""Copying the default pack (with its JSON Schemas) into a folder for a person to edit."""

from __future__ import annotations

from pathlib import Path

from coach.pack.examples import example_names, example_path
from coach.pack.read import SCHEMA_DIR, content_files
from coach.system import paths


class InitError(Exception):
    """The copy would overwrite something, or could not be written."""


def pack_files(source: Path) -> list[Path]:
    """The files that make a pack: TOML content and the schemas their first lines name."""
    schemas = [p for p in source.glob(f"{SCHEMA_DIR}/*.json") if p.is_file()]
    return sorted([*content_files(source), *schemas])


def init_pack(target: Path, *, force: bool = False, source: Path | None = None) -> list[Path]:
    """Copy every file of the shipped pack into ``target``; never overwrite unless ``force``.

    Nothing is written when any file exists and ``force`` is off, so a refused run leaves the
    folder exactly as it was.
    """
    source = source or paths.shipped_content_dir()
    files = pack_files(source)
    targets = [target / p.relative_to(source) for p in files]
    existing = [t for t in targets if t.exists()]
    if existing and not force:
        names = ", ".join(str(t) for t in existing[:3]) + (" …" if len(existing) > 3 else "")
        raise InitError(
            f"{len(existing)} file(s) exist already ({names}); add --force to overwrite"
        )
    try:
        if not target.exists():  # a folder we create is private; the person's own is left as is
            paths.ensure_private_dir(target)
        for src, dst in zip(files, targets, strict=True):
            if not dst.parent.exists():
                paths.ensure_private_dir(dst.parent)
            paths.write_private(dst, src.read_bytes())
    except OSError as exc:
        raise InitError(f"cannot write to {target}: {exc.strerror or exc}") from None
    return targets


def init_example(name: str, target: Path, *, force: bool = False) -> list[Path]:
    """Copy the example pack ``name`` into ``target``, with the JSON Schemas beside it.

    An example's files name the default pack's schemas by a path that only holds in a
    checkout; the copies name ``./schema/`` instead, so an editor finds them anywhere.
    """
    folder = example_path(name)
    if folder is None:
        known = ", ".join(example_names()) or "none"
        raise InitError(f"no example called {name!r} (examples: {known})")
    source = Path(folder)
    schemas = sorted(p for p in (paths.shipped_content_dir() / SCHEMA_DIR).glob("*.json"))
    written = init_pack(target, force=force, source=source)
    try:
        for schema in schemas:
            dst = target / SCHEMA_DIR / schema.name
            if dst.exists() and not force:
                continue
            if not dst.parent.exists():
                paths.ensure_private_dir(dst.parent)
            paths.write_private(dst, schema.read_bytes())
            written.append(dst)
        for path in written:
            if path.suffix == ".toml":
                _point_at_local_schema(path, depth=len(path.relative_to(target).parts) - 1)
    except OSError as exc:
        raise InitError(f"cannot write to {target}: {exc.strerror}") from None
    return written


def _point_at_local_schema(path: Path, depth: int) -> None:
    text = path.read_text("utf-8")
    first, newline, rest = text.partition("\n")
    if not first.startswith("#:schema ") or "/schema/" not in first:
        return
    name = first.rsplit("/", 1)[1]
    local = "../" * depth + f"{SCHEMA_DIR}/{name}" if depth else f"./{SCHEMA_DIR}/{name}"
    paths.write_private(path, f"#:schema {local}{newline}{rest}".encode())
