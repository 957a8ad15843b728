"""``coach pack export FILE`` and ``coach pack install FILE``: a content pack as one archive."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from coach.cli import common
from coach.pack.archive import ArchiveError, archive_kind, export_pack, install_pack
from coach.pack.errors import PackError
from coach.pack.load import load_pack
from coach.system import paths


def run(args: argparse.Namespace) -> int:
    if args.pack_command == "export":
        return export(args)
    return install(args)


def _source(args: argparse.Namespace) -> Path:
    """The folder to export: ``--content DIR``, else your own copy, else the default pack."""
    if getattr(args, "content", None):
        return Path(args.content).expanduser()
    user = paths.user_content_dir()
    return user if (user / "pack.toml").is_file() else paths.shipped_content_dir()


def export(args: argparse.Namespace) -> int:
    source = _source(args)
    target = Path(args.file).expanduser()
    try:
        archive_kind(target)
        load_pack(source)  # never hand over a pack that would not load
    except ArchiveError as exc:
        print(f"coach pack export: {exc}", file=sys.stderr)
        return 1
    except PackError as exc:
        print(exc.render(Path.cwd()), file=sys.stderr)
        print(f"coach pack export: {source} has problems; fix them first.", file=sys.stderr)
        if source == paths.user_content_dir():
            print(
                "If it holds only your changes on top of the default pack, make a whole copy "
                "to hand over: coach init DIR, edit it, then coach --content DIR pack export FILE",
                file=sys.stderr,
            )
        return 1
    if target.exists() and not args.force:
        print(f"coach pack export: {target} exists; add --force to overwrite it", file=sys.stderr)
        return 1
    if not target.parent.is_dir():
        print(f"coach pack export: the folder {target.parent} does not exist", file=sys.stderr)
        return 1
    try:
        names = export_pack(source, target)
    except OSError as exc:
        print(f"coach pack export: cannot write {target}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(
        f"Wrote {target} ({common.plural(len(names), 'file')} from {source}, readable only by you)."
    )
    print(f"Install it elsewhere with: coach pack install {target.name}")
    return 0


def install(args: argparse.Namespace) -> int:
    archive = Path(args.file).expanduser()
    if not archive.is_file():
        print(f"coach pack install: {archive}: no such file", file=sys.stderr)
        return 1
    target = Path(args.dir).expanduser() if args.dir else paths.user_content_dir()
    # Validated as the next start will read it: the person's own folder lies over the default
    # pack; a folder given with --dir is read alone (coach --content DIR).
    over = None if args.dir else paths.shipped_content_dir()
    try:
        done = install_pack(archive, target, force=args.force, over=over)
    except ArchiveError as exc:
        print(f"coach pack install: refused: {exc}", file=sys.stderr)
        return 1
    except PackError as exc:
        print(exc.render(), file=sys.stderr)
        print(f"coach pack install: refused: {archive} does not hold a valid pack", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"coach pack install: cannot write {target}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(
        f"Installed {done.title} ({done.pack_id}, {common.plural(done.files, 'file')}) into {done.target}."
    )
    if done.moved_aside:
        print(f"The folder it replaced (with your edits) is kept at {done.moved_aside}.")
    if args.dir:
        print(f"Use it with: coach --content {done.target}")
    return 0
