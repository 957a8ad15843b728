"""``coach faq --list`` and ``coach faq --print QUERY``: the questions, or the best answer, as
plain text (no Textual)."""

from __future__ import annotations

import argparse
import sys

from coach.cli import common
from coach.faq.kept import ready_faq
from coach.faq.plain import closest_text, entry_text, terminal_width
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
    """The best answer; when none fits well, the closest questions, the way to urgent help and
    a clinician, then the closest answer. Never nothing: a person asked for a reason."""
    ready = ready_faq(pack)  # the index and the answers as plain text, kept between runs
    index = ready.index
    found = index.answer(query, NEAREST)
    if not found.entries:
        print("This content pack has no questions and answers.", file=sys.stderr)
        return 1
    width = terminal_width()
    source = pack.info.source.title if pack.info.source else ""
    first = found.entries[0]
    if not found.fits:
        sys.stdout.write(closest_text(query, found.entries, pack.safety, ready.help_now, width))
        sys.stdout.write("\nThe closest answer:\n\n")
    answer = ready.answers[index.position(first)]
    sys.stdout.write(entry_text(first, answer, index.related(first), width, source))
    return 0
