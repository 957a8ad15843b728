"""``coach`` with no command: the home screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coach.tui.launch import run_app

if TYPE_CHECKING:
    import argparse


def shows_the_app(args: argparse.Namespace) -> bool:
    return True


def run(args: argparse.Namespace) -> int:
    return run_app(args, start="home")
