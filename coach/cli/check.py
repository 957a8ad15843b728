"""``coach check [PATH]``: validate a pack folder or one file and report every problem, then
cross-check that each sign has one urgency in every file that names it."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from coach.cli.common import plural
from coach.pack.errors import PackError
from coach.pack.load import Override, check_file, load
from coach.pack.signs import urgency_problems
from coach.system.paths import active_sources
from coach.system.safe_text import one_line


def run(args: argparse.Namespace) -> int:
    target: Path | None = args.path
    try:
        # Anything but a folder is checked as one file (a FIFO or device is refused when read).
        if target is not None and (target.exists() or target.is_symlink()) and not target.is_dir():
            model = check_file(target)
            print(f"{one_line(str(target))}: ok ({type(model).__name__})")
            return 0
        if target is not None:
            folder, overlay = target, None
        else:
            folder, overlay = active_sources(Path(args.content) if args.content else None)
        result = load(folder, overlay)
    except PackError as exc:
        print(exc.render(Path.cwd()))
        files = len({p.path for p in exc.problems})
        noun = "problem" if len(exc.problems) == 1 else "problems"
        print(f"\n{len(exc.problems)} {noun} in {files} file{'s' if files != 1 else ''}.")
        return 1
    pack = result.pack
    steps = sum(len(p.steps) for p in pack.protocols)
    info = pack.info
    print(one_line(f"{info.title} ({info.id} {info.version}, {info.language})"))
    if result.alone:
        print(one_line(f"  your own pack, from {overlay} (it replaces the default pack)"))
    else:
        print(
            one_line(
                f"  from {folder}" + (f", with your changes from {overlay}" if overlay else "")
            )
        )
    counts = [
        plural(len(pack.protocols), "protocol"),
        plural(steps, "step"),
        plural(len(pack.faq), "FAQ entry", "FAQ entries"),
    ]
    if pack.program:
        counts.append(plural(len(pack.program.levels), pack.program.level_noun))
    print("  " + ", ".join(counts))
    if result.overrides:
        print("  " + overrides_line(result.overrides, verbose=args.verbose))
    if args.verbose:
        for override in result.overrides:
            verb = "replaces the default" if override.replaces else "is new"
            print("    " + one_line(f"{override.path}: {override.what} {verb}"))
    # The pack loads; the urgency cross-check is for its author: a sign told "urgent" in one
    # file and "book a visit" in another is a content error a person could act on.
    conflicts = PackError(urgency_problems(result.files))
    if conflicts.problems:
        print()
        print(conflicts.render(Path.cwd()))
        count = len(conflicts.problems)
        print(f"\n{count} sign problem{'' if count == 1 else 's'}: each sign has one urgency.")
        return 1
    print("ok")
    return 0


def overrides_line(overrides: Sequence[Override], *, verbose: bool) -> str:
    """Your changes in one line: "your changes: 3 replace the default, 1 is new (in 2 files)"."""
    replaced = sum(1 for o in overrides if o.replaces)
    new = len(overrides) - replaced
    parts = []
    if replaced:
        parts.append(f"{replaced} {'replaces' if replaced == 1 else 'replace'} the default")
    if new:
        parts.append(f"{new} {'is' if new == 1 else 'are'} new")
    files = len({o.path for o in overrides})
    more = "" if verbose else "; --verbose lists them"
    return f"your changes: {', '.join(parts)} (in {plural(files, 'file')}{more})"
