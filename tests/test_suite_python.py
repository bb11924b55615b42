"""The suite's Python ports are its reference: each one, run through nbe in both runtimes, must
print its example's canonical output exactly, with no rule; and that output must be one every
other language can print (no Python reprs)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO, SEED_EXAMPLE, SUITE, snapshot
from port_check import require_docker, stand_in_image

# What only Python would print: a bytes or dict repr, or Python's spelling of booleans and None.
PYTHON_ONLY = re.compile(r"\bb'|\bb\"|\{'|\b(True|False|None)\b")


@pytest.fixture
def project(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """A project holding one suite example: its meta.yaml, its Python port, its expected output."""
    example = request.node.callspec.params["example"]
    root = tmp_path / "project"
    source = REPO / "examples" / example
    (root / "examples" / example).mkdir(parents=True)
    shutil.copy(source / "meta.yaml", root / "examples" / example)
    shutil.copytree(source / "python", root / "examples" / example / "python")
    shutil.copytree(REPO / "expected" / example, root / "expected" / example)
    return root


@pytest.mark.parametrize("runtime", ["local", "docker"])
@pytest.mark.parametrize("example", SUITE)
def test_python_port_prints_the_canonical_output(nbe, project: Path, example: str, runtime: str) -> None:
    target = f"{example}/python"
    args = ["run", target, "--runtime", runtime]
    if runtime == "docker":
        require_docker("python")
        args += ["--image", f"python={stand_in_image('python')}"]
    before = snapshot(project)
    run = nbe(*args, timeout=1800)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"PASS    {target}" in run.stdout, run.stdout
    assert " fired" not in run.stdout, f"the reference needs no rule or mask:\n{run.stdout}"
    assert snapshot(project) == before


@pytest.mark.parametrize("example", SUITE)
def test_suite_example_is_complete_and_language_neutral(example: str) -> None:
    port = REPO / "examples" / example / "python"
    assert (port / "main.py").is_file()
    seed_pin = (REPO / "examples" / SEED_EXAMPLE / "python" / "requirements.txt").read_text()
    assert (port / "requirements.txt").read_text() == seed_pin, "pin the client as the seed does"
    assert "NATS_URL" in (port / "main.py").read_text()
    expected = (REPO / "expected" / example / "output.txt").read_text()
    assert expected.strip(), f"{example}: empty expected output"
    python_only = [line for line in expected.splitlines() if PYTHON_ONLY.search(line)]
    assert not python_only, f"{example}: lines only Python would print: {python_only}"
