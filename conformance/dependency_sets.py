"""Dependency sets: what a port declares in its manifests (e.g. requirements.txt), built once
per distinct content into a folder under nbe's cache (`{deps}`) and shared by every port that
declares the same, such as the many ports of a tree that use its shared docker/<client>/ files."""

from __future__ import annotations

from pathlib import Path

from conformance.builds import build_once, run_step
from conformance.cache import cache_dir
from conformance.inputs import Files, content_hash, read, shared_dir
from conformance.runtime import Job


def dependency_set(job: Job) -> Path | None:
    """The folder of the port's dependency set, built now if it is not yet; None when the
    language has none or the port declares none (it then runs with what the language gives)."""
    declared = job.language.dependencies
    if declared is None:
        return None
    manifests = _manifests(declared.manifests, job.port_dir)
    if not manifests:
        return None
    folder = _folder(job, manifests)

    def build(into: Path) -> None:
        _write(manifests, into)
        for step in declared.build:
            run_step(job.language, step, into, {"deps": str(into), "src": str(into)})

    build_once(folder, build)
    return folder


def _manifests(names: tuple[str, ...], port_dir: Path) -> Files:
    """Each manifest the port has, else the tree's shared one (docker/<client>/)."""
    shared = shared_dir(port_dir)
    found: Files = {}
    for name in names:
        for path in (port_dir / name, shared / name if shared else None):
            if path is not None and path.is_file():
                found[name] = read(path)
                break
    return found


def _folder(job: Job, manifests: Files) -> Path:
    """Named by the manifests and the build commands as they run here (`{python}` filled in, so
    a set built with another interpreter is another set)."""
    language = job.language
    declared = language.dependencies
    assert declared is not None
    steps = [" ".join(language.expand(step, deps="{deps}", src="{src}")) for step in declared.build]
    digest = content_hash(manifests, language.name, *steps)
    return cache_dir() / "deps" / f"{language.name}-{digest[:16]}"


def _write(files: Files, folder: Path) -> None:
    for name, (content, mode) in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
        (folder / name).chmod(mode)
