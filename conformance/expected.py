"""Expected-output files: which one a port is compared with, and where its actual output goes."""

from __future__ import annotations

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
        """The normalised expected text, or None when the file is missing; UnreadableExpected
        when it cannot be read as text."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise UnreadableExpected(f"cannot read it: {exc.strerror or exc}") from None
        try:
            return normalize(data.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise UnreadableExpected(f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None


class UnreadableExpected(Exception):
    """The expected file exists but is not text nbe can compare with."""


def expected_for(project: Project, port: Port) -> ExpectedFile:
    folder = project.expected / port.category / port.example
    override = folder / f"{port.language}.txt"
    has_override = override.is_file()
    return ExpectedFile(
        path=override if has_override else folder / CANONICAL,
        override=has_override,
        actual_path=folder / f"{port.language}.actual",
    )


def remove_stale(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
