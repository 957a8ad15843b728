"""Hostile archives, made in memory: the attacks of issue 26 on `coach pack install`, for the
archive tests and the fuzz test to share."""

from __future__ import annotations

import gzip
import io
import struct
import tarfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from coach.pack.init import pack_files

GIB = 1 << 30


def pack_members(folder: Path) -> list[tuple[str, bytes]]:
    """(name, bytes) of every content file of the pack in ``folder``."""
    return [(p.relative_to(folder).as_posix(), p.read_bytes()) for p in pack_files(folder)]


def header(name: str, size: int | bytes, kind: bytes = tarfile.REGTYPE) -> bytes:
    """One 512-byte tar header, built by hand so that it can lie: ``size`` as a number, or as
    the raw 12 bytes of its field (a negative base-256 size)."""
    block = bytearray(tarfile.BLOCKSIZE)
    block[0:100] = name.encode()[:100].ljust(100, b"\0")
    block[100:108] = b"0000644\0"
    block[108:124] = b"0000000\0" * 2
    block[124:136] = size if isinstance(size, bytes) else f"{size:011o}\0".encode()
    block[136:148] = b"00000000000\0"
    block[156:157] = kind
    block[257:265] = b"ustar\x0000"
    block[148:156] = b" " * 8
    block[148:156] = f"{sum(block):06o}\0 ".encode()
    return bytes(block)


def padded(data: bytes) -> bytes:
    return data + b"\0" * (-len(data) % tarfile.BLOCKSIZE)


def tar_gz(path: Path, body: bytes, tail: int = 0) -> Path:
    """``body`` (tar records), then ``tail`` zero bytes of data, gzip'd to ``path``."""
    with gzip.open(path, "wb", compresslevel=1) as out:
        out.write(body)
        chunk = b"\0" * (1 << 20)
        while tail > 0:
            out.write(chunk[: min(tail, len(chunk))])
            tail -= len(chunk)
    return path


def pax_record(key: str, value: str) -> bytes:
    text = f" {key}={value}\n"
    length = len(text) + 1
    while len(str(length)) + len(text) != length:
        length += 1
    return f"{length}{text}".encode()


def zip_of(path: Path, members: list[tuple[str, bytes]], **write: object) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            z.writestr(name, data, **write)  # type: ignore[arg-type]
    return path


def _patched(path: Path, local: int, central: int, value: int, *, bits: bool = False) -> Path:
    """The zip at ``path`` with a 16-bit field of every member's local header (at ``local``)
    and central directory entry (at ``central``) set to ``value`` (or'd in, with ``bits``)."""
    data = bytearray(path.read_bytes())
    for signature, at in ((b"PK\x03\x04", local), (b"PK\x01\x02", central)):
        start = 0
        while (found := data.find(signature, start)) >= 0:
            old = struct.unpack("<H", data[found + at : found + at + 2])[0]
            data[found + at : found + at + 2] = struct.pack("<H", old | value if bits else value)
            start = found + 4
    path.write_bytes(bytes(data))
    return path


def with_method(path: Path, method: int) -> Path:
    """Every member's compression method set to ``method``, as an AES- or
    Zstandard-compressed zip has it."""
    return _patched(path, 8, 10, method)


def encrypted(path: Path, members: list[tuple[str, bytes]]) -> Path:
    """Every member marked encrypted (bit 0 of its flags), as a password-protected zip has it
    (Python's zipfile writes no encrypted zips, and clears the bit)."""
    return _patched(zip_of(path, members), 6, 8, 0x1, bits=True)


def claims_entries(path: Path, entries: int, central: int | None = None) -> Path:
    """A real zip whose end record claims ``entries`` members (and a central directory of
    ``central`` bytes)."""
    data = bytearray(path.read_bytes())
    at = data.rfind(zipfile.stringEndArchive)
    record = list(struct.unpack(zipfile.structEndArchive, data[at : at + 22]))
    record[3] = record[4] = min(entries, 0xFFFF)
    if central is not None:
        record[5] = central
    data[at : at + 22] = struct.pack(zipfile.structEndArchive, *record)
    path.write_bytes(bytes(data))
    return path


