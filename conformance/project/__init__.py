"""The project tree nbe works on: where examples/, expected/ and languages/ are. Beside it, what
is read of the tree: its ports and their order (ports, order), which of them a run takes
(selection), each example's meta.yaml (meta, meta_schema, examples), nbe.yaml (settings), the
expected output of a port (expected), the table of every port (suite), drift's references
(references), and what the tree's git history and recordings say (staleness, recorded_time)."""

from __future__ import annotations

import os
from typing import NamedTuple
from pathlib import Path

from conformance.errors import UsageError


# What a port folder records of its runs (NATS by Example's layout): expected output, not input.
RECORDINGS = frozenset({"output.txt", "output.cast"})


class Project(NamedTuple):
    root: Path

    @property
    def examples(self) -> Path:
        return self.root / "examples"

    @property
    def expected(self) -> Path:
        return self.root / "expected"

    def relative(self, path: Path) -> str:
        """How to show a path of the project to its user: relative to the project root."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


def find_project(explicit: str | None) -> Project:
    """--root, else NBE_ROOT, else the nearest folder upward from here that has examples/."""
    chosen = explicit or os.environ.get("NBE_ROOT")
    if chosen:
        root = Path(chosen).resolve()
        if not (root / "examples").is_dir():
            raise UsageError(f"{chosen}: no examples/ folder there")
        return Project(root)
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if (candidate / "examples").is_dir():
            return Project(candidate)
    raise UsageError("no examples/ folder here or above; run nbe inside a project or pass --root DIR")
