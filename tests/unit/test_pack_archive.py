"""`coach pack export` / `coach pack install`: a round trip, and every refusal."""

from __future__ import annotations

import argparse
import io
import stat
import tarfile
import zipfile
from pathlib import Path

import pytest

from coach.cli import pack as pack_command
from coach.cli.arguments import configure
from coach.pack import archive
from coach.pack.archive import ArchiveError, export_pack, install_pack
from coach.pack.errors import PackError
from coach.system import paths


def run(*argv: str, content: str | None = None) -> int:
    parser = argparse.ArgumentParser()
    configure("pack", parser)
    args = parser.parse_args(argv)
    args.content = content
    return pack_command.run(args)


def zip_with(path: Path, members: list[tuple[str, bytes, int]]) -> Path:
    """A zip whose members carry the given Unix mode (for links, devices)."""
    with zipfile.ZipFile(path, "w") as z:
        for name, data, mode in members:
            info = zipfile.ZipInfo(name)
            info.external_attr = mode << 16
            z.writestr(info, data)
    return path


def tar_with(path: Path, members: list[tarfile.TarInfo], data: bytes = b"") -> Path:
    with tarfile.open(path, "w:gz") as t:
        for info in members:
            t.addfile(info, io.BytesIO(data) if info.isfile() else None)
    return path


def good_members(content_dir: Path) -> list[tuple[str, bytes, int]]:
    files = archive.pack_files(content_dir)
    return [
        (p.relative_to(content_dir).as_posix(), p.read_bytes(), stat.S_IFREG | 0o644) for p in files
    ]


def test_export_then_install_round_trip(tmp_path: Path, content_dir: Path, capsys) -> None:
    zipped = tmp_path / "pack.zip"
    assert run("export", str(zipped), content=str(content_dir)) == 0
    assert stat.S_IMODE(zipped.stat().st_mode) == 0o600
    names = zipfile.ZipFile(zipped).namelist()
    assert "pack.toml" in names and "protocols/dilation-session.toml" in names
    assert run("install", str(zipped)) == 0
    target = paths.user_content_dir()
    assert (target / "pack.toml").read_bytes() == (content_dir / "pack.toml").read_bytes()
    assert stat.S_IMODE(target.stat().st_mode) == 0o700
    assert stat.S_IMODE((target / "faq.toml").stat().st_mode) == 0o600
    assert "Installed Anal dilation at home" in capsys.readouterr().out
    # installing the same archive again over an untouched install needs no --force
    assert run("install", str(zipped)) == 0
    assert not list(target.parent.glob("content.replaced-*"))


def test_tar_gz_round_trip_and_one_top_folder(tmp_path: Path, content_dir: Path) -> None:
    tgz = tmp_path / "pack.tar.gz"
    export_pack(content_dir, tgz)
    done = install_pack(tgz, tmp_path / "a")
    assert done.pack_id == "anal-dilation"
    # an archive made by hand with the files in one folder is accepted too
    nested = zip_with(
        tmp_path / "nested.zip", [(f"mypack/{n}", d, m) for n, d, m in good_members(content_dir)]
    )
    assert (install_pack(nested, tmp_path / "b").target / "pack.toml").is_file()


def test_export_refuses_existing_file_and_bad_suffix(
    tmp_path: Path, content_dir: Path, capsys
) -> None:
    out = tmp_path / "p.zip"
    out.write_bytes(b"mine")
    assert run("export", str(out), content=str(content_dir)) == 1
    assert out.read_bytes() == b"mine"
    assert run("export", str(tmp_path / "p.rar"), content=str(content_dir)) == 1
    assert ".zip or .tar.gz" in capsys.readouterr().err


