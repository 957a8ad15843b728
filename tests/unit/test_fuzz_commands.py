"""Fuzzing the commands a person or a downloaded pack can reach (issue 26, "Done when"):
random bytes, random TOML and random or mangled archives thrown at ``check``, ``pack install``,
``status``, ``faq --print`` and ``report``, for a bounded number of examples (well under a
minute in all). Every call must end in an exit code of its own (0, 1 or 2: never 70, "something
went wrong"), with no traceback, within :data:`LIMIT` seconds, and write nothing outside the
folders it was given (coach's XDG folders, and the folder a pack is installed into).

The hostile archives built by hand (1 GiB long names, bombs, encryption...) are in
test_archive_limits.py; FIFOs and bad settings for ``status`` in test_status_never_fails.py;
hostile text in every output in test_hostile_text.py.
"""

from __future__ import annotations

import ast
import contextlib
import gzip
import io
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.cli.main import main
from tests.unit.archives import pack_members, tar_of
from tests.unit.packs import write_pack

LIMIT = 10.0
"""Seconds one call may take, on a loaded machine (each takes well under one)."""
FILES = ["pack.toml", "faq.toml", "safety.toml", "protocols/breathe.toml", "program.toml"]
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,  # the XDG folders: shared by the examples, on purpose
    ],
)
TRIED: Counter[str] = Counter()
"""Attacks tried, by command (printed at the end of the module with ``-s``)."""


def tree(root: Path, skip: Path | None = None) -> dict[str, tuple[int, int]]:
    """Every file under ``root`` (but ``skip``), with its size and modification time."""
    found = {}
    for path in root.rglob("*"):
        if skip is not None and path.is_relative_to(skip):
            continue
        if path.is_file() or path.is_symlink():
            info = path.lstat()
            found[str(path.relative_to(root))] = (info.st_size, info.st_mtime_ns)
    return found


def check_attack(work: Path, *argv: str, may_write: Path | None = None) -> str:
    """Run ``coach ARGV`` in ``work`` and check it ended in words, in time, writing nothing in
    ``work`` (where its content and archives are) but in ``may_write``."""
    before = tree(work, may_write)
    out, err = io.StringIO(), io.StringIO()
    started = time.monotonic()
    with contextlib.chdir(work), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse's own refusal: a usage line and exit 2
            code = exc.code
    took = time.monotonic() - started
    said = out.getvalue() + err.getvalue()
    TRIED[next(a for a in argv if not a.startswith("-") and "/" not in a)] += 1
    assert code in (0, 1, 2), (argv, code, said[-3000:])
    assert "Traceback" not in said and "something went wrong" not in said, said[-3000:]
    assert took < LIMIT, (argv, took)
    assert tree(work, may_write) == before, "a file was written outside the given folders"
    return said


@pytest.fixture
def work() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


@pytest.fixture(autouse=True)
def only_xdg_folders(isolated_dirs: Path) -> Iterator[None]:
    """Whatever the commands wrote in the home is in coach's XDG folders."""
    yield
    assert {p.name for p in isolated_dirs.iterdir()} <= {"config", "data", "cache", "state"}


@pytest.fixture(scope="module", autouse=True)
def say_how_many() -> Iterator[None]:
    yield
    print(f"\nfuzz: {sum(TRIED.values())} attacks tried: {dict(sorted(TRIED.items()))}")


def check_every_command(work: Path, content: Path, query: str = "breathe") -> None:
    for argv in (["check"], ["faq", "--print", query], ["status"], ["report"]):
        check_attack(work, "--content", str(content), *argv)


# --- content: random bytes, random TOML, mangled TOML ---------------------------------------


@FUZZ
@given(which=st.sampled_from(FILES), data=st.binary(max_size=3000))
def test_random_bytes_as_a_content_file(which: str, data: bytes, work: Path) -> None:
    with tempfile.TemporaryDirectory(dir=work) as tmp:
        folder = write_pack(Path(tmp) / "pack")
        (folder / which).write_bytes(data)
        check_every_command(work, folder)


TOML_VALUES = st.recursive(
    st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50) | st.dates(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=20,
)
KEYS = st.sampled_from(
    ["id", "title", "steps", "kind", "duration", "faq", "question", "answer", "levels", "plan"]
) | st.text(max_size=12)


@FUZZ
@given(which=st.sampled_from(FILES), doc=st.dictionaries(KEYS, TOML_VALUES, max_size=8))
def test_random_toml_as_a_content_file(which: str, doc: dict, work: Path) -> None:
    text = tomli_w.dumps(doc)
    with tempfile.TemporaryDirectory(dir=work) as tmp:
        folder = write_pack(Path(tmp) / "pack")
        (folder / which).write_text(text, "utf-8")
        check_every_command(work, folder, query=" ".join(map(str, doc))[:200] or "x")


@FUZZ
@given(
    which=st.sampled_from(FILES),
    cuts=st.lists(st.tuples(st.integers(0, 4000), st.binary(max_size=8)), max_size=6),
)
def test_mangled_toml(which: str, cuts: list[tuple[int, bytes]], work: Path) -> None:
    """A real file with bytes replaced here and there: half a string, a lost bracket..."""
    with tempfile.TemporaryDirectory(dir=work) as tmp:
        folder = write_pack(Path(tmp) / "pack")
        path = folder / which
        data = bytearray(path.read_bytes() if path.exists() else b"")
        for at, new in cuts:
            at = at % (len(data) + 1)
            data[at : at + len(new)] = new
        path.write_bytes(bytes(data))
        check_every_command(work, folder)


