"""A content pack as one archive, for a clinician to hand over: export, and a guarded install.

An archive from someone else is untrusted until proven otherwise. Installing it:

1. checks the archive's own records before tarfile or zipfile parse them (a zip's end record
   and list size, each tar header and the long names and pax headers it declares, the
   unpacked size and ratio), then reads the member list only, and refuses the whole archive
   for any member that is an absolute path, climbs out with ``..``, sits too deep, is a link
   (symbolic or hard), a device or a FIFO, is encrypted or compressed in a way coach cannot
   read, is not a content file (TOML, JSON Schema, Markdown or text), or when there are too
   many members or they are too large (the sizes are checked again while reading: headers lie);
2. copies the members into a private temporary folder and validates them there with the loader,
   exactly as coach will read them: alone, or over the default pack when it lies there;
3. only then replaces the target folder, and refuses to overwrite a folder a person has edited
   (files that differ from what the last install wrote) unless told to; a replaced edited folder
   is moved aside, never deleted.

No extraction helper of ``zipfile`` or ``tarfile`` is used: each member's bytes are read and
written by this module, to paths it built itself.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import json
import lzma
import os
import shutil
import stat
import struct
import tarfile
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from coach.pack.errors import PackError
from coach.pack.init import pack_files
from coach.pack.load import load, load_pack
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
#
# Limits come before parsing: tarfile reads a GNU long name or a pax header whole, before any
# member is seen (a 1 MB archive declaring a 1 GiB long name took 41 s and 4.2 GB), and zipfile
# builds an object for every entry its central directory claims. So the archive's own records
# are checked first, by this module, against the limits below; tarfile and zipfile then parse
# only what passed (tarfile from memory, at most MAX_STREAM_BYTES of it).

MAX_ARCHIVE_BYTES = MAX_TOTAL_BYTES  # the archive file itself
MAX_NAME_CHARS = 1024  # a member's whole path
MAX_PART_CHARS = 255  # one folder or file name in it (what file systems allow)
MAX_DEPTH = 8  # folders a member may sit in (a pack uses one: protocols/)
MAX_LONG_NAME_BYTES = 4096  # a GNU long name or link record (PATH_MAX)
MAX_PAX_BYTES = 16 * 1024  # one pax extended header (Python writes a few hundred bytes)
MAX_EXTENSIONS_IN_A_ROW = 4  # extended headers before a member (tarfile recurses through them)
MAX_HEADER_BYTES = 4 * 1024 * 1024  # every header, record and padding together
MAX_STREAM_BYTES = MAX_TOTAL_BYTES + MAX_HEADER_BYTES  # a .tar.gz unpacked, at most
MAX_CENTRAL_BYTES = 1024 * 1024  # a zip's central directory (500 entries of long names)
MAX_RATIO = 200  # unpacked to packed: text compresses 3-20x; a bomb 1000x
RATIO_FROM = 1024 * 1024  # the ratio is judged past this many unpacked bytes
_BLOCK = tarfile.BLOCKSIZE
_ZIP_METHODS = {
    zipfile.ZIP_STORED: "stored",
    zipfile.ZIP_DEFLATED: "deflate",
    zipfile.ZIP_BZIP2: "bzip2",
    zipfile.ZIP_LZMA: "LZMA",
}
_ZIP_METHOD_NAMES = {99: "AES encryption (WinZip)", 9: "deflate64", 93: "Zstandard", 95: "xz"}


def _shown(name: str) -> str:
    """A member's name quoted in a message: never longer than a line (a hostile name can be
    thousands of characters); its control characters are made visible where it is printed."""
    return repr(name) if len(name) <= 80 else repr(name[:60]) + f"... ({len(name)} characters)"


def _safe_name(raw: str) -> PurePosixPath | None:
    """The member's path inside the pack, or ``None`` for a folder entry; refuses the rest."""
    if "\\" in raw or "\x00" in raw:
        raise ArchiveError(f"member {_shown(raw)}: backslashes and NUL are not allowed in names")
    if raw.startswith("/") or (len(raw) > 1 and raw[1] == ":"):
        raise ArchiveError(f"member {_shown(raw)}: absolute paths are not allowed")
    parts = [p for p in raw.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise ArchiveError(f"member {_shown(raw)}: '..' would write outside the pack")
    if len(parts) > MAX_DEPTH + 1:
        raise ArchiveError(
            f"member {_shown(raw)} is {len(parts) - 1} folders deep; a pack's files are at "
            f"most {MAX_DEPTH} deep"
        )
    if len(raw) > MAX_NAME_CHARS:
        raise ArchiveError(f"member {_shown(raw)}: its name is over {MAX_NAME_CHARS} characters")
    if any(len(part) > MAX_PART_CHARS for part in parts):
        raise ArchiveError(f"member {_shown(raw)}: a folder or file name over {MAX_PART_CHARS}")
    if not parts:
        return None
    return PurePosixPath(*parts)


def _members(path: Path) -> Iterator[tuple[PurePosixPath, int, object]]:
    """(name, declared size, handle) of every regular file, after checking every member."""
    kind = archive_kind(path)
    size = path.stat().st_size
    if size > MAX_ARCHIVE_BYTES:
        raise ArchiveError(f"{path}: the archive is larger than {_mib(MAX_ARCHIVE_BYTES)}")
    if kind == "zip":
        yield from _zip_members(path)
    else:
        yield from _tar_members(path)


def _zip_members(path: Path) -> Iterator[tuple[PurePosixPath, int, object]]:
    _check_zip_directory(path)
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile, ValueError, struct.error) as exc:
        raise ArchiveError(f"{path}: not a readable zip file ({exc})") from None
    with archive:
        infos = archive.infolist()
        _check_count(path, len(infos))
        checked = []
        for info in infos:
            name = _safe_name(info.filename)
            shown = _shown(info.filename)
            if info.flag_bits & 0x1:
                raise ArchiveError(
                    f"member {shown} is encrypted (the zip has a password); a pack is "
                    "handed over unencrypted"
                )
            if info.compress_type not in _ZIP_METHODS:
                method = _ZIP_METHOD_NAMES.get(info.compress_type, f"method {info.compress_type}")
                raise ArchiveError(
                    f"member {shown} is compressed with {method}, which coach cannot read; "
                    "make the zip again with ordinary (deflate) compression"
                )
            kind = stat.S_IFMT(info.external_attr >> 16)
            if kind == stat.S_IFLNK:
                raise ArchiveError(f"member {shown}: symbolic links are not allowed")
            # No type at all is a plain file (Python's zipfile.writestr writes only the
            # permission bits; Windows tools write none).
            if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
                raise ArchiveError(f"member {shown}: only plain files are allowed")
            if info.is_dir() or name is None:
                continue
            if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(
                info.compress_size, 1
            ):
                raise ArchiveError(
                    f"member {shown} unpacks to over {MAX_RATIO} times its packed size; "
                    "coach does not unpack it"
                )
            checked.append((name, info.file_size, info))
        _check_sizes(checked)
        for name, _size, info in checked:
            with archive.open(info) as handle:  # type: ignore[arg-type]
                yield name, _size, handle


