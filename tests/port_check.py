"""One helper drives every language's port of request-reply through nbe, in either runtime.

Missing toolchains and Docker skip, except where CI says they may not: NBE_REQUIRE_TOOLCHAINS=1
(local) and NBE_REQUIRE_DOCKER=1 (docker) turn those skips into failures."""

from __future__ import annotations

import os

import pytest

EXAMPLE = "messaging/request-reply"


def stand_in_image(language: str) -> str:
    """The local base image scripts/build-base-images.sh builds for a language."""
    return f"nbe-base/{language}:local"


def _skip_or_fail(variable: str, reason: str) -> None:
    if os.environ.get(variable) == "1":
        pytest.fail(f"{variable}=1 but {reason}")
    pytest.skip(reason)


def require_docker(language: str):
    try:
        import docker

        client = docker.from_env()
        client.ping()
    except Exception as exc:
        _skip_or_fail("NBE_REQUIRE_DOCKER", f"no Docker engine: {exc}")
    try:
        client.images.get(stand_in_image(language))
    except Exception:
        _skip_or_fail("NBE_REQUIRE_DOCKER", f"{stand_in_image(language)} missing: scripts/build-base-images.sh {language}")
    return client


def check_port(nbe, language: str, runtime: str, timeout: float = 1800):
    """Run the language's port; assert it passes (exit 0, PASS line). Returns the run."""
    target = f"{EXAMPLE}/{language}"
    args = ["run", target, "--runtime", runtime]
    if runtime == "docker":
        require_docker(language)
        args += ["--image", f"{language}={stand_in_image(language)}"]
    run = nbe(*args, timeout=timeout)
    if runtime == "local" and f"SKIP    {target}" in run.stdout:
        _skip_or_fail("NBE_REQUIRE_TOOLCHAINS", f"toolchain missing: {run.stdout.strip().splitlines()[-2]}")
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"PASS    {target}" in run.stdout, run.stdout
    return run
