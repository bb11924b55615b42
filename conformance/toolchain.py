"""Is a language's toolchain here? A cheap look on PATH before every check, and the language's
own probe (which prints a version) when a build fails and for `nbe doctor`."""

from __future__ import annotations

import os
import shutil
import subprocess
from typing import NamedTuple

from conformance.language import Language
from conformance.normalize import normalize


class Probe(NamedTuple):
    ok: bool
    line: str  # the version line it printed, or why it failed


def missing_program(language: Language) -> str | None:
    """The run or build program that is not installed here, if any."""
    for argv in (language.run, *language.build):
        if "{src}" in argv[0] or argv[0].startswith("."):
            continue  # the port's own build output, not a toolchain
        program = language.expand(argv[:1])[0]
        found = os.access(program, os.X_OK) if os.sep in program else shutil.which(program)
        if not found:
            return program
    return None


def probe(language: Language) -> Probe:
    argv = language.expand(language.probe)
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError) as exc:
        return Probe(False, f"{argv[0]}: {exc}")
    lines = normalize(done.stdout or done.stderr).splitlines()  # no colour codes (Maven prints some)
    if done.returncode != 0:
        return Probe(False, lines[-1] if lines else f"{argv[0]} exited with code {done.returncode}")
    return Probe(True, lines[0] if lines else "(no version printed)")


def install_hint(language: Language) -> str:
    return f"; install {language.install}" if language.install else ""
