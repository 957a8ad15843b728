"""No module in coach/ uses a Textual name that starts with ``_`` (issue 22 item 4): Textual
may change its internals in any release; coach keeps to its public API, and says in a comment
(naming the Textual issue) where there is none.

An AST walk over coach/: no import of a private Textual module or name; in a class built on a
Textual class, no ``self._x``, ``super()._x`` or method ``_x`` that Textual itself defines on
that class (an override, a read of its state, or a clash with it); and no ``obj._x`` on anything
else where ``_x`` is a name Textual defines and coach never does (``app._notifications``).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from functools import cache
from pathlib import Path

import textual

ROOT = Path(__file__).resolve().parents[2]
COACH = ROOT / "coach"
TEXTUAL = Path(textual.__file__).parent
PRIVATE = re.compile(r"^_[a-z]\w*$")  # not dunders: __init__ and the like are public protocol
DEFINED = re.compile(r"(?:def |self\.|^\s*)(_[a-z]\w*)\b", re.MULTILINE)


@cache
def _textual_privates() -> frozenset[str]:
    """Every private name Textual's own source defines (methods, attributes, globals)."""
    names: set[str] = set()
    for path in TEXTUAL.rglob("*.py"):
        names.update(DEFINED.findall(path.read_text("utf-8")))
    return frozenset(names)


def _coach_privates() -> frozenset[str]:
    names: set[str] = set()
    for path in COACH.rglob("*.py"):
        names.update(DEFINED.findall(path.read_text("utf-8")))
    return frozenset(names)


@cache
def _source(cls: type) -> str:
    try:
        return inspect.getsource(cls)
    except (OSError, TypeError):
        return ""


def _textual_defines(cls: type, name: str) -> bool:
    """Whether a Textual class among ``cls``'s bases has ``name`` (a method or an attribute)."""
    return any(
        name in vars(base) or re.search(rf"self\.{name}\b", _source(base))
        for base in cls.__mro__
        if base.__module__.startswith("textual.")
    )


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _findings(path: Path, coach_names: frozenset[str]) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"))
    where = path.relative_to(ROOT)
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("textual"):
            module = node.module or ""
            if any(part.startswith("_") for part in module.split(".")):
                found.append(f"{where}:{node.lineno}: imports Textual's private {module}")
            found += [
                f"{where}:{node.lineno}: imports Textual's private {alias.name}"
                for alias in node.names
                if alias.name.startswith("_")
            ]
        if isinstance(node, ast.Import):
            found += [
                f"{where}:{node.lineno}: imports Textual's private {alias.name}"
                for alias in node.names
                if alias.name.startswith("textual") and "._" in alias.name
            ]
    module = importlib.import_module(_module_name(path))
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        cls = getattr(module, node.name, None)
        if not isinstance(cls, type) or not any(
            base.__module__.startswith("textual.") for base in cls.__mro__
        ):
            continue
        for inner in ast.walk(node):
            name = None
            if isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef):
                name = inner.name
            elif isinstance(inner, ast.Attribute) and _is_self_or_super(inner.value):
                name = inner.attr
            if name and PRIVATE.match(name) and _textual_defines(cls, name):
                found.append(f"{where}:{inner.lineno}: {node.name} uses Textual's {name}")
    if not _imports_textual(tree):
        return found  # os._exit, a namedtuple's _replace: no Textual object to reach into
    textual_names = _textual_privates()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and not _is_self_or_super(node.value)
            and PRIVATE.match(node.attr)
            and node.attr in textual_names
            and node.attr not in coach_names
        ):
            found.append(f"{where}:{node.lineno}: reads Textual's {node.attr}")
    return found


def _imports_textual(tree: ast.Module) -> bool:
    return any(
        (isinstance(node, ast.ImportFrom) and (node.module or "").startswith("textual"))
        or (isinstance(node, ast.Import) and any(a.name.startswith("textual") for a in node.names))
        for node in ast.walk(tree)
    )


def _is_self_or_super(node: ast.expr) -> bool:
    if isinstance(node, ast.Name):
        return node.id in ("self", "cls")
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "super"
    )


def test_no_module_in_coach_uses_a_textual_internal() -> None:
    coach_names = _coach_privates() - _textual_privates()
    found = [
        line
        for path in sorted(COACH.rglob("*.py"))
        if path.name != "__main__.py"
        for line in _findings(path, coach_names)
    ]
    assert found == [], "\n".join(found)


def test_the_check_finds_what_it_looks_for(tmp_path: Path) -> None:
    """The walk itself: each kind of use it forbids is found (it cannot pass by finding
    nothing at all)."""
    assert "_notifications" in _textual_privates()  # App's toasts, which held_toasts once moved
    assert "_extend_compose" in _textual_privates()
    from textual.widgets import RadioSet

    assert _textual_defines(RadioSet, "_pressed_button")
    assert not _textual_defines(RadioSet, "_coach_only_name")
