"""``coach start [PROTOCOL_ID]``: straight into a guided session."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from coach.pack.source import protocol_ids, unknown_protocol
from coach.remote.options import remote_options


def shows_the_app(args: argparse.Namespace) -> bool:
    """The full-screen app, unless plain mode is asked for."""
    return not args.plain


def run(args: argparse.Namespace) -> int:
    if args.protocol:
        # Checked here, cheaply (tomllib), so both front ends exit 2 with the same words.
        known = protocol_ids(Path(args.content) if args.content else None)
        if known is not None and args.protocol not in known:
            print(unknown_protocol(args.protocol, known), file=sys.stderr)
            return 2
    # The front end is chosen here, at run time: each imports only what it uses.
    if not shows_the_app(args):
        from coach.plain.session import run_plain

        return run_plain(args)
    from coach.tui.launch import run_app

    return run_app(args, start="session", protocol_id=args.protocol, remote=remote_options(args))