def test_export_refuses_an_invalid_pack(tmp_path: Path, content_dir: Path, capsys) -> None:
    import shutil

    bad = tmp_path / "bad"
    shutil.copytree(content_dir, bad)
    (bad / "program.toml").write_text("level_noun = 3\n")
    assert run("export", str(tmp_path / "p.zip"), content=str(bad)) == 1
    assert "program.toml" in capsys.readouterr().err
    assert not (tmp_path / "p.zip").exists()


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("../evil.toml", "'..'"),
        ("protocols/../../evil.toml", "'..'"),
        ("/etc/evil.toml", "absolute"),
        ("C:/evil.toml", "absolute"),
        ("protocols\\evil.toml", "backslash"),
    ],
)
def test_install_refuses_paths_outside(
    tmp_path: Path, content_dir: Path, name: str, why: str
) -> None:
    bad = zip_with(
        tmp_path / "bad.zip", [*good_members(content_dir), (name, b"x = 1\n", stat.S_IFREG | 0o644)]
    )
    with pytest.raises(ArchiveError, match=why):
        install_pack(bad, tmp_path / "target")
    assert not (tmp_path / "target").exists()
    assert not (tmp_path / "evil.toml").exists()


def test_install_refuses_zip_symlink(tmp_path: Path, content_dir: Path) -> None:
    bad = zip_with(
        tmp_path / "bad.zip",
        [*good_members(content_dir), ("faq2.toml", b"/etc/passwd", stat.S_IFLNK | 0o777)],
    )
    with pytest.raises(ArchiveError, match="symbolic links"):
        install_pack(bad, tmp_path / "target")


@pytest.mark.parametrize(
    "kind", [tarfile.SYMTYPE, tarfile.LNKTYPE, tarfile.CHRTYPE, tarfile.BLKTYPE, tarfile.FIFOTYPE]
)
def test_install_refuses_tar_links_and_devices(tmp_path: Path, kind: bytes) -> None:
    info = tarfile.TarInfo("pack.toml")
    info.type = kind
    info.linkname = "/etc/passwd"
    bad = tar_with(tmp_path / "bad.tar.gz", [info])
    with pytest.raises(ArchiveError, match=r"links|devices"):
        install_pack(bad, tmp_path / "target")
    assert not (tmp_path / "target").exists()


