"""``coach faq --list`` and ``coach faq --print QUERY``: the questions, or the best answer, as
plain text (no Textual)."""

from __future__ import annotations

import argparse
import sys

from coach.cli import common
from coach.faq.answers import render_entry, terminal_width
from coach.faq.search import FaqIndex
from coach.faq.words import strip_controls
from coach.pack.model import Pack
from coach.system.safe_text import query_text

NEAREST = 3


def run(args: argparse.Namespace, query: str) -> int:
    pack = common.load_pack_or_exit(args)
    query = query_text(query)  # issue 26: a 990-word query, a paste of escapes: bounded
    if args.list:
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
