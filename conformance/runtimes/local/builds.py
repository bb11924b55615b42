"""Local builds of compiled ports, kept between runs: one folder per port and hash of its
inputs, so a warm check runs the port without building it again. Toolchain caches (modules,
crates, jars) live under the language's cache folder and survive a changed port; dependency
sets (deps.py) are built the same way, once per distinct manifests."""

from __future__ import annotations

import fcntl
import re
import shlex
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from conformance.compare.normalize import decode
from conformance.config.cache import cache_dir
from conformance.languages import Language
from conformance.runtimes.build_failures import DiagnosedBuildError, diagnose
from conformance.runtimes.capture import run_captured
from conformance.runtimes.inputs import content_hash, definition_hash, overlay_shared, port_files
from conformance.runtimes.protocol import BUILD_TIMEOUT, BuildError, Job

_MARKER = ".nbe-built"


def built_port(job: Job, places: dict[str, str]) -> Path:
    """The folder holding the port built from its current inputs; built now if it is not yet."""
    folder = _build_folder(job)

    def build(into: Path) -> None:
        with _one_build_at_a_time(job.language):
            copy_port(job, into)
            for step in job.language.build:
                run_step(job.language, step, into, {**places, "src": str(into)})

    build_once(folder, build)
    return folder


@contextmanager
def _one_build_at_a_time(language: Language) -> Iterator[None]:
    """For `serial_builds: true` (Rust): builds that share a toolchain build folder judging
    staleness by time must not overlap, copy included. Two Rust ports with the same package name
    and manifests are one cargo unit there: a port copied while another compiles would look older
    than that build, and cargo would hand it the other port's program. Across nbe processes too."""
    if not language.serial_builds:
        yield
        return
    lock_path = language.cache_dir / "builds.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def build_once(folder: Path, build: Callable[[Path], None]) -> None:
    """`build(folder)` unless a finished build is there; a parallel build of the same folder waits
    for this one, then reuses it. What a build that died half-way left is removed first."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.with_name(folder.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (folder / _MARKER).exists():
            return
        shutil.rmtree(folder, ignore_errors=True)
        try:
            build(folder)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        (folder / _MARKER).touch()


def copy_port(job: Job, folder: Path) -> None:
    # Fresh times, not the port's: toolchains that judge staleness by time (cargo in its build-dir
    # shared by every port, make) must see the copy as newer than anything they built before,
    # such as another port of the same package name whose files are older.
    shutil.copytree(job.port_dir, folder, symlinks=True, copy_function=shutil.copy)
    overlay_shared(job.language, job.port_dir, folder)


def _build_folder(job: Job) -> Path:
    files = port_files(job.language, job.port_dir)
    digest = content_hash(files, definition_hash(job.language))
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", job.port.name)
    return cache_dir() / "builds" / f"{slug}-{digest[:16]}"


def run_step(language: Language, step: tuple[str, ...], folder: Path, places: dict[str, str]) -> None:
    argv = language.expand(step, **places)
    built = run_captured(argv, cwd=str(folder), env=language.environment(**places), timeout=BUILD_TIMEOUT)
    if built.timed_out:
        raise BuildError(f"build timed out after {BUILD_TIMEOUT:.0f}s: {shlex.join(argv)}")
    if built.returncode != 0:
        log = decode(built.stdout[-8192:] + built.stderr_tail[-8192:])
        failed = f"build failed (exit code {built.returncode}): {shlex.join(argv)}"
        found = diagnose(language, log)
        if found is None:
            raise BuildError(failed, log)
        raise DiagnosedBuildError(f"build failed: {found.reason}", f"{failed}\n{log}", found.cause)
