"""Reaching the Docker engine the way the docker CLI does: DOCKER_HOST, else the active
`docker context`, else the default socket. The Docker SDK is imported only here, on use."""

from __future__ import annotations

import os
from typing import Any, NamedTuple

from conformance.errors import UsageError

DEFAULT_ENDPOINT = "unix:///var/run/docker.sock"
PING_TIMEOUT = 3.0


class Endpoint(NamedTuple):
    url: str
    source: str  # "DOCKER_HOST", "docker context NAME" or "default"
    tls: Any = None  # a docker.tls.TLSConfig from a context, if it has one


class EngineUnavailable(Exception):
    def __init__(self, endpoint: Endpoint, reason: str) -> None:
        super().__init__(f"no Docker engine answered at {endpoint.url} ({endpoint.source}): {reason}")
        self.endpoint = endpoint


def find_endpoint() -> Endpoint:
    host = os.environ.get("DOCKER_HOST")
    if host:
        return Endpoint(host, "DOCKER_HOST")
    try:
        from docker.context import ContextAPI

        context = ContextAPI.get_current_context()
    except Exception:  # a broken ~/.docker config is the engine's problem, not nbe's
        context = None
    if context is not None and context.Host and context.name != "default":
        return Endpoint(context.Host, f"docker context {context.name}", context.TLSConfig)
    return Endpoint(DEFAULT_ENDPOINT, "default")


def connect(endpoint: Endpoint | None = None) -> Any:
    """A DockerClient that has answered a ping; EngineUnavailable otherwise."""
    import docker

    endpoint = endpoint or find_endpoint()
    try:
        client = docker.DockerClient(base_url=endpoint.url, tls=endpoint.tls or False, timeout=PING_TIMEOUT)
        client.ping()
    except Exception as exc:  # the SDK raises DockerException, requests and socket errors alike
        raise EngineUnavailable(endpoint, _short(exc)) from None
    client.api.timeout = 600  # pings are quick; builds and waits are not
    return client


def connect_or_usage_error() -> Any:
    try:
        return connect()
    except EngineUnavailable as exc:
        raise UsageError(f"--runtime docker: {exc}; start the engine, set DOCKER_HOST, or use --runtime local") from None


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]
