"""The FAQ kept ready to print (coach.faq.kept): a hit prints what a fresh build prints; any change
to the FAQ, its safety text or the code misses; a damaged or foreign entry is never trusted; a
hit imports no markdown-it."""

from __future__ import annotations

import dataclasses
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.faq import kept
from coach.faq.answers import answer_pieces
from coach.faq.plain import closest_text, entry_text
from coach.faq.search import FaqIndex
from coach.pack.load import load_pack
from coach.pack.model import Pack
from coach.system import signed_store

ROOT = Path(__file__).resolve().parents[2]
QUERIES = [
    "what if i see blood",
    "lubricnt",
    "how often",
    "chest pain and dizzy",
    "next size",
    "can I use numbing cream",
    "xyzzy plugh",
    "",
]


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack(ROOT / "content")


class Builds:
    """Counts the times the FAQ is worked out afresh (a hit works nothing out)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        self._real = kept._worked_out
        monkeypatch.setattr(kept, "_worked_out", self)

    def __call__(self, pack: Pack) -> kept.ReadyFaq:
        self.count += 1
        return self._real(pack)


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> Builds:
    return Builds(monkeypatch)


def printed(pack: Pack, ready: kept.ReadyFaq, query: str, width: int = 80) -> str:
    """What `coach faq --print` writes, from ``ready``."""
    found = ready.index.answer(query, 3)
    first = found.entries[0]
    out = ""
    if not found.fits:
        out += closest_text(query, found.entries, pack.safety, ready.help_now, width)
    answer = ready.answers[ready.index.position(first)]
    return out + entry_text(first, answer, ready.index.related(first), width)


def fresh_print(pack: Pack, query: str, width: int = 80) -> str:
    """The same from the Markdown, with a freshly built index and no cache at all."""
    index = FaqIndex.for_pack(pack)
    found = index.answer(query, 3)
    first = found.entries[0]
    out = ""
    if not found.fits:
        help_now = answer_pieces(pack.safety.urgent_help)
        out += closest_text(query, found.entries, pack.safety, help_now, width)
    questions = {entry.id: entry.question for entry in pack.faq}
    answer = answer_pieces(first.answer, questions)
    return out + entry_text(first, answer, index.related(first), width)


@pytest.mark.parametrize("query", QUERIES)
def test_a_hit_prints_what_a_fresh_build_prints(
    tmp_path: Path, pack: Pack, builds: Builds, query: str
) -> None:
    kept.ready_faq(pack, tmp_path)
    hit = kept.ready_faq(pack, tmp_path)
    assert builds.count == 1  # the second came from the cache
    for width in (20, 44, 80, 100):
        assert printed(pack, hit, query, width) == fresh_print(pack, query, width)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(alphabet="abcdefghilmnoprstuvwy ?'", max_size=30))
def test_a_restored_index_answers_as_the_built_one(pack: Pack, query: str) -> None:
    built = FaqIndex.for_pack(pack)
    restored = FaqIndex.restore(
        pack.faq, pack.info.language, pickle.loads(pickle.dumps(built.state()))
    )
    assert restored.answer(query, 3) == built.answer(query, 3)
    assert [h.entry.id for h in restored.search(query)] == [h.entry.id for h in built.search(query)]


def test_an_edited_faq_or_safety_text_misses(tmp_path: Path, pack: Pack, builds: Builds) -> None:
    kept.ready_faq(pack, tmp_path)
    first, *rest = pack.faq
    edited = dataclasses.replace(pack, faq=(dataclasses.replace(first, answer="Changed."), *rest))
    assert kept.ready_faq(edited, tmp_path).answers[0] == (("Changed.", "", ""),)
    safety = dataclasses.replace(pack.safety, urgent_help="**Call 112.**")
    other_help = dataclasses.replace(pack, safety=safety)
    assert kept.ready_faq(other_help, tmp_path).help_now == (("Call 112.", "", ""),)
    assert builds.count == 3
    kept.ready_faq(pack, tmp_path)
    assert builds.count == 3  # the first is still kept


def test_other_code_misses(
    tmp_path: Path, pack: Pack, builds: Builds, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept.ready_faq(pack, tmp_path)
    monkeypatch.setattr(kept, "code_stamp", lambda *names: b"an upgraded coach.faq")
    kept.ready_faq(pack, tmp_path)
    assert builds.count == 2


def entry_of(root: Path) -> Path:
    [entry] = (root / kept.FOLDER).glob("*.faq")
    return entry


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda blob: blob[:-1] + bytes([blob[-1] ^ 1]), id="a flipped bit"),
        pytest.param(lambda blob: blob[: len(blob) // 2], id="truncated"),
        pytest.param(lambda blob: b"", id="empty"),
    ],
)
def test_a_damaged_entry_misses_and_is_rebuilt(
    tmp_path: Path, pack: Pack, builds: Builds, damage
) -> None:
    kept.ready_faq(pack, tmp_path)
    entry = entry_of(tmp_path)
    entry.write_bytes(damage(entry.read_bytes()))
    ready = kept.ready_faq(pack, tmp_path)
    assert builds.count == 2
    assert printed(pack, ready, "how often") == fresh_print(pack, "how often")
    kept.ready_faq(pack, tmp_path)
    assert builds.count == 2  # rebuilt: the next one hits


def sign(root: Path, key: bytes, payload: bytes) -> None:
    folder = root / kept.FOLDER
    signing = (folder / signed_store.KEY_FILE).read_bytes()
    path = next(folder.glob("*.faq"))
    path.write_bytes(kept.FORMAT + signed_store.mac(signing, key, payload) + payload)


def test_a_signed_entry_of_another_shape_or_class_is_refused(
    tmp_path: Path, pack: Pack, builds: Builds
) -> None:
    kept.ready_faq(pack, tmp_path)
    key = kept.faq_key(pack)
    # A class the FAQ's store does not allow (even signed, pickle never builds it).
    sign(tmp_path, key, pickle.dumps(dataclasses.replace(pack.faq[0])))
    assert len(kept.ready_faq(pack, tmp_path).answers) == len(pack.faq)
    # Plain data of the wrong shape: too few answers for the entries.
    sign(tmp_path, key, pickle.dumps(({}, ((),), ())))
    assert len(kept.ready_faq(pack, tmp_path).answers) == len(pack.faq)
    assert builds.count == 3


def test_a_hit_imports_no_markdown_it(tmp_path: Path) -> None:
    """`coach faq --print`, run twice in fresh processes: the second imports no markdown-it."""
    code = (
        "import sys; from coach.cli.main import main; code = main(['faq', '--print', 'how often']);"
        "print('MARKDOWN' if 'markdown_it' in sys.modules else 'PLAIN', file=sys.stderr);"
        "raise SystemExit(code)"
    )
    env = {
        "HOME": str(tmp_path),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "PATH": "/usr/bin:/bin",
    }
    runs = [
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        for _ in range(2)
    ]
    assert [run.returncode for run in runs] == [0, 0], runs[0].stderr + runs[1].stderr
    assert runs[0].stdout == runs[1].stdout and "often" in runs[0].stdout.lower()
    assert runs[0].stderr.strip().endswith("MARKDOWN")  # the first works it out
    assert runs[1].stderr.strip().endswith("PLAIN")


def test_another_language_misses(tmp_path: Path, pack: Pack, builds: Builds) -> None:
    """Stop-words and stems are the language's: the index of another is another index."""
    kept.ready_faq(pack, tmp_path)
    german = dataclasses.replace(pack, info=dataclasses.replace(pack.info, language="de"))
    kept.ready_faq(german, tmp_path)
    assert builds.count == 2


