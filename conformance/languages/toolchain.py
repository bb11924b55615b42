"""Is a language's toolchain here? A cheap look on PATH before every check, and the language's
own probe (which prints a version) when a build fails. `local_toolchain` is both in one answer,
which `nbe list`, `nbe doctor` and the local runtime's skips all give (so the conformance page,
which shows the runtime's results, gives it too). A probe runs once per process."""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import lru_cache
from typing import NamedTuple

from conformance.compare.normalize import normalize
from conformance.languages import Language


class Probe(NamedTuple):
    ok: bool
    line: str  # the version line it printed, or what is wrong


def local_toolchain(language: Language) -> Probe:
    """Can the language's ports be built and run here: its programs are on PATH and its probe
    passes. Failing, the line says why (`make not found`, the compiler's `fatal error: ...`)."""
    program = missing_program(language)
    if program:
        return Probe(False, f"{program} not found")
    return probe(language)


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
    return _probe(tuple(language.expand(language.probe)))


@lru_cache(maxsize=None)
def _probe(argv: tuple[str, ...]) -> Probe:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError) as exc:
        return Probe(False, f"{argv[0]}: {exc}")
    if done.returncode != 0:
        return Probe(False, what_is_wrong(done.stderr + "\n" + done.stdout)
                     or f"{argv[0]} exited with code {done.returncode}")
    lines = normalize(done.stdout or done.stderr).splitlines()  # no colour codes (Maven prints some)
    return Probe(True, lines[0] if lines else "(no version printed)")


def what_is_wrong(output: str) -> str:
    """The line of a failed probe's output that says what is wrong: the first naming an error
    (`fatal error: nats/version.h: ...`, not the `compilation terminated.` after it), else the
    first saying something is not found, else the last line."""
    lines = [line.strip() for line in normalize(output).splitlines() if line.strip()]
    for words in (("error",), ("not found", "no such file")):
        found = next((line for line in lines if any(word in line.lower() for word in words)), None)
        if found:
            return found
    return lines[-1] if lines else ""


def install_hint(language: Language) -> str:
    return f"; install {language.install}" if language.install else ""