# --- archives: random bytes, random members, mangled real archives ---------------------------


def check_install(work: Path, archive: Path) -> None:
    into = work / "into"
    check_attack(work, "pack", "install", str(archive), "--dir", str(into / "pack"), may_write=into)


@FUZZ
@given(suffix=st.sampled_from([".zip", ".tar.gz", ".tgz"]), data=st.binary(max_size=4000))
def test_random_bytes_as_an_archive(suffix: str, data: bytes, work: Path) -> None:
    archive = work / f"pack{suffix}"
    archive.write_bytes(data)
    check_install(work, archive)
    archive.unlink()


MEMBER_NAMES = st.sampled_from(
    ["pack.toml", "faq.toml", "../x.toml", "/etc/x", "a/" * 40 + "x", "p/protocols/b.toml"]
) | st.text(max_size=40)


@FUZZ
@given(
    kind=st.sampled_from(["zip", "tar.gz"]),
    extra=st.lists(st.tuples(MEMBER_NAMES, st.binary(max_size=300)), max_size=5),
    keep=st.integers(0, 6),
)
def test_archives_of_random_members(
    kind: str, extra: list[tuple[str, bytes]], keep: int, work: Path
) -> None:
    with tempfile.TemporaryDirectory(dir=work) as tmp:
        members = pack_members(write_pack(Path(tmp) / "pack"))[:keep] + extra
        archive = Path(tmp) / f"pack.{kind}"
        if kind == "zip":
            with zipfile.ZipFile(archive, "w") as out:
                written: set[str] = set()
                for name, data in members:
                    if (name or "x") in written:
                        continue  # zipfile warns; a duplicate is tried in test_archive_limits
                    written.add(name or "x")
                    with contextlib.suppress(ValueError):  # a name zipfile itself refuses
                        out.writestr(name or "x", data)
        else:
            named = [(name.replace("\0", "") or "x", data) for name, data in members]
            archive.write_bytes(gzip.compress(tar_of(named)))
        check_install(work, archive)


@FUZZ
@given(
    kind=st.sampled_from(["zip", "tar.gz"]),
    cuts=st.lists(st.tuples(st.integers(0, 10_000), st.binary(min_size=1, max_size=6)), max_size=5),
)
def test_mangled_archives(kind: str, cuts: list[tuple[int, bytes]], work: Path) -> None:
    """A real pack's archive with bytes changed: headers, sizes, names, compressed data."""
    with tempfile.TemporaryDirectory(dir=work) as tmp:
        members = pack_members(write_pack(Path(tmp) / "pack"))
        archive = Path(tmp) / f"pack.{kind}"
        if kind == "zip":
            with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
                for name, data in members:
                    out.writestr(name, data)
        else:
            archive.write_bytes(gzip.compress(tar_of(members)))
        data = bytearray(archive.read_bytes())
        for at, new in cuts:
            at %= len(data)
            data[at : at + len(new)] = new
        archive.write_bytes(bytes(data))
        check_install(work, archive)


# --- status: what it reads, damaged ---------------------------------------------------------


@FUZZ
@given(summary=st.binary(max_size=2000), config=st.binary(max_size=500) | st.none())
def test_status_with_random_files(
    summary: bytes, config: bytes | None, work: Path, isolated_dirs: Path
) -> None:
    data = isolated_dirs / "data" / "coach"
    data.mkdir(parents=True, exist_ok=True)
    (data / "status.txt").write_bytes(b"coach-status 2\n" + summary if summary[:1] else summary)
    settings_file = isolated_dirs / "config" / "coach" / "config.toml"
    settings_file.parent.mkdir(parents=True, exist_ok=True)
    if config is None:
        settings_file.unlink(missing_ok=True)
    else:
        settings_file.write_bytes(config)
    for form in ("line", "json"):
        said = check_attack(work, "status", "--format", form)
        assert len(said) < 4000


@settings(FUZZ, max_examples=10)  # the shipped pack: its many questions, loaded each time
@given(query=st.text(max_size=3000))
def test_faq_print_with_any_query(query: str, work: Path, content_dir: Path) -> None:
    if query.strip() and not query.startswith("-"):
        check_attack(work, "--content", str(content_dir), "faq", "--print", "--", query)
    else:  # an empty query, or one argparse reads as an option: refused with a usage line
        check_attack(
            work, "--content", str(content_dir), "faq", "--print", query.lstrip("-") or "x"
        )


def test_the_attacks_counted() -> None:
    """Every command named in the issue is attacked here: read from this module's own calls to
    :func:`check_attack` (and :func:`check_every_command`'s), so it holds whichever worker ran
    which test; how many each got is printed at the module's end."""
    tree = ast.parse(Path(__file__).read_text("utf-8"))
    attacking = [
        node
        for node in ast.walk(tree)
        if (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "check_attack")
        or (isinstance(node, ast.FunctionDef) and node.name == "check_every_command")
    ]
    named = {
        leaf.value
        for node in attacking
        for leaf in ast.walk(node)
        if isinstance(leaf, ast.Constant) and isinstance(leaf.value, str)
    }
    assert {"check", "faq", "status", "report", "pack"} <= named, named
