"""Everyday use of the command line: --root after the subcommand, help in sections, comma lists,
targets as tab completion writes them, --color and FORCE_COLOR, the report files said, and
`nbe new`'s copy, hints and refusal."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEED_EXAMPLE, as_from_a_terminal

from conformance.cli import build_parser
from conformance.reports.colour import use_colour

TARGET = f"{SEED_EXAMPLE}/python"
PASS_LINE = f"PASS    {TARGET}"
COLOURED_PASS = "\x1b[32mPASS   \x1b[0m"


def bare(nbe, *args: str, cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    """nbe as a person types it: no --root put before the subcommand by the fixture."""
    return subprocess.run([sys.executable, "-m", "conformance", *args], env=nbe.env(**env), cwd=cwd,
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
                          preexec_fn=as_from_a_terminal)


# 5. --color and FORCE_COLOR

class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("choice", "env", "terminal", "coloured"), [
    ("always", {"NO_COLOR": "1"}, False, True),
    ("never", {"FORCE_COLOR": "1"}, True, False),
    ("auto", {}, True, True),
    ("auto", {}, False, False),
    ("auto", {"NO_COLOR": "1"}, True, False),
    ("auto", {"FORCE_COLOR": "1"}, False, True),
    ("auto", {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, False),
    ("auto", {"FORCE_COLOR": "", "NO_COLOR": ""}, True, True),  # empty is unset
    (None, {"FORCE_COLOR": "1"}, False, True),
])
def test_the_one_answer_to_whether_output_is_coloured(choice, env, terminal, coloured):
    assert use_colour(choice, _Terminal() if terminal else io.StringIO(), env) is coloured


@pytest.mark.parametrize(("flags", "env", "coloured"), [
    ((), {"NO_COLOR": "", "FORCE_COLOR": "1"}, True),
    ((), {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
    (("--color", "always"), {"NO_COLOR": "1"}, True),
    (("--color", "never"), {"NO_COLOR": "", "FORCE_COLOR": "1"}, False),
])
def test_run_colours_its_lines_as_asked(nbe, flags, env, coloured):
    run = nbe("run", "--runtime", "local", TARGET, *flags, **env)
    assert run.returncode == 0, run.stdout + run.stderr
    assert (COLOURED_PASS in run.stdout) is coloured, run.stdout
    assert (PASS_LINE in run.stdout) is not coloured


def test_drift_colours_its_progress_as_asked(nbe):
    drift = nbe("drift", "--runtime", "local", "--color", "always")
    assert drift.returncode == 0, drift.stderr
    assert COLOURED_PASS in drift.stderr and "\x1b[" not in drift.stdout  # the report itself is text