def _check_zip_directory(path: Path) -> None:
    """The zip's end record, read as zipfile will find it, checked before zipfile reads the
    central directory it points to: how many entries, how large, and no ZIP64 or spanning."""
    end = struct.calcsize(zipfile.structEndArchive)
    with open(path, "rb") as handle:
        handle.seek(0, os.SEEK_END)
        size = handle.tell()
        handle.seek(max(size - (end + 0xFFFF), 0))
        tail = handle.read()
    at = len(tail) - end if tail[-end : -end + 4] == zipfile.stringEndArchive else -1
    if at < 0:
        at = tail.rfind(zipfile.stringEndArchive)
    if at < 0 or len(tail) - at < end:
        raise ArchiveError(f"{path}: not a readable zip file (no end of central directory)")
    (_, disk, disk_start, _here, entries, central_size, _offset, _comment) = struct.unpack(
        zipfile.structEndArchive, tail[at : at + end]
    )
    locator = struct.calcsize(zipfile.structEndArchive64Locator)
    if at >= locator and tail[at - locator : at - locator + 4] == zipfile.stringEndArchive64Locator:
        raise ArchiveError(f"{path}: a ZIP64 archive (for files over 4 GiB); a pack never is")
    if disk or disk_start:
        raise ArchiveError(f"{path}: a zip split over several files; make it one file")
    _check_count(path, entries)
    if central_size > MAX_CENTRAL_BYTES:
        raise ArchiveError(
            f"{path}: its list of members takes {central_size} bytes (at most "
            f"{MAX_CENTRAL_BYTES}); a pack is a few files"
        )


