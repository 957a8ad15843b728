"""``coach faq``: browse the questions and answers, or print one without the TUI.

``--list`` and ``--print`` never import Textual (:mod:`coach.cli.faq_text`): they must work in
a pipe, over SSH, with a screen reader, and start fast. Browsing imports only the app.
"""

from __future__ import annotations

import argparse


def shows_the_app(args: argparse.Namespace) -> bool:
    """The full-screen app, unless the answers are listed or printed."""
    return not (args.list or args.print_answer)


def run(args: argparse.Namespace) -> int:
    query = " ".join(args.query).strip()
    # The front end is chosen here, at run time: each imports only what it uses.
    if shows_the_app(args):
        from coach.tui.launch import run_app

        return run_app(args, start="faq", query=query)
    from coach.cli import faq_text

    return faq_text.run(args, query)
