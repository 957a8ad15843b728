"""``coach forget``: delete every session and check-in coach has kept, after a typed "forget".

Deleted: the journal (``journal.sqlite3`` with its ``-wal``/``-shm``) and every damaged journal
coach ever moved aside next to it. Not touched: settings and your own content (the config
folder), which hold no record of sessions, and reports you saved elsewhere with ``--out``.
Refused, deleting nothing, while another coach has the journal open (every open coach holds a
shared lock on ``journal.sqlite3.lock``; this needs it exclusively).
"""

from __future__ import annotations

import argparse
import sys

WORD = "forget"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--confirm",
        metavar="WORD",
        help=f"the confirmation word, for scripts: --confirm {WORD}",
    )


def run(args: argparse.Namespace) -> int:
    from coach import locations
    from coach.journal.aside import DAMAGED_INFIX, JournalError, side_files
    from coach.journal.store import forget

    path = locations.journal_file()
    present = [p for p in [path, *side_files(path)] if p.exists()]
    if path.parent.is_dir():
        present += sorted(path.parent.glob(f"{path.name}{DAMAGED_INFIX}*"))
    if not present:
        print("There is no personal data to delete: no journal was found.")
        return 0
    print("This deletes every session and check-in coach has recorded:")
    for item in present:
        print(f"  {item}")
    print(
        f"Settings and your own content in {locations.config_dir()} are kept. "
        "Reports you saved elsewhere are not touched."
    )
    if args.confirm is not None:
        typed = args.confirm
    elif not sys.stdin or not sys.stdin.isatty():
        print(
            f"Nothing was deleted: confirm by typing {WORD!r} in a terminal, "
            f"or pass --confirm {WORD}.",
            file=sys.stderr,
        )
        return 1
    else:
        try:
            typed = input(f"Type {WORD} to delete it all: ")
        except EOFError:
            typed = ""
    if typed.strip() != WORD:
        print("Nothing was deleted.", file=sys.stderr)
        return 1
    try:
        deleted = forget(path)
    except (JournalError, OSError) as exc:
        print(f"coach: {exc}", file=sys.stderr)
        return 1
    print(f"Deleted {len(deleted)} file{'s' if len(deleted) != 1 else ''}. coach has forgotten.")
    return 0
