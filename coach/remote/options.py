"""What ``--remote`` and ``--lan`` ask for, read from a parsed command line.

Light on purpose: both front ends read it before deciding to serve anything, and nothing of
the remote (its server, its state) is imported unless it is asked for.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RemoteOptions:
    """What ``--remote`` asked for."""

    lan: bool = False
    """Bind beyond loopback, so a phone on the home network can reach it."""
    port: int = 0
    """0: any free port."""


def remote_options(args: object) -> RemoteOptions | None:
    """What ``--remote``/``--lan`` asked for; ``None``: no remote, and no socket."""
    if not (getattr(args, "remote", False) or getattr(args, "lan", False)):
        return None
    return RemoteOptions(lan=bool(getattr(args, "lan", False)))
