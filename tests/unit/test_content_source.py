"""The content source: generations, any failure as a problem naming the file, the last good
copy kept privately, and the fallbacks that keep a person from being locked out."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from coach.pack import source as source_module
from coach.pack.source import ContentSource, Loaded, load_or_fallback, protocol_ids
from coach.system import paths
from tests.unit.packs import write_pack

DEEP = "x = " + "[" * 1000 + "]" * 1000 + "\n"
ROOT = Path(__file__).resolve().parents[2]


def user_pack() -> Path:
    """The person's own pack (what `coach init` makes), over the shipped one."""
    user = paths.user_content_dir()
    user.mkdir(parents=True)
    (user / "faq.toml").write_text(
        '[[faq]]\nid = "mine"\nbasis = "general"\nquestion = "My own question?"\nanswer = "My own answer."\n',
        encoding="utf-8",
    )
    return user


def test_a_newer_load_is_never_replaced_by_an_older_one(tmp_path: Path) -> None:
    source = ContentSource(write_pack(tmp_path / "pack"))
    first, second = source.begin(), source.begin()
    newer = source.load(second)
    older = source.load(first)
    assert source.accept(newer)
    assert not source.accept(older)  # finished last, started first: dropped
    assert source.accept(source.load())  # a later one still applies


@pytest.mark.parametrize(
    "where", ["pack.toml", "faq.toml", "safety.toml", "protocols/breathe.toml"]
)
def test_a_file_nested_a_thousand_deep_is_a_problem_naming_it(tmp_path: Path, where: str) -> None:
    folder = write_pack(tmp_path / "pack")
    path = folder / where
    path.write_text(path.read_text(encoding="utf-8") + DEEP, encoding="utf-8")
    loaded = ContentSource(folder).load(first=True)
    assert loaded.pack is None and loaded.problems is not None
    rendered = loaded.problems.render()
    assert path.name in rendered
    assert "Traceback" not in rendered


@pytest.mark.parametrize(
    "error", [MemoryError(), RecursionError("deep"), OSError(5, "Input/output error"), ValueError()]
)
def test_any_exception_while_loading_becomes_a_problem(
    tmp_path: Path, error: BaseException, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_pack(tmp_path / "pack")

    def fail(*_: object) -> None:
        raise error

    monkeypatch.setattr(source_module, "_load", fail)
    loaded = ContentSource(folder).load()
    assert loaded.pack is None and loaded.problems is not None
    (problem,) = loaded.problems.problems
    assert str(folder) in problem.render() and problem.message


def test_the_last_good_content_is_kept_privately_and_used_when_a_file_breaks(
    tmp_path: Path,
) -> None:
    user_pack()
    source = ContentSource()
    good = source.load(first=True)
    assert good.ok and good.pack is not None
    kept = source.cache_folder()
    assert kept.is_relative_to(paths.cache_dir())
    files = [p for p in kept.rglob("*") if p.is_file()]
    assert files and (kept / "user" / "faq.toml").is_file()
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for folder in [kept, *(p for p in kept.rglob("*") if p.is_dir())]:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700

    mine = paths.user_content_dir() / "faq.toml"
    mine.write_text(mine.read_text(encoding="utf-8") + DEEP, encoding="utf-8")
    again = ContentSource().load(first=True)
    assert again.fallback == "last good" and again.pack is not None
    assert any(entry.id == "mine" for entry in again.pack.faq)  # the person's own, from before
    assert again.problems is not None and "faq.toml" in again.problems.render()
    # While running (not at start-up), a broken file gives problems and no pack: the app
    # keeps what it shows.
    running = ContentSource().load(first=False)
    assert running.pack is None and running.problems is not None


def test_without_a_kept_copy_a_broken_personal_pack_falls_back_to_the_default() -> None:
    user = user_pack()
    (user / "faq.toml").write_text("[[faq]\nbroken", encoding="utf-8")
    pack, loaded = load_or_fallback()
    assert loaded.fallback == "default" and pack is not None
    assert pack.info.id == "anal-dilation"
    (problem,) = loaded.problems.problems if loaded.problems else ()
    assert problem.path.name == "faq.toml" and problem.line == 1


def test_a_broken_content_folder_named_on_the_command_line_has_no_other_pack(
    tmp_path: Path,
) -> None:
    folder = write_pack(tmp_path / "pack", pack='id = "mini"\ntitle = ')
    pack, loaded = load_or_fallback(folder)
    assert pack is None and loaded.fallback is None and loaded.problems is not None


def test_protocol_ids_are_read_cheaply_or_not_at_all(tmp_path: Path) -> None:
    assert protocol_ids(write_pack(tmp_path / "pack")) == ["breathe"]
    broken = write_pack(tmp_path / "broken", protocol="id = [")
    assert protocol_ids(broken) is None
    assert "dilation-session" in (protocol_ids(None) or [])


def test_a_loaded_result_says_whether_it_is_clean() -> None:
    assert Loaded(1, None).ok


def test_the_content_source_and_the_log_never_import_textual(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    folder = write_pack(tmp_path / "pack")
    probe = (
        "from pathlib import Path; import sys; from coach.system import logs; "
        "from coach.pack.source import ContentSource; "
        "from coach.faq.index_build import IndexBuild; "
        f"logs.setup(Path({str(tmp_path / 'coach.log')!r})); "
        f"source = ContentSource(Path({str(folder)!r})); "
        "build = IndexBuild(source.load(first=True).pack); build.run(); "
        "assert build.ready() is not None; "
        "assert source.load(first=True).pack is not None; "
        "print(' '.join(sorted(m.split('.')[0] for m in sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    ).stdout.split()
    assert "coach" in out and "textual" not in out and "rich" not in out
