"""The ``coach`` console script: ``coach status`` first, then the full command line.

``coach status`` runs on every shell prompt, so it is answered before argparse, logging and the
subcommands are imported (see :func:`coach.cli.status.fast`). Everything else goes to
:func:`coach.cli.main.main` as before.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    if "status" in arguments:
        from coach.cli.status import fast

        result = fast(arguments)
        if result is not None:
            return result
    quiet_library_logs()
    from coach.system import collector

    if argv is None:  # the process's own command, not a call from code (a test, a script)
        collector.hold_start_up()  # until the first frame, or the command's work begins
    try:
        from coach.cli.main import main as full_main

        return full_main(arguments)
    finally:
        collector.start_up_over()  # however the command ended (a usage error, no terminal)


def quiet_library_logs() -> None:
    """A library's logs go nowhere unless the program configures logging: never Python's
    last-resort stderr handler, which would print tracebacks over the full-screen app."""
    import logging

    logger = logging.getLogger("coach")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())
