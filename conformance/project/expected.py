"""Expected-output files: which one a port is compared with, and where its actual output goes.
In this order: `expected/<cat>/<ex>/<lang>.txt` (an override), `expected/<cat>/<ex>/output.txt`
(the canonical output), the port's own recorded `output.txt` (NATS by Example's layout)."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from conformance.atomic import write_atomically
from conformance.compare.normalize import normalize
from conformance.project import Project
from conformance.project.ports import Port, resolve

CANONICAL = "output.txt"
OVERRIDE, SHARED, RECORDING = "override", "canonical", "recording"


class FileNames(NamedTuple):
    """How the files of one thing compared are named: stdout's, or the wire's (--wire)."""

    canonical: str  # shared by the example's ports: expected/<cat>/<ex>/<canonical>
    override: str  # one language's: expected/<cat>/<ex>/<language><override>
    actual: str  # a mismatching actual one: <language><actual>


STDOUT = FileNames(CANONICAL, ".txt", ".actual")
WIRE = FileNames("wire.txt", ".wire.txt", ".wire.actual")
STATE = FileNames("state.json", ".state.json", ".state.actual")
FILES = {"": STDOUT, "wire": WIRE, "state": STATE}  # by the aspect a file is of ("": stdout)
ACTUALS = Path(".nbe") / "actual"  # for recordings: outside their tree's tracked files


class ExpectedFile(NamedTuple):
    """The file a port is compared with, with everything a verdict says of it: judging needs no project."""

    path: Path  # the file compared with (it may not exist yet)
    kind: str  # OVERRIDE, SHARED or RECORDING
    actual_path: Path  # where a mismatching actual output is saved
    shown: str = ""  # `path` as messages show it: relative to the project
    shown_actual: str = ""  # `actual_path` likewise
    sharers: tuple[str, ...] = ()  # SHARED: every port of the example compared with it, in tree order
    ignoring_dir: Path | None = None  # nbe's own folder in the tree, when the actual output goes there

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


def expected_for(project: Project, port: Port, actual_dir: Path | None = None,
                 names: FileNames = STDOUT) -> ExpectedFile:
    found = _expected_path(project, port, actual_dir, names)
    sharers: tuple[str, ...] = ()
    if found.kind == SHARED:
        sharers = tuple(p.name for p in resolve(project, [port.example_name])
                        if _expected_path(project, p, None, names).path == found.path)
    return _shown(project, found)._replace(sharers=sharers)


def _expected_path(project: Project, port: Port, actual_dir: Path | None, names: FileNames) -> ExpectedFile:
    folder = project.expected / port.category / port.example
    override, shared = folder / f"{port.language}{names.override}", folder / names.canonical
    recorded = project.examples / port.name / CANONICAL  # a port's own recording: NATS by Example's layout
    if override.is_file():
        path, kind = override, OVERRIDE
    elif shared.is_file() or (not recorded.is_file() and project.expected.is_dir()):
        path, kind = shared, SHARED  # also where --update records a new one, in nbe's layout
    else:  # also where --update records one in upstream's layout, beside the port's output.txt
        path, kind = project.examples / port.name / names.canonical, RECORDING
    return ExpectedFile(path, kind, _actual_path(project, port, kind, actual_dir, names))


def override_for(project: Project, port: Port, actual_dir: Path | None = None,
                 names: FileNames = STDOUT) -> ExpectedFile:
    """The override of the port's language beside the canonical file (`--update --override` writes it)."""
    path = project.expected / port.category / port.example / f"{port.language}{names.override}"
    return _shown(project, ExpectedFile(path, OVERRIDE, _actual_path(project, port, OVERRIDE, actual_dir, names)))


def _shown(project: Project, expected: ExpectedFile) -> ExpectedFile:
    nbe_dir = project.root / ACTUALS.parent
    return expected._replace(shown=project.relative(expected.path), shown_actual=project.relative(expected.actual_path),
                             ignoring_dir=nbe_dir if nbe_dir in expected.actual_path.parents else None)


def _actual_path(project: Project, port: Port, kind: str, actual_dir: Path | None, names: FileNames) -> Path:
    relative = Path(port.category, port.example, f"{port.language}{names.actual}")
    if actual_dir is not None:
        return actual_dir / relative
    if kind == RECORDING:  # never beside the recording: that would dirty the port's folder
        return project.root / ACTUALS / relative
    return project.expected / relative  # git-ignored by the project (expected/**/*.actual)


def save_actual(expected: ExpectedFile, actual: str) -> None:
    """Save a port's actual output; .nbe/ ignores itself in git, so they never show up in their tree."""
    nbe_dir = expected.ignoring_dir
    if nbe_dir is not None and not (nbe_dir / ".gitignore").exists():
        nbe_dir.mkdir(parents=True, exist_ok=True)
        (nbe_dir / ".gitignore").write_text("# nbe's own files: actual outputs of checks\n*\n")
    write_atomically(expected.actual_path, actual)


def remove_stale(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
