"""``coach faq``: browse the questions and answers, or print one without the TUI.

``--list`` and ``--print`` never import Textual: they must work in a pipe, over SSH, with a
screen reader, and start fast.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from coach.cli.common import load_pack_or_exit

if TYPE_CHECKING:
    from coach.pack.model import Pack

NEAREST = 3


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "query",
        nargs="*",
        metavar="QUERY",
        help="words to search for; the browser opens on them",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--list", action="store_true", help="print every question, one a line, and exit"
    )
    mode.add_argument(
        "--print",
        dest="print_answer",
        action="store_true",
        help="print the best answer to QUERY as plain text and exit",
    )


def run(args: argparse.Namespace) -> int:
    query = " ".join(args.query).strip()
    if not (args.list or args.print_answer):
        from coach.tui.app import run_app

        return run_app(args, start="faq", query=query)
    pack = load_pack_or_exit(args)
    if args.list:
        from coach.faq.words import strip_controls

        for entry in pack.faq:
            print(strip_controls(entry.question).replace("\n", " "))
        return 0
    if not query:
        print(
            "coach faq --print: say what to look for, e.g. coach faq --print lubricant",
            file=sys.stderr,
        )
        return 2
    return _print_answer(pack, query)


def _print_answer(pack: Pack, query: str) -> int:
    from coach.faq.answers import render_entry, terminal_width
    from coach.faq.search import FaqIndex
    from coach.faq.words import strip_controls

    index = FaqIndex.for_pack(pack)
    entry = index.get(query)  # an exact id, as in a faq: link, wins
    if entry is None:
        hits = index.search(query, limit=1)
        entry = hits[0].entry if hits else None
    if entry is None:
        print(f"No answer matches {strip_controls(query)!r}.", file=sys.stderr)
        nearest = index.nearest(query, NEAREST)
        if nearest:
            print("The nearest questions:", file=sys.stderr)
            for other in nearest:
                print(f"- {strip_controls(other.question)}", file=sys.stderr)
        print("Run 'coach faq --list' to see every question.", file=sys.stderr)
        return 1
    questions = {other.id: other.question for other in pack.faq}
    sys.stdout.write(render_entry(entry, index.related(entry), terminal_width(), questions))
    return 0
