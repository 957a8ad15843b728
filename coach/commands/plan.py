"""``coach plan``: the plan outside coach. Here, only ``--ics FILE`` (a calendar file).

The programme's own ``coach plan`` (the figures) takes this module's place when merged; it
keeps the calendar by calling :func:`coach.commands.plan_ics.add_ics_arguments` in its
``configure`` and, in ``run``, ``if args.ics: return plan_ics.write_ics(args)``.
"""

from __future__ import annotations

import argparse

from coach.commands import plan_ics


def configure(parser: argparse.ArgumentParser) -> None:
    plan_ics.add_ics_arguments(parser)


def run(args: argparse.Namespace) -> int:
    if args.ics:
        return plan_ics.write_ics(args)
    print("coach plan: add --ics FILE to write the plan as a calendar file.")
    return 2
