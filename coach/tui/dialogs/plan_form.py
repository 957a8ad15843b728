"""What the plan's two dialogs over home share (:mod:`coach.tui.dialogs.log_activity`,
:mod:`coach.tui.dialogs.start_date`): their look. Each answers with what was chosen; the app
writes it through the journal's writer (coach.tui.routes): the same writes as ``coach log``
and ``coach plan --start``.
"""

from __future__ import annotations

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
