"""Local builds of compiled ports, kept between runs: one folder per port and hash of its
inputs, so a warm check runs the port without building it again. Toolchain caches (modules,
crates, jars) live under the language's cache folder and survive a changed port."""

from __future__ import annotations

import fcntl
import re
import shlex
import shutil
from pathlib import Path

from conformance.cache import cache_dir
from conformance.capture import run_captured
from conformance.inputs import content_hash, port_files
from conformance.language import Language
from conformance.normalize import decode
from conformance.runtime import BUILD_TIMEOUT, BuildError, Job

_MARKER = ".nbe-built"


def built_port(job: Job) -> Path:
    """The folder holding the port built from its current inputs; built now if it is not yet."""
    folder = _build_folder(job)
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.with_name(folder.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a parallel check of the same port waits, then reuses
        if (folder / _MARKER).exists():
            return folder
        shutil.rmtree(folder, ignore_errors=True)  # what a build that died half-way left
        shutil.copytree(job.port_dir, folder, symlinks=True)
        try:
            for step in job.language.build:
                _run_step(job.language, step, folder)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        (folder / _MARKER).touch()
    return folder


def _build_folder(job: Job) -> Path:
    files = port_files(job.language, job.port_dir)
    digest = content_hash(files, (job.language.folder / "language.yaml").read_text(encoding="utf-8"))
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", job.port.name)
    return cache_dir() / "builds" / f"{slug}-{digest[:16]}"


def _run_step(language: Language, step: tuple[str, ...], folder: Path) -> None:
    argv = language.expand(step, src=str(folder))
    built = run_captured(argv, cwd=str(folder), env=language.environment(src=str(folder)), timeout=BUILD_TIMEOUT)
    if built.timed_out:
        raise BuildError(f"build timed out after {BUILD_TIMEOUT:.0f}s: {shlex.join(argv)}")
    if built.returncode != 0:
        log = decode(built.stdout[-8192:] + built.stderr_tail[-8192:])
        raise BuildError(f"build failed (exit code {built.returncode}): {shlex.join(argv)}", log)
