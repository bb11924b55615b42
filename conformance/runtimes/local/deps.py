"""Dependency sets: what a port declares in its manifests (e.g. requirements.txt), built once
per distinct content into a folder under nbe's cache (`{deps}`) and shared by every port that
declares the same, such as the many ports of a tree that use its shared docker/<client>/ files."""

from __future__ import annotations

from pathlib import Path

from conformance.config.cache import cache_dir
from conformance.runtimes.inputs import Files, content_hash, port_files, write_files
from conformance.runtimes.local.builds import build_once, run_step
from conformance.runtimes.protocol import Job


def dependency_set(job: Job) -> Path | None:
    """The folder of the port's dependency set, built now if it is not yet; None when the
    language has none or the port declares none (it then runs with what the language gives)."""
    declared = job.language.dependencies
    if declared is None:
        return None
    manifests = _manifests(job, declared.manifests)
    if not manifests:
        return None
    folder = _folder(job, manifests)

    def build(into: Path) -> None:
        write_files(manifests, into)
        for step in declared.build:
            run_step(job.language, step, into, {"deps": str(into), "src": str(into)})

    build_once(folder, build)
    return folder


def _manifests(job: Job, names: tuple[str, ...]) -> Files:
    """Each manifest among the port's inputs: its own, else the tree's shared one (docker/<client>/).
    A manifest is always an input (image_inputs), or a changed one would not rebuild the image."""
    return {name: data for name, data in port_files(job.language, job.port_dir).items() if name in names}


def _folder(job: Job, manifests: Files) -> Path:
    """Named by the manifests and the build commands as they run here (`{python}` filled in, so
    a set built with another interpreter is another set)."""
    language = job.language
    declared = language.dependencies
    assert declared is not None
    steps = [" ".join(language.expand(step, deps="{deps}", src="{src}")) for step in declared.build]
    digest = content_hash(manifests, language.name, *steps)
    return cache_dir() / "deps" / f"{language.name}-{digest[:16]}"