def test_an_upgraded_library_misses(
    tmp_path: Path, pack: Pack, builds: Builds, monkeypatch: pytest.MonkeyPatch
) -> None:
    """markdown-it, mdurl and the stemmers shape the pieces and the stems: an upgrade, which
    rewrites their files, is another key."""
    library = tmp_path / "lib" / "fake_markdown.py"
    library.parent.mkdir()
    library.write_text("VERSION = 1\n")
    monkeypatch.syspath_prepend(str(library.parent))
    monkeypatch.setattr(kept, "_LIBRARIES", ("fake_markdown",))
    kept.ready_faq(pack, tmp_path)
    kept.ready_faq(pack, tmp_path)
    assert builds.count == 1
    library.write_text("VERSION = 22\n")
    kept.code_stamp.cache_clear()  # a new process reads the stamp afresh
    kept.ready_faq(pack, tmp_path)
    assert builds.count == 2


def test_code_that_cannot_be_read_still_prints(
    tmp_path: Path, pack: Pack, builds: Builds, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreadable(*names: object) -> bytes:
        raise PermissionError("a file of the code cannot be read")

    monkeypatch.setattr(kept, "code_stamp", unreadable)
    ready = kept.ready_faq(pack, tmp_path)
    assert printed(pack, ready, "how often") == fresh_print(pack, "how often")
    assert not (tmp_path / kept.FOLDER).exists()  # worked out, nothing kept
