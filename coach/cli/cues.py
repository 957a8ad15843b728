"""``coach cues [--test]``: what this machine has for cues, and a test of each kind."""

from __future__ import annotations

import argparse
import sys

from coach.cues.check import run_cue_test
from coach.cues.listeners import find
from coach.system.settings import load_settings


def run(args: argparse.Namespace) -> int:
    settings = load_settings(warn=sys.stderr)

    def say(line: str) -> None:
        print(line, flush=True)

    def bell() -> None:
        if sys.stdout.isatty():
            sys.stdout.write("\a")
            sys.stdout.flush()
        else:
            print("(bell)", flush=True)

    if not args.test:
        found = find()
        say(found.player_line)
        say(found.speech_line)
        say(
            f"Sound {'on' if settings.sound else 'off'}, volume {settings.volume}; speech "
            f"{'on' if settings.speech else 'off'}; countdown {settings.countdown} s."
        )
        if settings.on_cue:
            say(f"Cue hook: {' '.join(settings.on_cue)} (killed after {settings.on_cue_seconds} s)")
        say("Run `coach cues --test` to hear each kind of cue.")
        return 0

    # Problems (no sound device, say) are said in the output; the test itself ran: exit 0.
    run_cue_test(settings, say, bell=bell, speak=args.speak)
    return 0
