"""``coach start [PROTOCOL_ID]``: straight into a guided session."""

from __future__ import annotations

import argparse
import sys

from coach.remote.options import remote_options


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "protocol", nargs="?", metavar="PROTOCOL_ID", help="which protocol (default: the pack's)"
    )
    parser.add_argument(
        "--plain",
        action="store_true",
        help="line by line on stdin/stdout, for a screen reader, a dumb terminal or ssh",
    )
    parser.add_argument(
        "--speak",
        action="store_true",
        default=None,
        help="read step titles and time cues aloud (needs espeak-ng, spd-say or say)",
    )
    parser.add_argument("--no-sound", action="store_true", help="no terminal bell on cues")
    parser.add_argument(
        "--remote",
        action="store_true",
        help="follow and drive the session from a browser: a one-time link, on this "
        "computer only (with --lan, on your phone, with a QR code)",
    )
    parser.add_argument(
        "--lan",
        action="store_true",
        help="with --remote (implies it): reachable from your phone on the home network; "
        "anything on that network can reach the port, and the page is not encrypted (http)",
    )


def run(args: argparse.Namespace) -> int:
    if args.protocol:
        # Checked here, cheaply (tomllib), so both front ends exit 2 with the same words.
        from pathlib import Path

        from coach.pack.source import protocol_ids, unknown_protocol

        known = protocol_ids(Path(args.content) if args.content else None)
        if known is not None and args.protocol not in known:
            print(unknown_protocol(args.protocol, known), file=sys.stderr)
            return 2
    if args.plain:
        from coach.plain.session import run_plain

        return run_plain(args)
    from coach.tui.app import run_app

    return run_app(args, start="session", protocol_id=args.protocol, remote=remote_options(args))
