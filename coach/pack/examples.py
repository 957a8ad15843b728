"""The example packs shipped with coach (examples/ in a checkout, coach/_examples when
installed), found by name: ``coach --content pelvic-floor``, ``coach init --example NAME``.

No pathlib at import: ``coach status`` resolves ``--content`` through here on its fast path.
"""

from __future__ import annotations

import os

# The coach package (this module is coach/pack/examples.py).
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def examples_dir() -> str:
    """Where the examples are: inside the installed package, else the checkout's examples/."""
    installed = os.path.join(_PACKAGE, "_examples")
    if os.path.isdir(installed):
        return installed
    return os.path.join(os.path.dirname(_PACKAGE), "examples")


def example_names() -> list[str]:
    folder = examples_dir()
    try:
        entries = sorted(os.listdir(folder))
    except OSError:
        return []
    return [e for e in entries if os.path.isfile(os.path.join(folder, e, "pack.toml"))]


def example_path(name: str) -> str | None:
    """The folder of the example called ``name``, or ``None``."""
    if name in example_names():
        return os.path.join(examples_dir(), name)
    return None


def resolve_content(text: str) -> str:
    """``--content``'s value as a folder: a path that exists wins; else an example's name."""
    path = os.path.expanduser(text)
    if os.path.exists(path):
        return path
    return example_path(text) or path


def content_problem(text: str) -> str | None:
    """Why ``--content TEXT`` names no pack folder (none missing, not a folder), or ``None``:
    said before anything tries to read a pack from a folder that is not there."""
    path = resolve_content(text)
    if os.path.isdir(path):
        return None
    if os.path.exists(path):
        return f"--content {text}: not a folder (give the pack's folder, or an example's name)"
    names = ", ".join(example_names()) or "none"
    return f"--content {text}: no such folder, and no example of that name (examples: {names})"
