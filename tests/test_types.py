"""The package type-checks under strict mypy (configured in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO


def test_strict_mypy_passes():
    pytest.importorskip("mypy", reason="mypy is in the dev dependency group: pip install -e . --group dev")
    done = subprocess.run([sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
