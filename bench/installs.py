"""What the bench measures: coach as users run it, from bytecode, in two installs.

* **editable**: the checkout, installed with ``pip install -e`` into the venv running the bench
  (the developers' install), its modules compiled first;
* **wheel**: a wheel built from the checkout and installed into a venv outside it (a person's
  ``pipx install``), with the same dependency versions as the editable venv, so the two differ
  only in how coach itself is installed. The venv is kept between runs in a cache folder and
  rebuilt only when the files that go into the wheel change (keyed by their digest).

This environment sets PYTHONDONTWRITEBYTECODE: every process the bench measures runs without it
(see :func:`measured_env`), and everything they import is compiled before the first run, so no
figure includes compiling Python source.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

# The checkout's parts that go into the wheel (pyproject.toml's [tool.hatch.build] and the
# metadata): any change to them is a different wheel.
WHEEL_INPUTS = ("coach", "content", "examples", "pyproject.toml", "README.md", "LICENSE")
STAMP = "coach-bench-tree.txt"
# Dropped from the environment of measured processes: no bytecode would be kept, another
# checkout could come first on the path, or the user's own folders would be read.
DROPPED = ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH", "PYTHONHOME", "PYTHONPYCACHEPREFIX")


@dataclass(frozen=True)
class Install:
    name: str  # "editable" or "wheel"
    python: Path  # the venv's interpreter
    coach: tuple[str, ...]  # the console script users run
    package: Path  # where `import coach` resolves in this install

    def run_python(self, code: str, env: Mapping[str, str], cwd: Path) -> str:
        done = subprocess.run(
            [str(self.python), "-c", code],
            env=dict(env),
            cwd=cwd,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip()


def measured_env(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for measured processes: the bench's own, without :data:`DROPPED` and the
    XDG folders (each run gets its own HOME and XDG folders from the bench)."""
    source = os.environ if base is None else base
    return {
        key: value
        for key, value in source.items()
        if key not in DROPPED and not key.startswith("XDG_")
    }


def _files(root: Path) -> Iterator[Path]:
    for name in WHEEL_INPUTS:
        path = root / name
        if path.is_file():
            yield path
        elif path.is_dir():
            for item in sorted(path.rglob("*")):
                if item.is_file() and "__pycache__" not in item.parts and item.suffix != ".pyc":
                    yield item


def tree_digest(root: Path) -> str:
    """SHA-256 over the wheel's input files, their paths and bytes (uncommitted edits too)."""
    digest = hashlib.sha256()
    for path in _files(root):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def site_packages(python: Path) -> Path:
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    return Path(
        subprocess.run(
            [str(python), "-c", code], capture_output=True, text=True, check=True
        ).stdout.strip()
    )


def compile_bytecode(python: Path, package: Path, others: list[Path]) -> None:
    """Compile coach's package (every file must compile) and the venv's other packages (best
    effort: some ship test files for other Python versions). Up-to-date files are skipped, so a
    second run takes a moment."""
    env = measured_env()
    command = [str(python), "-m", "compileall", "-q", "-q", "-j", "0"]
    subprocess.run([*command, str(package)], env=env, check=True)
    if others:
        subprocess.run([*command, *map(str, others)], env=env, check=False)


def _where_coach(python: Path, cwd: Path) -> Path:
    code = "import coach, pathlib; print(pathlib.Path(coach.__file__).resolve().parent)"
    done = subprocess.run(
        [str(python), "-c", code], env=measured_env(), cwd=cwd, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"{python} cannot import coach: {done.stderr.strip()}")
    return Path(done.stdout.strip())


def _console_script(python: Path) -> tuple[str, ...]:
    script = python.parent / "coach"
    return (str(script),) if script.exists() else (str(python), "-m", "coach")


def editable(root: Path, python: Path) -> Install:
    """The venv running the bench, which must hold this checkout as an editable install."""
    with tempfile.TemporaryDirectory() as elsewhere:
        package = _where_coach(python, Path(elsewhere))
    if package != (root / "coach").resolve():
        raise SystemExit(
            f"{python} imports coach from {package}, not from this checkout ({root}).\n"
            f"Run the bench with the checkout's venv: pip install -e '.[test]' there first."
        )
    compile_bytecode(python, package, [site_packages(python)])
    return Install("editable", python, _console_script(python), package)


def default_cache(root: Path) -> Path:
    """One folder per checkout, so two checkouts benchmarked in turn (or at once) never
    rebuild or replace each other's wheel venv."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    checkout = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:12]
    return Path(base) / "coach-bench" / checkout


def wheel(root: Path, python: Path, cache: Path, say: Callable[[str], None]) -> Install:
    """A venv outside the checkout with coach installed from a wheel of it, reused while the
    checkout's wheel inputs are unchanged; its dependencies pinned to ``python``'s versions."""
    if cache.resolve().is_relative_to(root.resolve()):
        raise SystemExit(f"the wheel's venv must be outside the checkout, not in {cache}")
    venv = cache / "venv"
    venv_python = venv / "bin" / "python"
    digest = tree_digest(root)
    stamp = venv / STAMP
    fresh = venv_python.exists() and stamp.exists() and stamp.read_text().strip() == digest
    env = measured_env()
    if fresh:
        say(f"wheel venv {venv}: up to date with the checkout ({digest[:12]})")
    else:
        say(f"building a wheel of the checkout into {venv} ({digest[:12]})…")
        if not venv_python.exists():
            shutil.rmtree(venv, ignore_errors=True)
            cache.mkdir(parents=True, exist_ok=True)
            subprocess.run([str(python), "-m", "venv", str(venv)], check=True)
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            pip = [str(python), "-m", "pip"]
            _quiet([*pip, "wheel", "-q", "--no-deps", "-w", str(out / "dist"), str(root)], env)
            built = next((out / "dist").glob("*.whl"))
            frozen = subprocess.run(
                [*pip, "freeze", "--exclude-editable"], capture_output=True, text=True, check=True
            ).stdout
            constraints = out / "constraints.txt"
            constraints.write_text(frozen)
            venv_pip = [str(venv_python), "-m", "pip", "install", "-q"]
            # Dependencies first, at the editable venv's versions; then coach itself, replaced
            # even though its version number did not change.
            _quiet([*venv_pip, "-c", str(constraints), str(built)], env)
            _quiet([*venv_pip, "--force-reinstall", "--no-deps", str(built)], env)
        stamp.write_text(digest + "\n")
    with tempfile.TemporaryDirectory() as elsewhere:
        package = _where_coach(venv_python, Path(elsewhere))
    if not package.is_relative_to(venv.resolve()):
        raise SystemExit(f"the wheel's venv imports coach from {package}, not from {venv}")
    compile_bytecode(venv_python, package, [site_packages(venv_python)])
    return Install("wheel", venv_python, _console_script(venv_python), package)


def _quiet(command: list[str], env: Mapping[str, str]) -> None:
    """Run pip: its output only if it fails (its warnings about this machine's package index
    settings would bury the figures)."""
    done = subprocess.run(command, env=dict(env), capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")


def base_python() -> Path:
    """The interpreter running the bench, as invoked (a venv's python keeps its venv)."""
    return Path(sys.executable)


def textual_version(install: Install) -> str:
    env = measured_env()
    with tempfile.TemporaryDirectory() as elsewhere:
        return install.run_python(
            "import importlib.metadata as m; print(m.version('textual'))", env, Path(elsewhere)
        )
