"""`coach pack install` with archives made to hurt (issue 26): limits checked before tarfile or
zipfile parse, encrypted and unknown compression refused by name, Python-made zips accepted,
and a pack validated as the next start will load it."""

from __future__ import annotations

import os
import stat
import time
import zipfile
from pathlib import Path

import pytest

from coach.cli.main import main
from coach.pack import archive
from coach.pack.archive import ArchiveError, install_pack
from coach.system import paths
from tests.unit.archives import hostile_archives, pack_members, zip_of
from tests.unit.packs import PROGRAM, write_pack

EXPECTED = {
    "long_link": "long name of 1073741824 bytes",
    "pax_giant": "extended (pax) header of 1073741824 bytes",
    "pax_size": "sets 'size'",
    "pax_chain": "extended headers in a row",
    "negative_size": "negative size",
    "sparse": "sparse member",
    "tar_bomb": f"over {archive.MAX_RATIO} times",
    "zip_bomb": f"over {archive.MAX_RATIO} times",
    "deep": "1000 folders deep",
    "long_name": "(5005 characters): its name is over 1024 characters",
    "encrypted_zip": "is encrypted",
    "aes_zip": "AES encryption",
    "zstd_zip": "Zstandard",
    "many_entries": "more than 500 members",
    "huge_directory": "list of members takes 2147483648 bytes",
    "not_gzip": "not a readable .tar.gz",
    "truncated_zip": "not a readable zip",
}


@pytest.fixture(scope="module")
def members(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, bytes]]:
    return pack_members(Path(__file__).resolve().parents[2] / "content")


@pytest.mark.parametrize("attack", sorted(EXPECTED))
def test_a_hostile_archive_is_refused_in_plain_words(
    attack: str, members: list[tuple[str, bytes]], tmp_path: Path, capsys
) -> None:
    made = hostile_archives(tmp_path, members)[attack]()
    started = time.monotonic()
    code = main(["pack", "install", str(made)])
    took = time.monotonic() - started
    said = capsys.readouterr()
    assert code == 1, said
    assert "coach pack install: refused:" in said.err and EXPECTED[attack] in said.err, said.err
    assert "something went wrong" not in said.err and "Traceback" not in said.err
    assert max(len(line) for line in said.err.splitlines()) < 400  # never a name of 5000
    assert not paths.user_content_dir().exists()  # nothing installed, nothing half-written
    assert took < 30  # a hang or a gigabyte shows here; the figures are in the report


def test_the_long_link_is_refused_before_its_data_is_read(
    members: list[tuple[str, bytes]], tmp_path: Path, monkeypatch
) -> None:
    """Only the header is unpacked: the gigabyte it declares is never asked for."""
    asked: list[int] = []
    take = archive._Bounded.take

    def counting(self: archive._Bounded, count: int) -> bytes:
        asked.append(count)
        return take(self, count)

    monkeypatch.setattr(archive._Bounded, "take", counting)
    made = hostile_archives(tmp_path, members)["long_link"]()
    with pytest.raises(ArchiveError, match="refused unread"):
        install_pack(made, tmp_path / "target")
    assert sum(asked) == archive.tarfile.BLOCKSIZE


def test_a_zip_made_by_pythons_writestr_installs(
    members: list[tuple[str, bytes]], tmp_path: Path, capsys
) -> None:
    """writestr(name, data) stores the permission bits without the regular-file bit: it was
    refused as "not plain files"."""
    made = zip_of(tmp_path / "python.zip", members)
    assert all((i.external_attr >> 16) & 0o170000 == 0 for i in zipfile.ZipFile(made).infolist())
    assert main(["pack", "install", str(made)]) == 0, capsys.readouterr().err
    assert "Installed Anal dilation at home" in capsys.readouterr().out


def same_id_pack(tmp_path: Path) -> Path:
    """A pack that loads alone, with the default pack's id, whose programme lacks a question
    the default's protocols ask for: read over the default, it breaks it."""
    folder = write_pack(
        tmp_path / "same",
        pack='id = "anal-dilation"\ntitle = "Mine"\ndefault_protocol = "breathe"\n',
        program=PROGRAM.replace('id = "comfort"', 'id = "ease"'),
    )
    return zip_of(tmp_path / "same.zip", pack_members(folder))


def test_a_pack_that_would_break_the_default_is_refused(tmp_path: Path, capsys) -> None:
    """It was installed, then every command said "using the default content"."""
    made = same_id_pack(tmp_path)
    assert main(["pack", "install", str(made)]) == 1
    err = capsys.readouterr().err
    assert "same id as the default pack ('anal-dilation')" in err
    assert "control-drill.toml" in err and "'comfort'" in err  # what breaks, and where
    assert "--dir DIR" in err
    assert not paths.user_content_dir().exists()
    # Where it would be read alone, it installs.
    assert main(["pack", "install", str(made), "--dir", str(tmp_path / "alone")]) == 0
    assert "Installed Mine" in capsys.readouterr().out


def test_a_pack_with_an_id_of_its_own_installs_over_the_default(tmp_path: Path, capsys) -> None:
    folder = write_pack(tmp_path / "own", program=PROGRAM.replace('id = "comfort"', 'id = "ease"'))
    made = zip_of(tmp_path / "own.zip", pack_members(folder))
    assert main(["pack", "install", str(made)]) == 0, capsys.readouterr().err
    assert main(["check"]) == 0, capsys.readouterr()


def test_a_title_with_escapes_is_said_safely(tmp_path: Path, capsys) -> None:
    """`Installed ^[]0;pwned^G^[[2J…`: the title reached the terminal raw."""
    title = "\\u001b]0;pwned\\u0007\\u001b[2J\\u202e\\u2028x"
    folder = write_pack(
        tmp_path / "p", pack=f'id = "p"\ntitle = "{title}"\ndefault_protocol = "breathe"\n'
    )
    made = zip_of(tmp_path / "p.zip", pack_members(folder))
    assert main(["pack", "install", str(made), "--dir", str(tmp_path / "t")]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out and "\u2028" not in out
    assert "Installed \\x1b]0;pwned\\x07" in out


def test_install_makes_the_base_folders_owner_only_under_umask_000(
    members: list[tuple[str, bytes]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """The XDG base folders coach creates came out 0755 (or 0777 through mkdir's parents)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "fresh" / "config"))
    made = zip_of(tmp_path / "python.zip", members)
    old = os.umask(0)
    try:
        assert main(["pack", "install", str(made)]) == 0, capsys.readouterr().err
    finally:
        os.umask(old)
    created = [tmp_path / "fresh", *sorted((tmp_path / "fresh").rglob("*"))]
    folders = [folder for folder in created if folder.is_dir()]
    assert len(folders) > 4  # fresh, config, coach, content and the pack's own folders
    assert {folder: stat.S_IMODE(folder.stat().st_mode) for folder in folders} == {
        folder: 0o700 for folder in folders
    }
