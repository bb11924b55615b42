"""Expected-output files: which one a port is compared with, and where its actual output goes.
In this order: `expected/<cat>/<ex>/<lang>.txt` (an override), `expected/<cat>/<ex>/output.txt`
(the canonical output), the port's own recorded `output.txt` (NATS by Example's layout)."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from conformance.compare.normalize import normalize
from conformance.project import Project
from conformance.project.ports import Port

CANONICAL = "output.txt"
OVERRIDE, SHARED, RECORDING = "override", "canonical", "recording"
ACTUALS = Path(".nbe") / "actual"  # for recordings: outside their tree's tracked files


class ExpectedFile(NamedTuple):
    path: Path  # the file compared with (it may not exist yet)
    kind: str  # OVERRIDE, SHARED or RECORDING
    actual_path: Path  # where a mismatching actual output is saved

    @property
    def override(self) -> bool:
        return self.kind == OVERRIDE

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


def expected_for(project: Project, port: Port, actual_dir: Path | None = None) -> ExpectedFile:
    folder = project.expected / port.category / port.example
    override, shared = folder / f"{port.language}.txt", folder / CANONICAL
    recording = project.examples / port.name / CANONICAL
    if override.is_file():
        path, kind = override, OVERRIDE
    elif shared.is_file() or (not recording.is_file() and project.expected.is_dir()):
        path, kind = shared, SHARED  # also where --update records a new one, in nbe's layout
    else:
        path, kind = recording, RECORDING  # also where --update records one in upstream's layout
    return ExpectedFile(path, kind, _actual_path(project, port, kind, actual_dir))


def override_for(project: Project, port: Port, actual_dir: Path | None = None) -> ExpectedFile:
    """The override of the port's language beside the canonical output (`--update --override` writes it)."""
    path = project.expected / port.category / port.example / f"{port.language}.txt"
    return ExpectedFile(path, OVERRIDE, _actual_path(project, port, OVERRIDE, actual_dir))


def _actual_path(project: Project, port: Port, kind: str, actual_dir: Path | None) -> Path:
    relative = Path(port.category, port.example, f"{port.language}.actual")
    if actual_dir is not None:
        return actual_dir / relative
    if kind == RECORDING:  # never beside the recording: that would dirty the port's folder
        return project.root / ACTUALS / relative
    return project.expected / relative  # git-ignored by the project (expected/**/*.actual)


def mark_ignored(actual_path: Path, project: Project) -> None:
    """Make .nbe/ ignore itself in git, so actual outputs never show up in their tree."""
    nbe_dir = project.root / ACTUALS.parent
    if nbe_dir in actual_path.parents and not (nbe_dir / ".gitignore").exists():
        nbe_dir.mkdir(parents=True, exist_ok=True)
        (nbe_dir / ".gitignore").write_text("# nbe's own files: actual outputs of checks\n*\n")


def remove_stale(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
