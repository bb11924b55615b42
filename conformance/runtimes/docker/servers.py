"""A check's nats-server containers: one, or a cluster of three as meta.yaml or --cluster asks,
in one network namespace of the check's own (the first server's, with no interface but
loopback), started, and waited for until their logs say they are ready."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable

from conformance.cleanup.cancel import on_cancel
from conformance.project.meta import Meta
from conformance.runtimes.docker.api import APIError, Container, Response
from conformance.runtimes.docker.containers import kill_container, wait_server_ready
from conformance.runtimes.docker.session import NOBODY, Session
from conformance.servers.cluster_log import CLUSTER_TIMEOUT, NAMES, ClusterLogs
from conformance.servers.local import ServerError
from conformance.servers.trace import TRACE_FLAGS, read_settled

SERVER_PORT = 4222  # the cluster's second and third servers take the next ones: one namespace
ROUTE_PORT = 6222
LOOPBACK = "127.0.0.1"


class ServerContainers:
    """Created, not started: `url` is the port's NATS_URL and `network_mode` what the port's
    container (and every other one of the check) joins; each container is in `made` (for
    removal on every path) as soon as it exists."""

    def __init__(self, session: Session, image: str, meta: Meta, made: list[Container], *, trace: bool = False) -> None:
        self.session, self.image, self.meta = session, image, meta
        self.trace = trace  # --wire: every server traces (-V), and debug logs each connection's close (-D)
        self.cluster = meta.topology == "cluster"
        self.containers: list[Container] = []
        count = len(NAMES) if self.cluster else 1
        if self.cluster:
            self._create_cluster(made)
        else:
            self._create("server", SERVER_PORT, list(TRACE_FLAGS) if trace else [], made)
        self.url = ",".join(f"nats://{LOOPBACK}:{SERVER_PORT + i}" for i in range(count))

    @property
    def network_mode(self) -> str:
        return f"container:{self.containers[0].id}"

    def start(self) -> None:
        """ServerError with the first server's log tail when it exited before the others could
        join its namespace (the engine refuses to start them then)."""
        self.containers[0].start()
        for container in self.containers[1:]:
            try:
                container.start()
            except APIError:
                first = self.containers[0]
                state = first.inspect()["State"]
                if state.get("Running"):
                    raise  # not the first server's doing: the engine's own refusal
                raise ServerError(f"cluster server {NAMES[0]} exited before the others could start "
                                  f"(exit code {state.get('ExitCode')}):\n{_tail(first, 20)}") from None

    def wait_ready(self) -> None:
        """ServerError with the log tail of a server that exits first, or at the deadline."""
        if self.cluster:
            wait_cluster_ready(dict(zip(NAMES, self.containers)), jetstream=self.meta.jetstream)
        else:
            wait_server_ready(self.containers[0])

    def traced(self) -> tuple[tuple[str, ...], bool]:
        """(the servers' logs, cut) once the port's connections are logged as closed."""
        trace = read_settled(lambda: [container.logs() for container in self.containers])
        return trace.texts(), trace.cut

    def _create_cluster(self, made: list[Container]) -> None:
        """Three servers on loopback ports of their own in the first one's namespace, under a
        cluster name of their own, all routed to the first (they find each other through it; the
        first's route to itself is ignored, but JetStream clustering needs one configured). As
        in the local runtime: with one route each, two servers elect a meta leader at once,
        where three routes each make the first election wait seconds."""
        routes = f"nats://{LOOPBACK}:{ROUTE_PORT}"
        cluster_name = f"nbe-{os.urandom(4).hex()}"
        for offset, name in enumerate(NAMES):
            options = ["--server_name", name, "--cluster_name", cluster_name, "--cluster",
                       f"nats://{LOOPBACK}:{ROUTE_PORT + offset}", "--routes", routes, "-D"]  # -D: routes are logged
            options += ["-V"] if self.trace else []
            self._create(f"server-{name}", SERVER_PORT + offset, options, made)

    def _create(self, role: str, client_port: int, options: list[str], made: list[Container]) -> None:
        command = ["-a", LOOPBACK, "-p", str(client_port), *options]
        if self.meta.jetstream:
            command += ["-js", "-sd", "/data"]
        # the first server gets no network at all; the others join its namespace
        network_mode = self.network_mode if self.containers else "none"
        container = self.session.container(self.image, network_mode=network_mode, role=role, user=NOBODY,
                                           command=command, tmpfs={"/data": "size=256m,uid=65534"})
        made.append(container)  # removed on every path from now on
        self.containers.append(container)


def wait_cluster_ready(servers: dict[str, Container], *, jetstream: bool) -> None:
    """Follow the started servers' logs (by server name) until they are ready, routed to each
    other and, with JetStream, agree on a meta leader that has all of them in its group; fail
    at once, with its log, if one exits first."""
    logs = ClusterLogs(list(servers), jetstream=jetstream)
    streams = {name: container.follow_logs() for name, container in servers.items()}
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
            stream.hang_up()  # ends its thread: nothing follows a log past readiness
    if ended is not None:
        container = servers[ended.name]
        raise ServerError(f"cluster server {ended.name} exited before the cluster formed "
                          f"(exit code {container.inspect()['State'].get('ExitCode')}):\n{_tail(container, 20)}")


def _follow(stream: Response, feed: Callable[[bytes], None]) -> None:
    try:
        for _, chunk in stream.frames():
            feed(chunk)
    except Exception:  # hung up by us, or the container went away: the end of the log either way
        pass
    finally:
        stream.close()
    feed(b"")


def _tail(container: Container, lines: int) -> str:
    return container.logs(tail=lines).decode("utf-8", "backslashreplace")