def hostile_archives(tmp: Path, members: list[tuple[str, bytes]]) -> dict[str, Callable[[], Path]]:
    """Name -> a function that writes that hostile archive into ``tmp``; every one must be
    refused in plain words, quickly, without unpacking what it declares."""
    pack_toml = dict(members)["pack.toml"]

    def long_link() -> Path:  # issue 26: 41 s and 4.2 GB before
        body = header("././@LongLink", GIB, tarfile.GNUTYPE_LONGNAME)
        return tar_gz(tmp / "longlink.tar.gz", body, tail=4 << 20)

    def pax_giant() -> Path:  # issue 26: 25 s, 1.1 GB, and the pack installed
        body = header("./PaxHeaders/x", GIB, tarfile.XHDTYPE)
        return tar_gz(tmp / "pax.tar.gz", body, tail=4 << 20)

    def pax_size() -> Path:
        record = pax_record("size", "10")
        body = header("./PaxHeaders/pack.toml", len(record), tarfile.XHDTYPE) + padded(record)
        body += header("pack.toml", len(pack_toml)) + padded(pack_toml)
        return tar_gz(tmp / "paxsize.tar.gz", body)

    def pax_chain() -> Path:
        record = pax_record("comment", "x" * 40)
        one = header("./PaxHeaders/c", len(record), tarfile.XHDTYPE) + padded(record)
        return tar_gz(tmp / "chain.tar.gz", one * 2000 + header("pack.toml", 0))

    def negative_size() -> Path:
        size = b"\xff" * 12  # base-256: -1
        return tar_gz(tmp / "negative.tar.gz", header("pack.toml", size) + b"\0" * 1024)

    def sparse() -> Path:
        return tar_gz(tmp / "sparse.tar.gz", header("pack.toml", 0, tarfile.GNUTYPE_SPARSE))

    def tar_bomb() -> Path:  # a member that packs 15 MiB of spaces into a few KB
        body = header("faq.toml", 15 << 20) + padded(b" " * (15 << 20))
        return tar_gz(
            tmp / "bomb.tar.gz", header("pack.toml", len(pack_toml)) + padded(pack_toml) + body
        )

    def zip_bomb() -> Path:
        return zip_of(tmp / "bomb.zip", [*members, ("big.txt", b" " * (15 << 20))])

    def deep() -> Path:  # issue 26: exit 70
        return zip_of(tmp / "deep.zip", [*members, ("a/" * 1000 + "x.toml", b"x = 1\n")])

    def long_name() -> Path:
        return zip_of(tmp / "longname.zip", [*members, ("n" * 5000 + ".toml", b"x = 1\n")])

    def encrypted_zip() -> Path:  # issue 26: exit 70
        return encrypted(tmp / "encrypted.zip", members)

    def aes_zip() -> Path:  # issue 26: exit 70
        return with_method(zip_of(tmp / "aes.zip", members, compress_type=zipfile.ZIP_STORED), 99)

    def zstd_zip() -> Path:
        return with_method(zip_of(tmp / "zstd.zip", members, compress_type=zipfile.ZIP_STORED), 93)

    def many_entries() -> Path:
        return claims_entries(zip_of(tmp / "many.zip", members), 60000)

    def huge_directory() -> Path:
        return claims_entries(zip_of(tmp / "directory.zip", members), 5, central=1 << 31)

    def not_gzip() -> Path:
        (tmp / "plain.tar.gz").write_bytes(b"\x1f\x8b" + b"\xff" * 300)
        return tmp / "plain.tar.gz"

    def truncated_zip() -> Path:
        whole = zip_of(tmp / "whole.zip", members).read_bytes()
        (tmp / "cut.zip").write_bytes(whole[: len(whole) // 2] + whole[-22:])
        return tmp / "cut.zip"

    return {
        name: make
        for name, make in locals().items()
        if callable(make) and name not in ("pack_toml",)
    }


def tar_of(members: list[tuple[str, bytes]]) -> bytes:
    """A well-made tar of ``members`` (for mutating)."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()
