"""``coach settings``: where things live and what the settings are."""

from __future__ import annotations

import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    from coach import locations
    from coach.settings import load_settings

    settings = load_settings()
    print(f"settings file:   {locations.config_file()}")
    print(f"your content:    {locations.user_content_dir()}")
    print(f"default content: {locations.shipped_content_dir()}")
    print(f"journal:         {locations.journal_file()}")
    from coach.logs import log_file

    print(f"log file:        {log_file()}")
    print()
    for key in ("theme", "sound", "speech", "discreet"):
        print(f"{key:9} = {getattr(settings, key)!r}")
    for problem in settings.problems:
        print(f"warning: {problem}")
    return 0
