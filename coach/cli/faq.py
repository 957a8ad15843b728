"""``coach faq``: browse the questions and answers, or print one without the TUI.

``--list`` and ``--print`` never import Textual (:mod:`coach.cli.faq_text`): they must work in
a pipe, over SSH, with a screen reader, and start fast. Browsing imports only the app.
"""

from __future__ import annotations

import argparse

from coach.system import collector


def run(args: argparse.Namespace) -> int:
    query = " ".join(args.query).strip()
    # The front end is chosen here, at run time: each imports only what it uses.
    if not (args.list or args.print_answer):
        from coach.tui.launch import run_app

        return run_app(args, start="faq", query=query)
    from coach.cli import faq_text

    collector.start_up_over()  # printed, not shown: the work begins
    return faq_text.run(args, query)
