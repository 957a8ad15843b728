"""``coach forget``: delete everything personal coach has kept, after a typed "forget".

Deleted: every file and folder in coach's data, cache and state folders
(:func:`coach.system.paths.personal_entries`): the journal (``journal.sqlite3`` with its
``-wal``/``-shm``, lock files and session claims) and every damaged journal coach moved aside,
the status summary ``coach status`` reads, the last good copy of the content and the tones in
the cache, and the log. Any of those may hold a session, a pack's name or an answer.

Kept, unless ``--everything``: the settings file and the person's own content (the config
folder). They are what the person set up, and hold no record of a session (the settings name
no pack, no session and no answer). Reports saved elsewhere with ``--out`` are never touched.

Refused, deleting nothing, while another coach has the journal open (every open coach holds a
shared lock on ``journal.sqlite3.lock``; this needs it exclusively, and holds it until all is
gone, so no coach can start writing meanwhile).
"""

from __future__ import annotations

import argparse
import sys

from coach.journal.aside import DAMAGED_INFIX, JournalError, side_files
from coach.journal.store import forget
from coach.system import paths

WORD = "forget"


def run(args: argparse.Namespace) -> int:
    everything = bool(getattr(args, "everything", False))
    path = paths.journal_file()
    present = [p for p in [path, *side_files(path)] if p.exists()]
    if path.parent.is_dir():
        present += sorted(path.parent.glob(f"{path.name}{DAMAGED_INFIX}*"))
    present += [p for p in paths.personal_entries(everything=everything) if p not in present]
    if not present:
        print("There is no personal data to delete: coach has kept nothing of yours.")
        return 0
    print("This deletes every session, check-in and answer coach has recorded, and all it kept:")
    for item in present:
        print(f"  {item}")
    if everything:
        print("Your settings and your own content go too. Reports you saved elsewhere stay.")
    else:
        print(
            f"Kept: your settings and your own content in {paths.config_dir()} (they hold "
            "no record of a session; --everything deletes them too). Reports you saved "
            "elsewhere are not touched."
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
        deleted = forget(path, also=present)
    except (JournalError, OSError) as exc:
        print(f"coach: {exc}", file=sys.stderr)
        return 1
    print(f"Deleted {len(deleted)} item{'s' if len(deleted) != 1 else ''}. coach has forgotten.")
    return 0