def _tar_members(path: Path) -> Iterator[tuple[PurePosixPath, int, object]]:
    data = _unpacked_tar(path)
    try:
        archive = tarfile.open(fileobj=io.BytesIO(data), mode="r:")  # noqa: SIM115 (with below)
    except (tarfile.TarError, EOFError, ValueError) as exc:
        raise ArchiveError(f"{path}: not a readable .tar.gz file ({exc})") from None
    with archive:
        checked = []
        count = 0
        try:
            for info in archive:
                count += 1
                _check_count(path, count)
                name = _safe_name(info.name)
                if info.issym() or info.islnk():
                    raise ArchiveError(f"member {_shown(info.name)}: links are not allowed")
                if info.isdev() or not (info.isfile() or info.isdir()):
                    raise ArchiveError(
                        f"member {_shown(info.name)}: devices and special files are refused"
                    )
                if info.isdir() or name is None:
                    continue
                checked.append((name, info.size, info))
                _check_sizes(checked)
        except (tarfile.TarError, OSError, EOFError, ValueError) as exc:
            raise ArchiveError(f"{path}: the archive is damaged ({exc})") from None
        for name, size, info in checked:
            handle = archive.extractfile(info)  # type: ignore[arg-type]
            if handle is None:
                raise ArchiveError(f"member {_shown(info.name)}: cannot be read")
            with handle:
                yield name, size, handle


