"""``coach pack export FILE`` and ``coach pack install FILE``: a content pack as one archive."""

from __future__ import annotations

import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="pack_command", metavar="ACTION", required=True)
    export = sub.add_parser("export", help="write the active pack as one .zip file")
    export.add_argument("file", metavar="FILE", help="the archive to write (.zip or .tar.gz)")
    export.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    install = sub.add_parser("install", help="check a pack archive, then install it")
    install.add_argument("file", metavar="FILE", help="the archive to install (.zip or .tar.gz)")
    install.add_argument(
        "--dir",
        metavar="DIR",
        help="install into DIR instead of your content folder (which coach reads on top of "
        "the default pack)",
    )
    install.add_argument(
        "--force", action="store_true", help="replace a pack there even if it was edited"
    )


def run(args: argparse.Namespace) -> int:
    from coach.cli import pack_actions

    if args.pack_command == "export":
        return pack_actions.export(args)
    return pack_actions.install(args)
