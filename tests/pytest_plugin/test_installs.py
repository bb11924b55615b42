"""`pip install 'nbe[pytest]'` then `pytest --nbe`, as a user does: nbe installed from this
working tree into a fresh virtualenv, with the oldest pytest nbe supports (the `pytest` extra's
lower bound) and with the newest (what the extra brings today), checking the seed port locally.
Each case makes one virtualenv; pip's own cache is kept, so a second run downloads nothing."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.venv

SEED = "messaging/request-reply/python"


def _oldest_pytest() -> str:
    extra = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]["pytest"]
    found = re.fullmatch(r"pytest>=([0-9.]+)", next(req for req in extra if req.startswith("pytest")))
    assert found, f"the pytest extra names no lower bound: {extra}"
    return found.group(1)


def _source(into: Path) -> Path:
    """What a wheel of nbe is built from, copied out of the working tree (so that no build
    leaves files in it, and tests running at once do not share one)."""
    into.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(REPO / name, into / name)
    shutil.copytree(REPO / "conformance", into / "conformance", ignore=shutil.ignore_patterns("__pycache__"))
    return into


class Venv:
    def __init__(self, path: Path, tmp: Path) -> None:
        self.path = path
        # pip's temp folders apart from nbe's (which must be left empty); nothing of this checkout's own path
        self.pip_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PIP_REQUIRE_VIRTUALENV")}
        self.pip_env["TMPDIR"] = str(tmp)
        subprocess.run([sys.executable, "-m", "venv", str(path)], check=True, timeout=120)

    def pip_install(self, *requirements: str) -> None:
        done = subprocess.run([str(self.path / "bin" / "python"), "-m", "pip", "install", "-q", *requirements],
                              env=self.pip_env, capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, done.stdout + done.stderr

    def run(self, nbe, program: str, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(self.path / "bin" / program), *args], env=nbe.env(PYTHONPATH="", PYTEST_ADDOPTS=""),
                              cwd=nbe.root, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)


@pytest.fixture
def venv(tmp_path: Path) -> Venv:
    pip_tmp = tmp_path / "pip-tmp"
    pip_tmp.mkdir()
    return Venv(tmp_path / "venv", pip_tmp)


def _pytest_nbe_passes_the_seed(venv: Venv, nbe, version: str | None) -> None:
    run = venv.run(nbe, "pytest", "-p", "no:cacheprovider", "--nbe", f"--nbe-root={nbe.root}", "--nbe-runtime=local",
                   "-v", SEED)
    assert run.returncode == 0, run.stdout + run.stderr
    assert re.search(rf"pytest-{re.escape(version or '')}[0-9.]*, ", run.stdout), run.stdout
    assert f"{SEED} PASSED" in run.stdout, run.stdout


def test_pytest_nbe_on_the_oldest_pytest_nbe_supports(venv, nbe, tmp_path):
    oldest = _oldest_pytest()
    venv.pip_install(f"{_source(tmp_path / 'nbe-src')}[pytest]", f"pytest=={oldest}")
    _pytest_nbe_passes_the_seed(venv, nbe, oldest)


def test_the_pytest_extra_brings_the_newest_pytest_and_nbe_doctor_asks_for_it(venv, nbe, tmp_path):
    source = _source(tmp_path / "nbe-src")
    venv.pip_install(str(source))  # nbe alone: any `pytest` on the PATH is another environment's
    assert not (venv.path / "bin" / "pytest").exists()
    doctor = venv.run(nbe, "nbe", "doctor")
    assert f"pytest --nbe: no pytest beside nbe (in {venv.path}); install nbe with it: pip install 'nbe[pytest]'" \
        in doctor.stdout, doctor.stdout + doctor.stderr
    venv.pip_install(f"{source}[pytest]")
    doctor = venv.run(nbe, "nbe", "doctor")
    assert re.search(r"^pytest --nbe: pytest [0-9.]+ beside nbe$", doctor.stdout, re.MULTILINE), doctor.stdout
    _pytest_nbe_passes_the_seed(venv, nbe, None)
    shown = venv.run(nbe, "python", "-c", "from importlib.metadata import metadata\n"
                     "for key, value in metadata('nbe').items(): print(f'{key}: {value}')").stdout
    for line in ("License-Expression: MIT", "License-File: LICENSE", "Author: nbe developers",
                 "Classifier: Framework :: Pytest", 'Requires-Dist: pytest>=7.0; extra == "pytest"'):
        assert line in shown.splitlines(), shown
