"""Expected-output files: which one a port is compared with, and writing files atomically."""

from __future__ import annotations

import os
import tempfile
from typing import NamedTuple
from pathlib import Path

from conformance.normalize import normalize
from conformance.project import Project
from conformance.targets import Port

CANONICAL = "output.txt"


class ExpectedFile(NamedTuple):
    path: Path  # the file compared with (it may not exist yet)
    override: bool  # a per-language <language>.txt, not the canonical output.txt
    actual_path: Path  # where a mismatching actual output is saved

    def read(self) -> str | None:
        """The normalised expected text, or None when the file is missing."""
        try:
            return normalize(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None


def expected_for(project: Project, port: Port) -> ExpectedFile:
    folder = project.expected / port.category / port.example
    override = folder / f"{port.language}.txt"
    has_override = override.is_file()
    return ExpectedFile(
        path=override if has_override else folder / CANONICAL,
        override=has_override,
        actual_path=folder / f"{port.language}.actual",
    )


def write_atomically(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder and rename it over `path`:
    a reader (or a crash) sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def remove_stale(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
