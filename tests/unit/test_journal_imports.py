"""The journal is domain code: importing it loads no Textual; its own files need no pydantic."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def loaded_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint(' '.join(sorted(m.split('.')[0] for m in sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    ).stdout
    return set(out.split())


def test_journal_modules_leave_textual_out() -> None:
    modules = loaded_after(
        "import coach.journal, coach.journal.store, coach.journal.figures, "
        "coach.outputs.report, coach.outputs.export, coach.journal.plan, coach.journal.notice"
    )
    assert "coach" in modules
    assert "textual" not in modules and "rich" not in modules


def test_the_journal_files_need_no_pydantic() -> None:
    """Opening, writing and reporting on the journal's files needs no content models: those
    come with the pack (the figures, the reports), not with the store."""
    modules = loaded_after(
        "import coach.journal.store, coach.journal.writer, coach.journal.notice, "
        "coach.journal.aside, coach.journal.status_summary, coach.journal.running"
    )
    assert "coach" in modules
    assert not modules & {"textual", "rich", "pydantic"}


def test_the_command_line_imports_nothing_heavy() -> None:
    """The parser (--help, a mistyped option, completion) needs no command: each command's
    module, with what it uses, is imported only when it runs (coach.cli.COMMANDS)."""
    modules = loaded_after(
        "import coach.cli.main, coach.cli.arguments; coach.cli.arguments.build_parser()"
    )
    assert "coach" in modules
    assert not modules & {"textual", "rich", "pydantic", "sqlite3", "platformdirs"}


def test_the_programme_modules_leave_textual_out() -> None:
    """The figures, the check-in's rules, plain mode's check-in and level parameters are domain
    code: the run helper's session run and plain front end call them without Textual."""
    modules = loaded_after(
        "import coach.journal.figures, coach.session.checkin, coach.plain.checkin, coach.pack.levels, "
        "coach.cli.plan, coach.cli.log"
    )
    assert "textual" not in modules and "rich" not in modules
