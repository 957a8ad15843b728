"""The validated-pack cache: a hit is the pack a fresh validation gives; anything that could make
it another pack (an edited file, other code, another pydantic) misses; a damaged, foreign or
tampered entry is never trusted; `coach check` never reads it."""

from __future__ import annotations

import collections
import os
import pickle
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from coach.cli.main import main
from coach.pack import cache
from coach.pack import load as load_module
from coach.pack.load import load
from coach.pack.model import Pack
from coach.pack.source import ContentSource
from coach.system import paths, signed_store
from tests.unit.packs import PROTOCOL, write_pack

ROOT = Path(__file__).resolve().parents[2]


class Loads:
    """Counts the validations the cache asks for (a hit asks for none)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        monkeypatch.setattr(load_module, "load", self)  # what a miss calls

    def __call__(self, folder: Path, overlay: Path | None = None):
        self.count += 1
        return load(folder, overlay)


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> Loads:
    return Loads(monkeypatch)


def entries(root: Path) -> list[Path]:
    return sorted((root / cache.FOLDER).glob("*.pack"))


def test_a_hit_is_the_pack_a_fresh_validation_gives(
    tmp_path: Path, content_dir: Path, loads: Loads
) -> None:
    first = cache.load_cached(content_dir, None, tmp_path)
    again = cache.load_cached(content_dir, None, tmp_path)
    assert loads.count == 1  # the second came from the cache
    fresh = load(content_dir).pack
    assert again == fresh and first == fresh
    assert again.default_protocol == fresh.default_protocol
    assert [e.answer for e in again.faq] == [e.answer for e in fresh.faq]


def test_a_hit_with_the_persons_own_files_over_the_shipped_ones(
    tmp_path: Path, content_dir: Path, loads: Loads
) -> None:
    user = tmp_path / "user"
    user.mkdir()
    (user / "faq.toml").write_text(
        '[[faq]]\nid = "mine"\nquestion = "Mine?"\nanswer = "Yes."\nbasis = "general"\n',
        encoding="utf-8",
    )
    cache.load_cached(content_dir, user, tmp_path)
    again = cache.load_cached(content_dir, user, tmp_path)
    assert loads.count == 1
    assert again == load(content_dir, user).pack
    assert cache.load_cached(content_dir, None, tmp_path) == load(content_dir).pack
    assert loads.count == 2  # without the overlay: another pack, another entry


def test_an_edited_file_misses(tmp_path: Path, loads: Loads) -> None:
    folder = write_pack(tmp_path / "pack")
    cache.load_cached(folder, None, tmp_path)
    protocol = folder / "protocols" / "breathe.toml"
    protocol.write_text(PROTOCOL.replace('title = "Breathe"', 'title = "Breathe slowly"'))
    edited = cache.load_cached(folder, None, tmp_path)
    assert loads.count == 2
    assert edited.protocol("breathe").title == "Breathe slowly"
    # A new protocol file, even one that is not a regular file, changes the key too.
    (folder / "protocols" / "second.toml").mkdir()
    with pytest.raises(Exception):  # noqa: B017 -- whatever load says of it, it is not a hit
        cache.load_cached(folder, None, tmp_path)
    assert loads.count == 3


def test_other_code_or_another_pydantic_misses(
    tmp_path: Path, content_dir: Path, loads: Loads, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.load_cached(content_dir, None, tmp_path)
    real_stamp = cache.code_stamp
    monkeypatch.setattr(cache, "code_stamp", lambda *names: b"an upgraded coach.pack")
    cache.load_cached(content_dir, None, tmp_path)
    assert loads.count == 2
    monkeypatch.setattr(cache, "code_stamp", real_stamp)  # this coach, another pydantic
    monkeypatch.setattr(cache, "_pydantic_version", lambda: b"VERSION = '99.0'")
    cache.load_cached(content_dir, None, tmp_path)
    assert loads.count == 3
    cache.load_cached(content_dir, None, tmp_path)
    assert loads.count == 3


def test_the_cache_is_private(tmp_path: Path, content_dir: Path) -> None:
    cache.load_cached(content_dir, None, tmp_path)
    folder = tmp_path / cache.FOLDER
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in [*entries(tmp_path), folder / signed_store.KEY_FILE]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda blob: blob[:-1] + bytes([blob[-1] ^ 1]), id="a flipped bit"),
        pytest.param(lambda blob: blob[: len(blob) // 2], id="truncated"),
        pytest.param(lambda blob: b"", id="empty"),
        pytest.param(lambda blob: blob.replace(cache.FORMAT, b"another format\n", 1), id="format"),
    ],
)
def test_a_damaged_entry_misses_and_is_rebuilt(
    tmp_path: Path, content_dir: Path, loads: Loads, damage
) -> None:
    cache.load_cached(content_dir, None, tmp_path)
    [entry] = entries(tmp_path)
    entry.write_bytes(damage(entry.read_bytes()))
    assert cache.load_cached(content_dir, None, tmp_path) == load(content_dir).pack
    assert loads.count == 2
    cache.load_cached(content_dir, None, tmp_path)
    assert loads.count == 2  # rebuilt: the next one hits


def test_an_entry_signed_by_another_install_misses(
    tmp_path: Path, content_dir: Path, loads: Loads
) -> None:
    cache.load_cached(content_dir, None, tmp_path)
    key = tmp_path / cache.FOLDER / signed_store.KEY_FILE
    key.write_bytes(bytes(32))  # another install's key (still 0600): its entries are foreign
    assert cache.load_cached(content_dir, None, tmp_path) == load(content_dir).pack
    assert loads.count == 2


def test_a_signing_key_others_can_read_is_replaced(
    tmp_path: Path, content_dir: Path, loads: Loads
) -> None:
    cache.load_cached(content_dir, None, tmp_path)
    key = tmp_path / cache.FOLDER / signed_store.KEY_FILE
    old = key.read_bytes()
    key.chmod(0o644)
    cache.load_cached(content_dir, None, tmp_path)
    assert loads.count == 2
    assert key.read_bytes() != old and stat.S_IMODE(key.stat().st_mode) == 0o600


def sign(root: Path, key: bytes, payload: bytes) -> None:
    """An entry signed with this install's key: what only someone who could read it could make."""
    signing = (root / cache.FOLDER / signed_store.KEY_FILE).read_bytes()
    entry = cache.store(root).entry(key)
    entry.write_bytes(cache.FORMAT + signed_store.mac(signing, key, payload) + payload)


