"""A content pack as one archive, for a clinician to hand over: export, and a guarded install.

An archive from someone else is untrusted until proven otherwise. Installing it:

1. reads the member list only, and refuses the whole archive for any member that is an
   absolute path, climbs out with ``..``, is a link (symbolic or hard), a device or a FIFO,
   is not a content file (TOML, JSON Schema, Markdown or text), or when there are too many
   members or they are too large (the sizes are checked again while reading: headers lie);
2. copies the members into a private temporary folder and validates them there with the loader,
   exactly as coach would read them;
3. only then replaces the target folder, and refuses to overwrite a folder a person has edited
   (files that differ from what the last install wrote) unless told to; a replaced edited folder
   is moved aside, never deleted.

No extraction helper of ``zipfile`` or ``tarfile`` is used: each member's bytes are read and
written by this module, to paths it built itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import stat
import tarfile
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from coach.pack.init import pack_files
from coach.pack.load import load_pack
from coach.system import paths

MAX_MEMBERS = 500
MAX_MEMBER_BYTES = 16 * 1024 * 1024  # the loader's own limit for one file
MAX_TOTAL_BYTES = 64 * 1024 * 1024
ALLOWED_SUFFIXES = (".toml", ".json", ".md", ".txt")
MANIFEST = ".coach-pack.json"  # what the last install wrote, to tell an edited folder apart
_CHUNK = 64 * 1024


class ArchiveError(Exception):
    """The archive is refused, or cannot be read or written; the message says why."""


@dataclass(frozen=True)
class Installed:
    target: Path
    pack_id: str
    title: str
    files: int
    moved_aside: Path | None  # where an edited folder that was replaced now is


# --- export ----------------------------------------------------------------------------------


def archive_kind(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".zip"):
        return "zip"
    if name.endswith((".tar.gz", ".tgz")):
        return "tar.gz"
    raise ArchiveError(f"{path}: name the archive .zip or .tar.gz")


def export_pack(source: Path, target: Path) -> list[str]:
    """Write the pack in ``source`` (its content files and schemas) to ``target``, privately.

    Returns the member names. The archive holds the files at its root, as `coach init` lays
    them out, and nothing else of the folder (no editor backups, no dotfiles).
    """
    kind = archive_kind(target)
    files = [p for p in pack_files(source) if not p.is_symlink()]
    names = [p.relative_to(source).as_posix() for p in files]
    buffer = io.BytesIO()
    if kind == "zip":
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path, name in zip(files, names, strict=True):
                info = zipfile.ZipInfo(name, date_time=_zip_time(path))
                info.external_attr = (stat.S_IFREG | 0o600) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
    else:
        with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
            for path, name in zip(files, names, strict=True):
                data = path.read_bytes()
                info = tarfile.TarInfo(name)
                info.size, info.mode, info.mtime = len(data), 0o600, int(path.stat().st_mtime)
                archive.addfile(info, io.BytesIO(data))
    paths.write_private(target, buffer.getvalue())
    return names


def _zip_time(path: Path) -> tuple[int, int, int, int, int, int]:
    t = dt.datetime.fromtimestamp(path.stat().st_mtime)
    return (max(t.year, 1980), t.month, t.day, t.hour, t.minute, t.second)


# --- reading an untrusted archive --------------------------------------------------------------


def _safe_name(raw: str) -> PurePosixPath | None:
    """The member's path inside the pack, or ``None`` for a folder entry; refuses the rest."""
    if "\\" in raw or "\x00" in raw:
        raise ArchiveError(f"member {raw!r}: backslashes and NUL are not allowed in names")
    if raw.startswith("/") or (len(raw) > 1 and raw[1] == ":"):
        raise ArchiveError(f"member {raw!r}: absolute paths are not allowed")
    parts = [p for p in raw.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise ArchiveError(f"member {raw!r}: '..' would write outside the pack")
    if not parts:
        return None
    return PurePosixPath(*parts)


def _members(path: Path) -> Iterator[tuple[PurePosixPath, int, object]]:
    """(name, declared size, handle) of every regular file, after checking every member."""
    kind = archive_kind(path)
    if kind == "zip":
        try:
            archive = zipfile.ZipFile(path)
        except (OSError, zipfile.BadZipFile) as exc:
            raise ArchiveError(f"{path}: not a readable zip file ({exc})") from None
        with archive:
            infos = archive.infolist()
            _check_count(path, len(infos))
            checked = []
            for info in infos:
                name = _safe_name(info.filename)
                mode = info.external_attr >> 16
                if stat.S_ISLNK(mode):
                    raise ArchiveError(f"member {info.filename!r}: symbolic links are not allowed")
                if mode and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                    raise ArchiveError(f"member {info.filename!r}: only plain files are allowed")
                if info.is_dir() or name is None:
                    continue
                checked.append((name, info.file_size, info))
            _check_sizes(checked)
            for name, size, info in checked:
                with archive.open(info) as handle:  # type: ignore[arg-type]
                    yield name, size, handle
        return
    try:
        archive = tarfile.open(path, mode="r:gz")  # noqa: SIM115 (closed by the with below)
    except (OSError, tarfile.TarError, EOFError) as exc:
        raise ArchiveError(f"{path}: not a readable .tar.gz file ({exc})") from None
    with archive:
        # Each header is checked as it is read, before tarfile skips (decompresses) the
        # member's data to reach the next one: a member declared huge stops here, unread.
        checked = []
        count = 0
        try:
            for info in archive:
                count += 1
                _check_count(path, count)
                name = _safe_name(info.name)
                if info.issym() or info.islnk():
                    raise ArchiveError(f"member {info.name!r}: links are not allowed")
                if info.isdev() or not (info.isfile() or info.isdir()):
                    raise ArchiveError(
                        f"member {info.name!r}: devices and special files are refused"
                    )
                if info.isdir() or name is None:
                    continue
                checked.append((name, info.size, info))
                _check_sizes(checked)
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise ArchiveError(f"{path}: the archive is damaged ({exc})") from None
        for name, size, info in checked:
            handle = archive.extractfile(info)  # type: ignore[arg-type]
            if handle is None:
                raise ArchiveError(f"member {info.name!r}: cannot be read")
            with handle:
                yield name, size, handle


def _check_count(path: Path, count: int) -> None:
    if count > MAX_MEMBERS:
        raise ArchiveError(f"{path}: more than {MAX_MEMBERS} members; a pack is a few files")


def _check_sizes(checked: list[tuple[PurePosixPath, int, object]]) -> None:
    total = 0
    seen: set[PurePosixPath] = set()
    for name, size, _ in checked:
        if name.suffix.lower() not in ALLOWED_SUFFIXES:
            raise ArchiveError(
                f"member {str(name)!r}: not a content file (a pack holds only "
                f"{', '.join(ALLOWED_SUFFIXES)} files)"
            )
        if name in seen:
            raise ArchiveError(f"member {str(name)!r} appears twice")
        seen.add(name)
        if size > MAX_MEMBER_BYTES:
            raise ArchiveError(f"member {str(name)!r}: larger than {_mib(MAX_MEMBER_BYTES)}")
        total += size
        if total > MAX_TOTAL_BYTES:
            raise ArchiveError(f"the archive unpacks to more than {_mib(MAX_TOTAL_BYTES)}")


def _mib(n: int) -> str:
    return f"{n // (1024 * 1024)} MiB"


def _read_limited(handle, name: PurePosixPath, budget: int) -> bytes:
    """The member's bytes, stopping past the limits whatever its header declared."""
    chunks: list[bytes] = []
    size = 0
    limit = min(MAX_MEMBER_BYTES, budget)
    while True:
        chunk = handle.read(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise ArchiveError(f"member {str(name)!r}: unpacks to more than its allowed size")
        chunks.append(chunk)


def unpack(path: Path, into: Path) -> list[Path]:
    """Check every member of ``path`` and copy the files into the folder ``into``."""
    written: list[Path] = []
    budget = MAX_TOTAL_BYTES
    try:
        for name, _size, handle in _members(path):
            data = _read_limited(handle, name, budget)
            budget -= len(data)
            target = into.joinpath(*name.parts)
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            written.append(target)
    except (OSError, zipfile.BadZipFile, tarfile.TarError, EOFError) as exc:
        if isinstance(exc, ArchiveError):
            raise
        raise ArchiveError(f"{path}: cannot be read ({exc})") from None
    return written


def _pack_root(folder: Path) -> Path:
    """The folder holding pack.toml: the archive's root, or its one top-level folder."""
    if (folder / "pack.toml").is_file():
        return folder
    children = [p for p in folder.iterdir()]
    if len(children) == 1 and children[0].is_dir() and (children[0] / "pack.toml").is_file():
        return children[0]
    raise ArchiveError("the archive has no pack.toml at its root (nor in one top-level folder)")


# --- installing ------------------------------------------------------------------------------


def _hashes(folder: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink() and path.name != MANIFEST:
            out[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def edited(folder: Path) -> bool:
    """Whether ``folder`` holds content a person may have changed: anything that is not exactly
    what the last ``coach pack install`` wrote there (a folder from ``coach init`` counts)."""
    if not folder.exists():
        return False
    if not folder.is_dir() or folder.is_symlink():
        return True
    current = _hashes(folder)
    if not current:
        return False
    try:
        recorded = json.loads((folder / MANIFEST).read_text("utf-8")).get("files")
    except (OSError, ValueError, AttributeError):
        return True
    return recorded != current


def install_pack(archive: Path, target: Path, *, force: bool = False) -> Installed:
    """Validate ``archive`` in a private temporary folder, then make it the pack at ``target``.

    Raises :class:`ArchiveError` for a refused archive or target, and the loader's
    :class:`~coach.pack.errors.PackError` (every problem, with file and line) for invalid content.
    """
    if target.is_symlink():
        raise ArchiveError(f"{target} is a symbolic link; install into a real folder")
    if edited(target) and not force:
        raise ArchiveError(
            f"{target} holds content that was edited (or not installed by coach pack install); "
            "add --force to replace it (the old folder is kept beside it)"
        )
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    staging = Path(tempfile.mkdtemp(prefix=".coach-pack-", dir=parent))  # mode 0700
    try:
        unpack(archive, staging)
        root = _pack_root(staging)
        pack = load_pack(root)  # raises PackError with every problem
        manifest = {"archive": archive.name, "pack_id": pack.info.id, "files": _hashes(root)}
        (root / MANIFEST).write_text(json.dumps(manifest, indent=1), "utf-8")
        (root / MANIFEST).chmod(0o600)
        moved: Path | None = None
        if target.exists():
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            aside = target.with_name(f"{target.name}.replaced-{stamp}")
            was_edited = edited(target)
            os.replace(target, aside)
            if was_edited:  # the person's edits are kept, beside the new pack
                moved = aside
            else:  # exactly what an earlier install wrote: nothing of theirs is lost
                shutil.rmtree(aside, ignore_errors=True)
        os.replace(root, target)
        os.chmod(target, 0o700)
        return Installed(target, pack.info.id, pack.info.title, len(_hashes(target)), moved)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
