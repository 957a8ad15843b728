"""The tests themselves: each test function asserts what it checks, and no fixture passes for a
test by its name.

A test counts as asserting when its own body (nested functions included) holds an ``assert``,
a ``pytest.raises``/``warns``/``fail``, or a call to a helper of the tests whose name says it
checks (``assert_*``, ``check_*``) and which itself asserts. A test that only runs code and
relies on "no exception" says nothing of what it expects: give it an assertion.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
ALLOWED: frozenset[str] = frozenset()
"""``path::name`` of tests reviewed and allowed to assert nothing (none so far)."""

Function = ast.FunctionDef | ast.AsyncFunctionDef


def modules() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(TESTS.rglob("*.py")):
        if "__snapshots__" not in path.parts:
            yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def functions(tree: ast.AST) -> Iterator[Function]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def is_fixture(node: Function) -> bool:
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(target, ast.Attribute) and target.attr == "fixture":
            return True
        if isinstance(target, ast.Name) and target.id == "fixture":
            return True
    return False


def called(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def asserts(node: ast.AST, helpers: frozenset[str]) -> bool:
    for inner in ast.walk(node):
        if isinstance(inner, ast.Assert):
            return True
        if isinstance(inner, ast.Call):
            func = inner.func
            if (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.value.id == "pytest"
                and func.attr in ("raises", "warns", "fail")
            ):
                return True
            if called(inner) in helpers:
                return True
    return False


TEXTUAL_HOOKS = frozenset({"check_action", "check_consume_key"})
"""Methods Textual calls, named ``check_`` by Textual: a test's screen may define them."""


def checking_helpers(trees: list[tuple[Path, ast.Module]]) -> tuple[frozenset[str], list[str]]:
    """The names of the tests' ``assert_*``/``check_*`` helpers that do assert, and those that
    are so named yet assert nothing (reached through each other, to a fixed point)."""
    named = {
        f"{path.relative_to(TESTS)}::{node.name}": node
        for path, tree in trees
        for node in functions(tree)
        if node.name.startswith(("assert_", "check_")) and node.name not in TEXTUAL_HOOKS
    }
    good: set[str] = set()
    while True:
        found = {
            where.split("::")[1] for where, node in named.items() if asserts(node, frozenset(good))
        }
        if found == good:
            break
        good = found
    empty = [where for where, node in named.items() if node.name not in good]
    return frozenset(good), empty


def test_every_test_function_asserts_what_it_checks() -> None:
    trees = list(modules())
    helpers, _ = checking_helpers(trees)
    silent = [
        f"{path.relative_to(TESTS)}::{node.name}"
        for path, tree in trees
        if path.name.startswith("test_")
        for node in functions(tree)
        if node.name.startswith("test") and not is_fixture(node)
        if not asserts(node, helpers)
    ]
    assert sorted(set(silent) - ALLOWED) == [], "tests that assert nothing of their own"
    assert sorted(ALLOWED - set(silent)) == [], "allowed but asserting now: drop from ALLOWED"


def test_helpers_named_to_check_do_check() -> None:
    _, empty = checking_helpers(list(modules()))
    assert empty == []


def test_no_fixture_is_named_like_a_test() -> None:
    named = [
        f"{path.relative_to(TESTS)}::{node.name}"
        for path, tree in modules()
        for node in functions(tree)
        if is_fixture(node) and node.name.startswith("test")
    ]
    assert named == []


def test_the_check_finds_a_test_that_asserts_nothing() -> None:
    """The walk itself: a silent test is found, an asserting one and its helper are not."""
    tree = ast.parse(
        "def check_it(x):\n    assert x\n\n"
        "def test_silent():\n    run()\n\n"
        "def test_helped():\n    check_it(1)\n\n"
        "async def test_raises():\n    with pytest.raises(ValueError):\n        run()\n"
    )
    helpers, empty = checking_helpers([(TESTS / "test_x.py", tree)])
    assert helpers == {"check_it"} and empty == []
    found = {node.name: asserts(node, helpers) for node in functions(tree)}
    assert found == {
        "check_it": True,
        "test_silent": False,
        "test_helped": True,
        "test_raises": True,
    }
