"""Choosing the runtime: --runtime, else NBE_RUNTIME, else auto (Docker when an engine answers)."""

from __future__ import annotations

import os

from conformance.errors import UsageError
from conformance.runtime import Runtime
from conformance.runtime_local import LocalRuntime

CHOICES = ("auto", "local", "docker")


def choose_runtime(flag: str | None) -> tuple[Runtime, str]:
    """The runtime to use and why it was chosen, for the report's first line."""
    requested, source = (flag, "--runtime") if flag else (os.environ.get("NBE_RUNTIME"), "NBE_RUNTIME")
    if requested and requested not in CHOICES:
        raise UsageError(f"{source}={requested}: expected one of {', '.join(CHOICES)}")
    if requested == "local":
        return LocalRuntime(), f"{source} local"
    if requested == "docker":
        raise UsageError("the docker runtime is not available in this version; use --runtime local")
    return LocalRuntime(), "auto: the docker runtime is not available in this version"
