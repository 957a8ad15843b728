"""The signed store under the validated pack and the FAQ kept ready: even an entry signed with
this install's own key cannot make pickle call anything, and nothing planted in the folder (a
FIFO for an entry or for the key) makes a read wait."""

from __future__ import annotations

import os
import pickle
import threading
from pathlib import Path

import pytest

from coach.pack import cache
from coach.pack.model import Pack
from coach.system import signed_store

KEY = bytes(range(32))


def global_ref(module: str, name: str) -> bytes:
    """A protocol 4 pickle opcode sequence that looks ``name`` up in ``module`` (STACK_GLOBAL)."""
    out = b""
    for text in (module, name):
        data = text.encode()
        out += pickle.SHORT_BINUNICODE + bytes([len(data)]) + data
    return out + pickle.STACK_GLOBAL


def call_pickle(module: str, name: str, argument: str) -> bytes:
    """A pickle that calls ``module.name(argument)`` when loaded."""
    data = argument.encode()
    return (
        pickle.PROTO
        + bytes([4])
        + global_ref(module, name)
        + pickle.SHORT_BINUNICODE
        + bytes([len(data)])
        + data
        + pickle.TUPLE1
        + pickle.REDUCE
        + pickle.STOP
    )


def signed(store: signed_store.SignedStore, payload: bytes) -> None:
    """An entry signed with this install's key: what only someone who could read it could make."""
    store.write(KEY, "anything")  # makes the folder and the key
    signing = (store.root / signed_store.KEY_FILE).read_bytes()
    store.entry(KEY).write_bytes(store.form + signed_store.mac(signing, KEY, payload) + payload)


@pytest.mark.parametrize(
    "module, name",
    [
        pytest.param("coach.pack.model", "re.enum.bltns.eval", id="a dotted path to eval"),
        pytest.param("coach.pack.model", "_span", id="a function of an allowed module"),
        pytest.param("builtins", "eval", id="eval itself"),
        pytest.param("os", "system", id="os.system"),
    ],
)
def test_a_signed_entry_cannot_call_anything(tmp_path: Path, module: str, name: str) -> None:
    marker = tmp_path / "ran"
    store = cache.store(tmp_path)
    code = f"open({str(marker)!r}, 'w').write('ran')"
    signed(store, call_pickle(module, name, code))
    assert store.read(KEY) is None  # refused, and removed
    assert not marker.exists()
    assert not store.entry(KEY).exists()


def test_a_class_of_an_allowed_module_still_comes_back(tmp_path: Path, content_dir: Path) -> None:
    pack = cache.load_cached(content_dir, None, tmp_path)
    again = cache.load_cached(content_dir, None, tmp_path)
    assert isinstance(again, Pack) and again == pack


def reads_within(call, seconds: float = 5.0) -> object:
    """``call()``'s result, failing the test if it has not returned within ``seconds``."""
    result: list[object] = []
    thread = threading.Thread(target=lambda: result.append(call()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "the read waited (a FIFO was opened as a file)"
    return result[0]


def test_a_fifo_for_an_entry_is_a_miss_not_a_wait(tmp_path: Path) -> None:
    store = cache.store(tmp_path)
    store.write(KEY, "anything")
    entry = store.entry(KEY)
    entry.unlink()
    os.mkfifo(entry)
    assert reads_within(lambda: store.read(KEY)) is None


def test_links_are_never_followed_for_an_entry_or_the_signing_key(tmp_path: Path) -> None:
    """A link planted in the cache (to another install's entry, to a key someone else can
    read) is not followed: the entry is a miss, the key is replaced, the target is left."""
    store = cache.store(tmp_path)
    store.write(KEY, "anything")
    entry, key_file = store.entry(KEY), store.root / signed_store.KEY_FILE
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "entry").write_bytes(entry.read_bytes())
    entry.unlink()
    entry.symlink_to(elsewhere / "entry")
    assert store.read(KEY) is None  # the same bytes, signed: still not read through a link
    assert (elsewhere / "entry").is_file()
    (elsewhere / "key").write_bytes(key_file.read_bytes())
    (elsewhere / "key").chmod(0o600)
    store.write(KEY, "anything")
    key_file.unlink()
    key_file.symlink_to(elsewhere / "key")
    assert store.read(KEY) is None  # no key of its own: nothing is trusted
    store.write(KEY, "again")
    assert not key_file.is_symlink() and store.read(KEY) == "again"
    assert (elsewhere / "key").read_bytes() != key_file.read_bytes()


def test_a_fifo_for_the_signing_key_is_replaced_not_waited_on(tmp_path: Path) -> None:
    store = cache.store(tmp_path)
    store.write(KEY, "anything")
    key_file = store.root / signed_store.KEY_FILE
    key_file.unlink()
    os.mkfifo(key_file)
    assert reads_within(lambda: store.read(KEY)) is None  # no key: nothing is trusted
    reads_within(lambda: store.write(KEY, "again"))  # a new key replaces the FIFO
    assert key_file.is_file() and reads_within(lambda: store.read(KEY)) == "again"
