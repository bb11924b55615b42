"""Where a port runs. The protocol every runtime keeps (protocol: Job, Outcome, Runtime) and the
two that do, local/ (processes on this machine) and docker/ (containers through the Engine API),
with the inputs both hash alike (inputs) and the reading of a failed build (build_failures).

Here, choosing the runtime: --runtime, else NBE_RUNTIME, else auto (Docker when an engine
answers). The choice and the reason for it are shown on the report's first line."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, NamedTuple

from conformance.errors import UsageError
from conformance.project import Project
from conformance.runtimes.protocol import Runtime

if TYPE_CHECKING:
    from conformance.runtimes.docker.api import Engine

CHOICES = ("auto", "local", "docker")


class RuntimeRequest(NamedTuple):
    flag: str | None  # --runtime
    images: dict[str, str]  # --image LANG=REF
    server_image: str | None  # --server-image, one alone
    matrix_images: tuple[str, ...] = ()  # --server-image, several: a matrix's servers


def choose_runtime(request: RuntimeRequest, project: Project) -> tuple[Runtime, str]:
    requested, source = (request.flag, "--runtime") if request.flag else (os.environ.get("NBE_RUNTIME"), "NBE_RUNTIME")
    if requested and requested not in CHOICES:
        raise UsageError(f"{source}={requested}: expected one of {', '.join(CHOICES)}")
    if requested == "local":
        return _local(), f"{source} local"
    from conformance.runtimes.docker.endpoint import EngineUnavailable, connect, connect_or_usage_error, find_endpoint

    endpoint = find_endpoint()
    if requested == "docker":
        return _docker(connect_or_usage_error(endpoint), endpoint.url, request, project), f"{source} docker"
    try:
        client = connect(endpoint)
    except EngineUnavailable as exc:
        return _local(), f"auto: {exc}"
    return (_docker(client, endpoint.url, request, project),
            f"auto: a Docker engine answered at {endpoint.url} ({endpoint.source})")


def _local() -> Runtime:
    from conformance.runtimes.local import LocalRuntime

    return LocalRuntime()


def _docker(client: Engine, endpoint: str, request: RuntimeRequest, project: Project) -> Runtime:
    from conformance.project.settings import load_project_config
    from conformance.runtimes.docker.runtime import DockerRuntime

    config = load_project_config(project)
    return DockerRuntime(client, endpoint=endpoint, base_images={**config.images, **request.images},
                         server_image=request.server_image or config.server_image,
                         matrix_images=request.matrix_images)