def test_a_signed_entry_holding_anything_but_a_pack_is_refused(
    tmp_path: Path, content_dir: Path, loads: Loads
) -> None:
    cache.load_cached(content_dir, None, tmp_path)
    key = cache.content_key(content_dir, None)
    sign(tmp_path, key, pickle.dumps(collections.OrderedDict(a=1)))
    assert cache.load_cached(content_dir, None, tmp_path) == load(content_dir).pack
    sign(tmp_path, key, pickle.dumps({"not": "a pack"}))
    assert isinstance(cache.load_cached(content_dir, None, tmp_path), Pack)
    assert loads.count == 3


def test_the_content_source_reads_through_the_cache(content_dir: Path, loads: Loads) -> None:
    first = ContentSource(content_dir).load(first=True)
    again = ContentSource(content_dir).load(first=True)
    assert loads.count == 1
    assert first.ok and again.ok and again.pack == first.pack
    assert entries(paths.cache_dir())


def test_check_always_validates(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    folder = write_pack(tmp_path / "pack")
    good = cache.load_cached(folder, None)
    protocol = folder / "protocols" / "breathe.toml"
    protocol.write_text(PROTOCOL.replace("repetitions = 3", "repetitions = -1"))
    # An entry that says the broken files are the good pack: a hit would hide the problem.
    sign(paths.cache_dir(), cache.content_key(folder, None), pickle.dumps(good))
    assert cache.load_cached(folder, None) == good  # the forged hit
    assert main(["check", str(folder)]) == 1
    assert "repetitions" in capsys.readouterr().out


def test_a_file_saved_during_the_load_is_not_kept_under_the_old_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_pack(tmp_path / "pack")
    protocol = folder / "protocols" / "breathe.toml"
    real = load

    def saved_meanwhile(folder: Path, overlay: Path | None = None):
        loaded = real(folder, overlay)
        protocol.write_text(PROTOCOL.replace('title = "Breathe"', 'title = "Saved meanwhile"'))
        return loaded

    monkeypatch.setattr(load_module, "load", saved_meanwhile)
    cache.load_cached(folder, None, tmp_path)
    assert entries(tmp_path) == []  # the pack read may not be of the bytes now in the files


PROBE = """
import sys
from pathlib import Path
from coach.pack import cache
pack = cache.load_cached(Path(sys.argv[1]), None, Path(sys.argv[2]))
print(len(pack.faq), "pydantic" in sys.modules)
"""


def test_a_hit_never_imports_pydantic(tmp_path: Path, content_dir: Path) -> None:
    """The point of the cache: a hit is plain objects, made without pydantic's import or its
    validators (a miss pays for both, once)."""

    def run() -> str:
        done = subprocess.run(
            [sys.executable, "-c", PROBE, str(content_dir), str(tmp_path)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        return done.stdout.strip()

    faq = len(load(content_dir).pack.faq)
    assert run() == f"{faq} True"  # a miss validates
    assert run() == f"{faq} False"  # a hit: the same pack, no pydantic