def _unpacked_tar(path: Path) -> bytes:
    """The tar inside the .tar.gz at ``path``, unpacked as far as its records go, each header
    checked as it comes (with tarfile's own :meth:`tarfile.TarInfo.frombuf`) before the data
    it declares is read: a declared size over its limit stops here, unread."""
    try:
        raw = open(path, "rb")  # noqa: SIM115 (closed below, with the gzip stream over it)
    except OSError as exc:
        raise ArchiveError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    with raw, gzip.GzipFile(fileobj=raw, mode="rb") as stream:
        reader = _Bounded(path, stream, raw)
        try:
            _scan_tar(path, reader)
        except (OSError, EOFError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
            raise ArchiveError(f"{path}: not a readable .tar.gz file ({exc})") from None
        return bytes(reader.data)


class _Bounded:
    """Reads the unpacked stream into :attr:`data`, refusing past :data:`MAX_STREAM_BYTES`
    or :data:`MAX_RATIO` times what was read of the file."""

    def __init__(self, path: Path, stream: gzip.GzipFile, raw: io.BufferedReader) -> None:
        self.path, self.stream, self.raw = path, stream, raw
        self.data = bytearray()

    def take(self, count: int) -> bytes:
        """Up to ``count`` bytes (fewer only at the end of the stream)."""
        got = bytearray()
        while len(got) < count:
            chunk = self.stream.read(min(count - len(got), _CHUNK))
            if not chunk:
                break
            got += chunk
            if len(self.data) + len(got) > MAX_STREAM_BYTES:
                raise ArchiveError(f"{self.path}: unpacks to more than {_mib(MAX_STREAM_BYTES)}")
            unpacked = len(self.data) + len(got)
            if unpacked > RATIO_FROM and unpacked > MAX_RATIO * max(self.raw.tell(), 1):
                raise ArchiveError(
                    f"{self.path}: unpacks to over {MAX_RATIO} times its size; coach does not "
                    "unpack it"
                )
        self.data += got
        return bytes(got)


def _scan_tar(path: Path, reader: _Bounded) -> None:
    """Walk the tar's records as tarfile will, checking each header before its data."""
    members = headers = extensions = 0
    header_bytes = 0
    while True:
        block = reader.take(_BLOCK)
        try:
            info = tarfile.TarInfo.frombuf(block, "utf-8", "surrogateescape")
        except tarfile.EOFHeaderError:
            return  # the end-of-archive block: tarfile stops here too
        except tarfile.HeaderError as exc:
            if headers == 0:
                raise ArchiveError(f"{path}: not a tar archive inside the gzip ({exc})") from None
            return  # a damaged header after the first: tarfile stops here too
        headers += 1
        header_bytes += _BLOCK
        where = f"{path}: header {headers}"
        if info.size < 0:
            raise ArchiveError(f"{where} declares a negative size")
        kind = info.type
        if kind in (tarfile.GNUTYPE_LONGNAME, tarfile.GNUTYPE_LONGLINK):
            limit, what = MAX_LONG_NAME_BYTES, "a long name"
        elif kind in (tarfile.XHDTYPE, tarfile.XGLTYPE, tarfile.SOLARIS_XHDTYPE):
            limit, what = MAX_PAX_BYTES, "an extended (pax) header"
        elif kind == tarfile.GNUTYPE_SPARSE:
            raise ArchiveError(f"{where}: a sparse member; a pack holds plain text files")
        elif kind not in tarfile.SUPPORTED_TYPES:
            raise ArchiveError(f"{where}: an unknown kind of member ({kind!r})")
        else:  # a member: a file (its data follows), a folder, a link or a device (none)
            members += 1
            extensions = 0
            _check_count(path, members)
            if info.isreg():
                if info.size > MAX_MEMBER_BYTES:
                    raise ArchiveError(
                        f"member {_shown(info.name)}: larger than {_mib(MAX_MEMBER_BYTES)}"
                    )
                _skip(reader, info.size)
            if header_bytes > MAX_HEADER_BYTES:
                raise ArchiveError(f"{path}: more than {_mib(MAX_HEADER_BYTES)} of headers")
            continue
        extensions += 1
        if extensions > MAX_EXTENSIONS_IN_A_ROW:
            raise ArchiveError(f"{where}: {extensions} extended headers in a row")
        if info.size > limit:
            raise ArchiveError(
                f"{where} declares {what} of {info.size} bytes (at most {limit}); the "
                "archive is refused unread"
            )
        record = reader.take(_padded(info.size))[: info.size]
        header_bytes += len(record)
        if header_bytes > MAX_HEADER_BYTES:
            raise ArchiveError(f"{path}: more than {_mib(MAX_HEADER_BYTES)} of headers")
        if kind not in (tarfile.GNUTYPE_LONGNAME, tarfile.GNUTYPE_LONGLINK):
            _check_pax(where, record)


def _padded(size: int) -> int:
    """A record's data as stored: whole blocks."""
    return -(-size // _BLOCK) * _BLOCK


def _skip(reader: _Bounded, size: int) -> None:
    padded = _padded(size)
    while padded > 0:
        got = reader.take(min(padded, _CHUNK))
        if not got:
            return  # cut short: tarfile says so when it reads the member
        padded -= len(got)


def _check_pax(where: str, record: bytes) -> None:
    """Refuse the pax keywords that change where data lies (``size``: only for members over
    8 GiB) or what it means (GNU sparse files): tarfile would follow them past these checks."""
    pos = 0
    while pos < len(record):
        space = record.find(b" ", pos)
        length = record[pos:space]
        if space < 0 or not length.isdigit() or int(length) < 1:
            if not record[pos:].strip(b"\x00"):
                return  # padding
            raise ArchiveError(f"{where}: a damaged extended (pax) header")
        end = pos + int(length)
        keyword = record[space + 1 : end].partition(b"=")[0]
        if keyword == b"size" or keyword.startswith(b"GNU.sparse"):
            raise ArchiveError(
                f"{where}: an extended header sets {keyword.decode('ascii', 'replace')!r}; "
                "a pack holds plain text files"
            )
        pos = end


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
            paths.make_folders(target.parent)  # 0700 whatever the umask (mkdir's parents: 0777)
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            written.append(target)
    except ArchiveError:
        raise
    except (
        OSError,
        EOFError,
        ValueError,
        RuntimeError,  # zipfile: a password is needed (checked above; never trusted alone)
        NotImplementedError,  # zipfile: a compression it has not (checked above too)
        zipfile.BadZipFile,  # a CRC that does not match, a local header that disagrees
        tarfile.TarError,
        zlib.error,
        lzma.LZMAError,
    ) as exc:
        raise ArchiveError(f"{path}: cannot be read ({type(exc).__name__}: {exc})") from None
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


def _loads_over(archive: Path, root: Path, over: Path, pack_id: str) -> None:
    """Refuse a pack that loads alone but not as the next start will load it: over ``over``.
    Only a pack with ``over``'s own id is read as changes to it (another id is read alone,
    which was just checked), and changes that break the default would leave every command
    saying "using the default content"."""
    try:
        load(over, root)
    except PackError as exc:
        raise ArchiveError(
            f"{archive.name} holds a pack with the same id as the default pack ({pack_id!r}), "
            "so coach would read it as changes on top of the default pack, and together they "
            f"do not load:\n{exc.render(root)}\nInstall it in a folder of its own instead "
            f"(coach pack install {archive.name} --dir DIR, then coach --content DIR), or give "
            "it an id of its own in its pack.toml."
        ) from None


def install_pack(
    archive: Path, target: Path, *, force: bool = False, over: Path | None = None
) -> Installed:
    """Validate ``archive`` in a private temporary folder, then make it the pack at ``target``.

    ``over``: the pack it will be read on top of at every start (the shipped pack, when
    ``target`` is the person's own content folder); it is validated that way too, as the loader
    will read it: alone when its id is its own, as changes to ``over`` when the ids are the same.

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
    paths.make_folders(parent)  # the XDG base folders too: 0700 whatever the umask
    staging = Path(tempfile.mkdtemp(prefix=".coach-pack-", dir=parent))  # mode 0700
    try:
        unpack(archive, staging)
        root = _pack_root(staging)
        pack = load_pack(root)  # raises PackError with every problem
        if over is not None:
            _loads_over(archive, root, over, pack.info.id)
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
