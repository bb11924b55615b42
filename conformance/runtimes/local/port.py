"""A port made ready to run on the local runtime: its folder (a cached build, or a scratch
copy), with the tree's shared build files under its own, and its dependency set if it declares
one; and the command and placeholders it runs with."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from conformance.languages import Language
from conformance.runtimes.local.builds import built_port, copy_port
from conformance.runtimes.local.deps import dependency_set
from conformance.runtimes.protocol import Job


class Prepared(NamedTuple):
    folder: Path
    run: tuple[str, ...]
    places: dict[str, str]  # {src}, and {deps} when the port declares a dependency set

    def command(self, language: Language) -> list[str]:
        return language.expand(self.run, **self.places)

    def environment(self, language: Language) -> dict[str, str]:
        return language.environment(**self.places)


def prepare(job: Job, scratch: Path) -> Prepared:
    """A port with a build runs from its cached build; one without, from a copy in `scratch`."""
    deps = dependency_set(job)
    places = {"deps": str(deps)} if deps is not None else {}
    if job.language.build:
        folder = built_port(job, places)
    else:
        folder = scratch / "src"
        copy_port(job, folder)
    declared = job.language.dependencies
    run = declared.run if deps is not None and declared is not None and declared.run else job.language.run
    return Prepared(folder, run, {**places, "src": str(folder)})
