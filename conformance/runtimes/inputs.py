"""A port's inputs: the files its `image_inputs` patterns select, and one hash over files.
The Docker image tag and the local build folder are both named by it, so the two runtimes
agree on what "the port changed" means. A tree's shared build files for the port's client
(`docker/<client>/`, as NATS by Example keeps them) are overlaid under the port's own; the few a
recipe reads as they are also go in as `<name>.shared`."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from conformance.languages import Language
from conformance.project import RECORDINGS

Files = dict[str, tuple[bytes, int]]  # relative path -> (content, mode)
FORMAT = "1"  # bump when the way inputs are hashed changes
# A shared folder's build recipe is not overlaid: the language's Dockerfile (or the port's own) builds it.
_RECIPE = re.compile(r"(.*/)?(Dockerfile(\..*)?|(docker-)?compose([.-].*)?\.ya?ml)")


def port_files(language: Language, port_dir: Path) -> Files:
    """The port's input files: the tree's shared build files, then the port's own (they win), and
    the shared files the language keeps as they are (`shared_copies`) as `<name>.shared`."""
    shared = _in_shared_dir(language, port_dir)
    return {**_overlaid(shared), **_selected(language, port_dir), **shared_copies(language, shared)}


def shared_copies(language: Language, shared: Files) -> Files:
    """`<name>.shared` for each shared file named in `shared_copies`: a recipe that reads the shared
    one (Java's dependencies, the tools a shared Dockerfile pins) or tells it from the port's own
    (Node's lockfile) finds it there."""
    return {f"{name}.shared": shared[name] for name in language.shared_copies if name in shared}


def _in_shared_dir(language: Language, port_dir: Path) -> Files:
    """The inputs in the tree's `docker/<client>/` for this port."""
    shared = shared_dir(port_dir)
    return _selected(language, shared) if shared is not None and shared.is_dir() else {}


def _overlaid(shared: Files) -> Files:
    """What is overlaid under the port's own: its Dockerfile and compose files left out."""
    return {name: data for name, data in shared.items() if not _RECIPE.fullmatch(name)}


def shared_dir(port_dir: Path) -> Path | None:
    """`<root>/docker/<client>/` for a port at `<root>/examples/<category>/<example>/<client>/`."""
    parents = port_dir.parents
    return parents[3] / "docker" / port_dir.name if len(parents) > 3 else None


def overlay_shared(language: Language, port_dir: Path, folder: Path) -> None:
    """Write the shared build files the port's copy in `folder` does not have itself."""
    shared = _in_shared_dir(language, port_dir)
    write_files({name: data for name, data in _overlaid(shared).items() if not (folder / name).exists()}, folder)
    write_files(shared_copies(language, shared), folder)


def write_files(files: Files, folder: Path) -> None:
    for name, (content, mode) in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        target.chmod(mode)


def _selected(language: Language, folder: Path) -> Files:
    """The folder's files that `image_inputs` selects; hidden files and folders are never inputs."""
    files: Files = {}
    for pattern in language.image_inputs:
        for path in sorted(folder.glob(pattern)):
            relative = path.relative_to(folder).as_posix()
            if path.is_file() and not any(part.startswith(".") for part in relative.split("/")) \
                    and relative not in RECORDINGS:
                files[relative] = read(path)
    return files


def read(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), 0o755 if path.stat().st_mode & 0o111 else 0o644


def content_hash(files: Files, *extra: str) -> str:
    digest = hashlib.sha256(FORMAT.encode())
    for value in extra:
        digest.update(b"\0" + value.encode())
    for name in sorted(files):
        content, mode = files[name]
        digest.update(f"\0{name}\0{mode:o}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()


def definition_hash(language: Language) -> str:
    """A hash of the language's folder (language.yaml, scripts, a pom.xml it supplies; not its
    template): a change to any of them makes every local build of the language stale."""
    files = {path.relative_to(language.folder).as_posix(): read(path)
             for path in sorted(language.folder.rglob("*"))
             if path.is_file() and path.relative_to(language.folder).parts[0] != "template"}
    return content_hash(files)
