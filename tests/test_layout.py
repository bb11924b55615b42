"""The package's shape: a folder of conformance/ is one concern, and no two folders (or top-level
modules) import each other, directly or round a loop. Imports are read with `ast`, lazy ones
inside functions included, so a loop that only shows at run time is caught too."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "conformance"
# Loops of the flat package the redesign has not opened yet (issue: one folder per concern). Each
# leaves as its modules move into their folders; none may be added.
NOT_YET_OPENED: list[set[str]] = []


def _node(module: str) -> str:
    """The folder a module of the package lives in, or the module itself at the top."""
    parts = module.split(".")[1:]
    return parts[0] if parts else ""


def import_graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = defaultdict(set)
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "languages" and len(relative.parts) > 2:
            continue  # a language's data folder (port templates), not nbe's code
        source = relative.parts[0].removesuffix(".py")
        for found in ast.walk(ast.parse(path.read_text())):
            if not isinstance(found, ast.ImportFrom) or not (found.module or "").startswith("conformance"):
                continue
            assert found.module is not None
            targets = ([f"conformance.{alias.name}" for alias in found.names] if found.module == "conformance"
                       else [found.module])
            for target in targets:
                node = _node(target)
                if node and node not in (source, "__init__"):
                    edges[source].add(node)
    return edges


def loops(edges: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected sets of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in edges.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            members = set()
            while True:
                member = stack.pop()
                members.add(member)
                if member == node:
                    break
            if len(members) > 1:
                found.append(members)

    for node in list(edges):
        if node not in index:
            visit(node)
    return found


def test_no_folder_imports_another_that_imports_it_back():
    found = loops(import_graph())
    assert [loop for loop in found if loop not in NOT_YET_OPENED] == []
    assert [loop for loop in NOT_YET_OPENED if loop not in found] == []  # an opened loop leaves the list


def test_the_loop_finder_finds_a_loop_through_three():
    assert loops({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [{"a", "b", "c"}]
    assert loops({"a": {"b"}, "b": {"c"}}) == []


def test_the_package_shows_at_most_seventeen_entries():
    entries = [p.name for p in PACKAGE.iterdir() if p.name != "__pycache__"]
    assert len(entries) <= 17, sorted(entries)


def test_the_folders_are_packages_with_a_docstring_that_says_their_concern():
    folders = ("check", "cleanup", "commands", "compare", "config", "languages", "project", "pytest_plugin",
               "reports", "result", "runtimes", "servers")
    assert sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()) == list(folders)
    for folder in folders:
        init = PACKAGE / folder / "__init__.py"
        assert ast.get_docstring(ast.parse(init.read_text())), folder


def test_the_tests_mirror_the_package():
    """tests/<folder>/ holds the tests of conformance/<folder>/, so a reader finds them by the code's place."""
    helpers = {"fixtures", "ports"}  # data the tests run, not tests
    folders = {p.name for p in (REPO / "tests").iterdir() if p.is_dir() and p.name not in helpers | {"__pycache__"}}
    assert folders <= {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert all(list((REPO / "tests" / folder).glob("test_*.py")) for folder in folders)
