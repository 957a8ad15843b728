"""What the plan's two dialogs over home share (:mod:`coach.tui.dialogs.log_activity`,
:mod:`coach.tui.dialogs.start_date`): their look, and how their write is reported.

Thin over the journal: the same writes as ``coach log`` and ``coach plan --start``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from coach.tui.literal import clean

if TYPE_CHECKING:
    from coach.tui.app import CoachApp

FORM_CSS = """
{name} {{
    align: center middle;
}}
{name} > Vertical {{
    width: 64;
    max-width: 100%;
    height: auto;
    max-height: 100%;
    border: thick $primary;
    background: $surface;
    padding: 0 1;
}}
{name} .dialog-title {{
    text-style: bold;
    margin-bottom: 1;
}}
{name} .dialog-error {{
    color: $error;
    height: auto;
}}
"""


def write_and_say(app: CoachApp, what: Callable[[], None], done: str) -> None:
    try:
        what()
    except (sqlite3.Error, OSError) as exc:
        app.notify(
            clean(f"Your journal cannot be written ({exc})."), severity="error", markup=False
        )
        return
    app.notify(clean(done), timeout=4, markup=False)
    refresh = getattr(app.screen, "on_screen_resume", None)
    if callable(refresh):  # home shows the new figures at once
        refresh()
