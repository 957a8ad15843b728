"""``coach`` with no command: the home screen."""

from __future__ import annotations

import argparse


def configure(parser: argparse.ArgumentParser) -> None:  # pragma: no cover - not a subcommand
    pass


def run(args: argparse.Namespace) -> int:
    from coach.tui.app import run_app

    return run_app(args, start="home")
