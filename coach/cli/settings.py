"""``coach settings``: the settings as TOML to paste into the settings file, with where
things live as comments (so the whole output is itself a valid settings file)."""

from __future__ import annotations

import argparse
import sys

import tomli_w

from coach.system import paths
from coach.system.logs import log_file
from coach.system.settings import read_settings


def text() -> tuple[str, list[str]]:
    settings, problems = read_settings()
    places = [
        ("settings file", paths.config_file()),
        ("your content", paths.user_content_dir()),
        ("default content", paths.shipped_content_dir()),
        ("journal", paths.journal_file()),
        ("log file", log_file()),
    ]
    # A path with a newline in it would end the comment: shown escaped, never raw.
    lines = [f"# {label + ':':16} {_one_line(str(path))}" for label, path in places]
    body = "\n".join([*lines, "", tomli_w.dumps(settings.values())])
    return body, [problem.render() for problem in problems]


def _one_line(value: str) -> str:
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in value)


def run(args: argparse.Namespace) -> int:
    body, problems = text()
    sys.stdout.write(body)
    for problem in problems:  # on stderr: stdout stays a file you can paste
        print(f"warning: {problem}", file=sys.stderr)
    return 0
