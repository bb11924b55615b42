"""What every benchmark needs first: the `nbe` console script of this environment."""

from __future__ import annotations

import os
import shutil
import sys


def nbe_command() -> str:
    """The nbe installed beside this interpreter (else on PATH); exits with a hint if none."""
    found = shutil.which("nbe", path=os.path.dirname(sys.executable)) or shutil.which("nbe")
    if not found:
        raise SystemExit("nbe is not installed in this environment: pip install . first")
    return found