def test_install_refuses_too_many_members(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(archive, "MAX_MEMBERS", 5)
    bad = zip_with(
        tmp_path / "many.zip", [(f"f{i}.toml", b"", stat.S_IFREG | 0o644) for i in range(6)]
    )
    with pytest.raises(ArchiveError, match="more than 5 members"):
        install_pack(bad, tmp_path / "target")


def test_install_refuses_oversized_members(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(archive, "MAX_MEMBER_BYTES", 1000)
    big = zip_with(tmp_path / "big.zip", [("pack.toml", b"#" * 2000, stat.S_IFREG | 0o644)])
    with pytest.raises(ArchiveError, match="larger than"):
        install_pack(big, tmp_path / "target")
    monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", 1500)
    members = [(f"f{i}.toml", b"#" * 900, stat.S_IFREG | 0o644) for i in range(2)]
    with pytest.raises(ArchiveError, match="more than"):
        install_pack(zip_with(tmp_path / "total.zip", members), tmp_path / "target")


def test_reading_stops_past_the_limit_whatever_the_header_said(monkeypatch) -> None:
    """A member's bytes are counted as they are read: a header that lies gains nothing."""
    from pathlib import PurePosixPath

    monkeypatch.setattr(archive, "MAX_MEMBER_BYTES", 1000)
    name = PurePosixPath("pack.toml")
    assert archive._read_limited(io.BytesIO(b"#" * 1000), name, 10_000) == b"#" * 1000
    with pytest.raises(ArchiveError, match="more than its allowed size"):
        archive._read_limited(io.BytesIO(b"#" * 5000), name, 10_000)
    with pytest.raises(ArchiveError, match="more than its allowed size"):  # the total's rest
        archive._read_limited(io.BytesIO(b"#" * 600), name, 500)


def test_install_refuses_files_that_are_not_content(tmp_path: Path, content_dir: Path) -> None:
    bad = zip_with(
        tmp_path / "bad.zip",
        [*good_members(content_dir), ("run.sh", b"rm -rf ~", stat.S_IFREG | 0o755)],
    )
    with pytest.raises(ArchiveError, match="not a content file"):
        install_pack(bad, tmp_path / "target")


def test_install_refuses_invalid_content_and_keeps_the_old(
    tmp_path: Path, content_dir: Path, capsys
) -> None:
    good = tmp_path / "good.zip"
    export_pack(content_dir, good)
    install_pack(good, tmp_path / "target")
    members = [
        (n, b"level_noun = 3\n" if n == "program.toml" else d, m)
        for n, d, m in good_members(content_dir)
    ]
    bad = zip_with(tmp_path / "bad.zip", members)
    with pytest.raises(PackError):
        install_pack(bad, tmp_path / "target")
    assert (tmp_path / "target" / "program.toml").read_bytes() == (
        content_dir / "program.toml"
    ).read_bytes()
    assert run("install", str(bad), "--dir", str(tmp_path / "target")) == 1
    err = capsys.readouterr().err
    assert "program.toml" in err and "refused" in err
    assert not list(tmp_path.glob("target/.coach-pack-*")) and not list(
        tmp_path.glob(".coach-pack-*")
    )


def test_install_refuses_not_an_archive(tmp_path: Path, capsys) -> None:
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip")
    assert run("install", str(junk)) == 1
    assert "not a readable zip" in capsys.readouterr().err
    assert run("install", str(tmp_path / "missing.zip")) == 1


def test_install_over_edited_pack_needs_force_and_keeps_edits(
    tmp_path: Path, content_dir: Path, capsys
) -> None:
    zipped = tmp_path / "pack.zip"
    export_pack(content_dir, zipped)
    target = tmp_path / "target"
    install_pack(zipped, target)
    (target / "faq.toml").write_text((target / "faq.toml").read_text() + "\n# my note\n")
    assert run("install", str(zipped), "--dir", str(target)) == 1
    assert "--force" in capsys.readouterr().err
    assert "# my note" in (target / "faq.toml").read_text()
    assert run("install", str(zipped), "--dir", str(target), "--force") == 0
    kept = list(tmp_path.glob("target.replaced-*"))
    assert len(kept) == 1 and "# my note" in (kept[0] / "faq.toml").read_text()
    assert "# my note" not in (target / "faq.toml").read_text()


def test_a_folder_from_coach_init_counts_as_edited(tmp_path: Path, content_dir: Path) -> None:
    from coach.pack.init import init_pack

    zipped = tmp_path / "pack.zip"
    export_pack(content_dir, zipped)
    init_pack(tmp_path / "mine")
    with pytest.raises(ArchiveError, match="--force"):
        install_pack(zipped, tmp_path / "mine")


def test_install_refuses_a_symlinked_target(tmp_path: Path, content_dir: Path) -> None:
    zipped = tmp_path / "pack.zip"
    export_pack(content_dir, zipped)
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    with pytest.raises(ArchiveError, match="symbolic link"):
        install_pack(zipped, tmp_path / "link", force=True)


def test_a_tar_member_declared_huge_is_refused_before_reading_on(
    tmp_path: Path, monkeypatch
) -> None:
    """The size is checked from the header, before tarfile would skip through its data."""
    monkeypatch.setattr(archive, "MAX_MEMBER_BYTES", 1000)
    big = tarfile.TarInfo("faq.toml")
    big.size = 5000
    after = tarfile.TarInfo("pack.toml")
    path = tmp_path / "big.tar.gz"
    with tarfile.open(path, "w:gz") as t:
        t.addfile(big, io.BytesIO(b"#" * 5000))
        t.addfile(after, io.BytesIO(b""))
    seen: list[str] = []
    real_next = tarfile.TarFile.next

    def spy(self):
        info = real_next(self)
        if info is not None:
            seen.append(info.name)
        return info

    monkeypatch.setattr(tarfile.TarFile, "next", spy)
    with pytest.raises(ArchiveError, match="larger than"):
        install_pack(path, tmp_path / "target")
    assert "pack.toml" not in seen  # (tarfile hands back its first header twice)


def test_export_defaults_to_your_own_copy_and_explains_an_overlay(tmp_path: Path, capsys) -> None:
    from coach.pack.init import init_pack

    user = paths.user_content_dir()
    init_pack(user)
    (user / "faq.toml").write_text((user / "faq.toml").read_text() + "\n# mine\n")
    out = tmp_path / "mine.zip"
    assert run("export", str(out)) == 0
    assert b"# mine" in zipfile.ZipFile(out).read("faq.toml")
    (user / "pack.toml").write_text('id = "x"\n')  # not a whole pack any more
    assert run("export", str(tmp_path / "again.zip")) == 1
    assert "coach init DIR" in capsys.readouterr().err
