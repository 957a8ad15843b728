"""``coach`` with no command: the home screen."""

from __future__ import annotations

import argparse

from coach.tui.launch import run_app


def run(args: argparse.Namespace) -> int:
    return run_app(args, start="home")
