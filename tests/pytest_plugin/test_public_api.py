"""The plugin keeps to pytest's public API (so that it runs on every pytest from the oldest it
supports, see test_installs.py): pytest's private modules only behind a fallback."""

from __future__ import annotations

import ast

from conftest import REPO

PLUGIN = REPO / "conformance" / "pytest_plugin"


def test_pytests_private_modules_are_imported_only_behind_a_public_fallback():
    """Every `_pytest` import sits in a try whose handler catches ImportError."""
    unguarded = []
    for path in PLUGIN.glob("*.py"):
        tree = ast.parse(path.read_text())
        guarded = {id(node) for t in ast.walk(tree) if isinstance(t, ast.Try) and _catches_import_error(t)
                   for stmt in t.body for node in ast.walk(stmt)}
        for node in ast.walk(tree):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(name.split(".")[0] == "_pytest" for name in names) and id(node) not in guarded:
                unguarded.append(f"{path.name}:{node.lineno}")
    assert not unguarded, f"pytest's private modules imported with no fallback: {unguarded}"


def _catches_import_error(node: ast.Try) -> bool:
    caught = [ast.unparse(handler.type) if handler.type else "" for handler in node.handlers]
    return any(not name or "ImportError" in name or name == "Exception" for name in caught)
