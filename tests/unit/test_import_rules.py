"""How coach's modules import each other: the layering (import-linter's contracts in
pyproject.toml), imports at the top of each module, and the few deliberate lazy boundaries.

An import inside a function is allowed only where :data:`BOUNDARIES` names it, with why: a new
one fails here until it is named, and a boundary that is gone must leave the table too.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COACH = ROOT / "coach"

_SCREEN = "coach.tui.screens."
BOUNDARIES: dict[str, tuple[str, dict[str, set[str]]]] = {
    "status": (
        "`coach status` runs on every shell prompt: the console script answers it before the "
        "command line is imported, and what it reads only in some cases (json output, the "
        "summary's file, a path on macOS) is imported in that case",
        {
            "coach/entry.py": {
                "coach.cli.status",
                "coach.cli.main",
                "logging",
                "coach.system",
            },
            "coach/cli/status.py": {
                "json",
                "tomllib",
                "logging",  # only to log why the marker was printed
                "coach.system",
            },
            "coach/journal/status_summary.py": {"coach.system", "coach.system.paths", "pathlib"},
        },
    ),
    "command": (
        "a subcommand's module is imported when it runs (coach.cli.COMMANDS, through "
        "importlib in coach.cli.main), and the front end it starts when it starts it; the "
        "parser (and the examples' names it resolves) only when there is a command line to "
        "parse (plain `coach` opens home); "
        "`plan`'s calendar (icalendar) only when a calendar file is asked for",
        {
            "coach/cli/main.py": {"coach.cli.arguments", "coach.pack.examples"},
            "coach/cli/start.py": {"coach.plain.session", "coach.tui.launch"},
            "coach/cli/faq.py": {"coach.tui.launch", "coach.cli"},
            "coach/cli/plan.py": {"coach.cli"},
        },
    ),
    "screen": (
        "the app imports a screen's or a dialog's module when it is first shown, through its "
        "routes (home's comes with the app: it is the first frame)",
        {
            "coach/tui/routes.py": {
                "coach.tui.dialogs.confirm",
                "coach.tui.dialogs.log_activity",
                "coach.tui.dialogs.set_level",
                "coach.tui.dialogs.start_date",
                *(
                    _SCREEN + name
                    for name in (
                        "about",
                        "before_start",
                        "checkin",
                        "faq",
                        "history",
                        "keys",
                        "problems",
                        "safety",
                        "settings",
                    )
                ),
            },
            "coach/tui/flow.py": {_SCREEN + "checkin", _SCREEN + "safety", _SCREEN + "session"},
            "coach/tui/loading.py": {_SCREEN + "starting"},  # `coach start`'s placeholder
            "coach/tui/sessions.py": {
                "coach.tui.dialogs.end_session",
                "coach.tui.dialogs.leave",
            },
        },
    ),
    "after the first frame": (
        "what the first frame must not pay for comes after it: content validation (pydantic, "
        "or the validated-pack cache) in the loading worker, the journal (sqlite3) opened "
        "there, the FAQ index (rapidfuzz) in a thread worker when first needed, home's figures and Markdown once content is in, a session's run when one "
        "starts, the log file at its first record, user folders at first use, the version "
        "when asked, the settings' check just after it; and what only a later action uses: "
        "the palette, the editor, the phone remote's options, the source's citation, a cue's "
        "words for a duration, a TOML problem's position, the name of a kept copy",
        {
            "coach/pack/source.py": {
                "coach.pack.cache",
                "coach.pack.load",
                "coach.pack.model",
                "coach.system.digest",
            },
            "coach/pack/discreet.py": {"coach.pack.durations"},
            "coach/system/toml_file.py": {"coach.system.positions"},
            "coach/tui/loading.py": {"coach.journal.notice", "coach.faq.index_build"},
            "coach/tui/sessions.py": {
                "coach.journal.resumable",
                "coach.tui.flow",
                "coach.remote.options",
            },
            "coach/tui/app.py": {"coach.tui.palette", "coach.tui.editor", "coach.pack.editing"},
            "coach/tui/journal_writes.py": {"coach.journal.writer"},
            "coach/tui/keeps_settings.py": {"coach.system.settings"},
            "coach/tui/routes.py": {
                "coach.system.settings",
                "coach.journal.figures",
                "coach.journal.status_refresh",
                "coach.pack.levels",
            },
            "coach/tui/palette.py": {"coach.faq.index_build"},
            "coach/tui/screens/home.py": {
                "coach.pack.attribution",
                "coach.tui.progress",
                "coach.journal.status_refresh",
                "coach.tui.widgets.safe_markdown",
            },
            "coach/system/logs.py": {"logging.handlers"},
            "coach/system/paths.py": {"platformdirs"},
            "coach/__init__.py": {"importlib.metadata"},
        },
    ),
    "validation": (
        "pydantic only when content is validated: the content classes tell it their rules "
        "through hooks that import it when it asks (coach.pack.fields); the loader only on a "
        "miss of the validated-pack cache; a protocol re-validated only when a level fills "
        "values into it. A pack from the cache is made and used without pydantic",
        {
            "coach/pack/fields.py": {"pydantic", "pydantic_core"},
            "coach/pack/cache.py": {"coach.pack.load"},
            "coach/pack/levels.py": {"coach.pack.validate"},
        },
    ),
    "remote": (
        "the phone remote (its server, its QR code) is imported only when it is asked for",
        {
            "coach/plain/session.py": {"coach.remote.control", "coach.remote.qr"},
            "coach/tui/screens/session.py": {"coach.remote.control", _SCREEN + "remote"},
        },
    ),
    "markdown": (
        "safety text is parsed from Markdown only when it is shown or spoken: `plan`, "
        "`history`, `report` and `log` use the safety module's sections and rules, never its "
        "text, and do not pay markdown-it's ~30 ms; `faq --print` reduces answers to plain "
        "text only when the FAQ it kept (coach.faq.kept) is missing or out of date",
        {"coach/pack/safety.py": {"markdown_it"}, "coach/faq/kept.py": {"coach.faq.answers"}},
    ),
    "theme names": (
        "the settings check a theme name against Textual's built-in themes only when the name "
        "is not coach's default or its own, so plain mode and the commands do not load Textual",
        {"coach/system/settings.py": {"textual.theme"}},
    ),
}


def _imports_in_functions(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and inner.module:
                    found.add(inner.module)
                elif isinstance(inner, ast.Import):
                    found.update(alias.name for alias in inner.names)
    return found


def test_imports_in_functions_are_the_named_boundaries_only() -> None:
    allowed: dict[str, set[str]] = {}
    for _why, modules in BOUNDARIES.values():
        for module, names in modules.items():
            allowed.setdefault(module, set()).update(names)
    actual = {
        str(path.relative_to(ROOT)): found
        for path in sorted(COACH.rglob("*.py"))
        if (found := _imports_in_functions(path))
    }
    unnamed = {m: sorted(n - allowed.get(m, set())) for m, n in actual.items()}
    assert not {m: n for m, n in unnamed.items() if n}, (
        "imports inside functions that no boundary names: move them to the top of the module, "
        "or name the boundary in BOUNDARIES with why"
    )
    gone = {m: sorted(n - actual.get(m, set())) for m, n in allowed.items()}
    assert not {m: n for m, n in gone.items() if n}, "boundaries named here that no longer exist"


def test_the_layering_holds() -> None:
    """import-linter's contracts (pyproject.toml): each package imports only those below it,
    the two front ends never import each other, the domain never imports Textual."""
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_the_first_frame_imports_nothing_heavy() -> None:
    """What the app imports before its first frame (the command line, the app, home, the
    settings) leaves pydantic, SQLite, the FAQ's search and Markdown for later."""
    probe = (
        "import sys, coach.entry, coach.cli.main, coach.cli.home\n"
        "from coach.system.settings_file import read_settings_file\n"
        "read_settings_file()\n"
        "print(' '.join(sorted(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    ).stdout.split()
    assert "coach.tui.screens.home" in out
    heavy = {"pydantic", "sqlite3", "rapidfuzz", "markdown_it", "logging.handlers"}
    assert not (heavy | {"argparse", "hashlib"}) & set(out)
    # Each module is ~0.2-2 ms of the first frame: what a boundary above imports later stays
    # off its path, but for these two, which the first frame imports anyway.
    needed = {
        "coach.cli",  # the command line's package (the status fast path passes through it)
        "coach.tui.launch",  # plain `coach` runs the app
    }
    later = {
        module
        for group, (_why, modules) in BOUNDARIES.items()
        if group != "status"
        for names in modules.values()
        for module in names
        if module.startswith("coach.")
    }
    assert "coach.tui.palette" in later and "coach.pack.examples" in later
    assert sorted(later & set(out)) == sorted(needed)


def test_commands_on_a_validated_pack_import_no_pydantic(tmp_path: Path) -> None:
    """Once the pack is in the validated-pack cache, the commands people run most read it,
    and the settings, without importing pydantic (it was ~130 ms of each)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env |= {"HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    config = tmp_path / ".config" / "coach"
    config.mkdir(parents=True)
    (config / "config.toml").write_text('volume = 50\ntheme = "coach-high-contrast"\n')
    probe = (
        "import sys\nfrom coach.cli.main import main\ncode = main(sys.argv[1:])\n"
        "print('pydantic' in sys.modules, code, file=sys.stderr)"
    )

    def run(*argv: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", probe, *argv], capture_output=True, text=True, env=env
        )
        return done.stderr.strip().splitlines()[-1]

    assert run("plan") == "True 0"  # the first load validates
    for argv in (["plan"], ["history"], ["report"], ["faq", "--print", "lubricant"]):
        assert run(*argv) == "False 0", argv
