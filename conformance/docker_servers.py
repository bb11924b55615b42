"""A check's nats-server containers: one, or a cluster of three as meta.yaml or --cluster asks,
created on the check's network, started, and waited for until their logs say they are ready."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from typing import Any

from conformance.cancel import on_cancel
from conformance.cluster_log import CLUSTER_TIMEOUT, NAMES, ClusterLogs
from conformance.docker_run import kill_container, wait_server_ready
from conformance.docker_session import NOBODY, Session
from conformance.meta import Meta
from conformance.server_local import ServerError

SERVER_PORT = 4222
ROUTE_PORT = 6222


class ServerContainers:
    """Created, not started: `url` is the port's NATS_URL; each container is in `made` (for
    removal on every path) as soon as it exists."""

    def __init__(self, session: Session, image: str, network: Any, meta: Meta, made: list[Any]) -> None:
        self.session, self.image, self.network, self.meta = session, image, network, meta
        self.cluster = meta.topology == "cluster"
        self.containers: list[Any] = []
        if self.cluster:
            self._create_cluster(made)
        else:
            self._create("server", [], made)
        names = NAMES if self.cluster else [self.containers[0].name]
        self.url = ",".join(f"nats://{name}:{SERVER_PORT}" for name in names)

    def start(self) -> None:
        for container in self.containers:
            container.start()

    def wait_ready(self) -> None:
        """ServerError with the log tail of a server that exits first, or at the deadline."""
        if self.cluster:
            wait_cluster_ready(dict(zip(NAMES, self.containers)), jetstream=self.meta.jetstream)
        else:
            wait_server_ready(self.containers[0])

    def _create_cluster(self, made: list[Any]) -> None:
        """Three servers reached by their names (aliases on this check's network only), under a
        cluster name of their own, all routed to the first (they find each other through it; the
        first's route to itself is ignored, but JetStream clustering needs one configured). As
        in the local runtime: with one route each, two servers elect a meta leader at once,
        where three routes each make the first election wait seconds."""
        routes = f"nats://{NAMES[0]}:{ROUTE_PORT}"
        cluster_name = f"nbe-{os.urandom(4).hex()}"
        for name in NAMES:
            options = ["--server_name", name, "--cluster_name", cluster_name, "--cluster",
                       f"nats://0.0.0.0:{ROUTE_PORT}", "--routes", routes, "-D"]  # -D: routes are logged
            aliases = {self.network.name: self.session.client.api.create_endpoint_config(aliases=[name])}
            self._create(f"server-{name}", options, made, networking_config=aliases)

    def _create(self, role: str, options: list[str], made: list[Any], **extra: Any) -> None:
        command = ["-a", "0.0.0.0", "-p", str(SERVER_PORT), *options]
        if self.meta.jetstream:
            command += ["-js", "-sd", "/data"]
        container = self.session.container(self.image, network=self.network, role=role, user=NOBODY,
                                           command=command, tmpfs={"/data": "size=256m,uid=65534"}, **extra)
        made.append(container)  # removed on every path from now on
        self.containers.append(container)


def wait_cluster_ready(servers: dict[str, Any], *, jetstream: bool) -> None:
    """Follow the started servers' logs (by server name) until they are ready, routed to each
    other and, with JetStream, agree on a meta leader that has all of them in its group; fail
    at once, with its log, if one exits first."""
    logs = ClusterLogs(list(servers), jetstream=jetstream)
    streams = {name: container.logs(stream=True, follow=True) for name, container in servers.items()}
    for name, stream in streams.items():
        threading.Thread(target=_follow, args=(stream, logs.feeder(name)), daemon=True).start()

    def kill_all() -> None:
        for container in servers.values():
            kill_container(container)

    try:
        with on_cancel(kill_all):
            ended = logs.wait_for(logs.formed, time.monotonic() + CLUSTER_TIMEOUT)
    except TimeoutError as exc:
        tails = "".join(f"--- {name}:\n{_tail(container, 10)}" for name, container in servers.items())
        raise ServerError(f"the cluster did not form in {CLUSTER_TIMEOUT:.0f}s ({exc}):\n{tails}") from None
    finally:
        for stream in streams.values():
            stream.close()  # ends its thread: nothing follows a log past readiness
    if ended is not None:
        container = servers[ended.name]
        container.reload()
        raise ServerError(f"cluster server {ended.name} exited before the cluster formed "
                          f"(exit code {container.attrs['State'].get('ExitCode')}):\n{_tail(container, 20)}")


def _follow(stream: Any, feed: Callable[[bytes], None]) -> None:
    try:
        for chunk in stream:
            feed(chunk)
    except Exception:  # closed by us, or the container went away: the end of the log either way
        pass
    feed(b"")


def _tail(container: Any, lines: int) -> str:
    return str(container.logs(tail=lines).decode("utf-8", "backslashreplace"))
