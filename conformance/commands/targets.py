"""Targets as a shell's tab completion writes them, made the names selection knows: a path to a
folder of the examples tree (`examples/messaging/pub-sub/go/`, `./examples/messaging/pub-sub`,
or from inside the tree `pub-sub/go/`) becomes `messaging/pub-sub/go`. What is not such a path is
left as it is, for selection to judge (and refuse a name that would leave the tree)."""

from __future__ import annotations

import os
from pathlib import Path

from conformance.project import Project

EXAMPLES = "examples"  # the examples folder of a tree, relative to its root (nbe's layout and upstream's)


def normalise(project: Project | None, targets: list[str]) -> list[str]:
    """Each target as a name under the examples folder; a target naming the whole folder
    (`examples/`) is dropped, as no target means every port."""
    names = [_name(project, target) for target in targets]
    return [name for name in names if name is not None]


def _name(project: Project | None, target: str) -> str | None:
    if project is not None:
        inside = _inside_examples(project, target)
        if inside is not None:
            return inside or None
    trimmed = target
    while trimmed.startswith("./"):
        trimmed = trimmed[2:].lstrip("/")
    trimmed = trimmed.rstrip("/") or trimmed  # "/" stays: selection refuses it as an absolute path
    prefix = _examples_prefix(project)
    if trimmed == prefix:
        return None
    if trimmed.startswith(prefix + "/") and not (project and (project.examples / trimmed).exists()):
        trimmed = trimmed[len(prefix) + 1:]
    return trimmed


def _inside_examples(project: Project, target: str) -> str | None:
    """An existing path (from here, or absolute) inside the project's examples folder, as a name
    under it ("" for the folder itself); None for anything else. Lexical: a link is not followed
    here, and selection still refuses a port that links out of the tree."""
    if not target or "\\" in target:
        return None
    here = Path.cwd().resolve()
    path = Path(os.path.normpath(here / target))
    examples = project.examples  # its root is resolved (find_project)
    if path != examples and examples not in path.parents:
        return None
    if not path.exists():
        return None
    return path.relative_to(examples).as_posix() if path != examples else ""


def _examples_prefix(project: Project | None) -> str:
    if project is None:
        return EXAMPLES
    return project.relative(project.examples)
