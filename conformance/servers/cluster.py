"""A private three-server cluster for one check, on loopback, as upstream's --cluster: each
server with its own name and store dir, one cluster name, routes, JetStream unless it is off.
The port starts only once all three are ready, routed to each other and agree on a meta leader."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from conformance.cleanup.cancel import on_cancel
from conformance.servers.cluster_log import CLUSTER_TIMEOUT, NAMES, ClusterLogs, NodeLog
from conformance.servers.local import LocalServer, ServerError
from conformance.servers.trace import TRACE_FLAGS, TraceLog

if TYPE_CHECKING:
    import socket


class LocalCluster:
    """Context manager like LocalServer: start(), then wait_ready() gives NATS_URL (three URLs);
    exit stops every server it started, on every path."""

    def __init__(self, store_dir: Path, *, jetstream: bool = True, binary: str | None = None,
                 trace: TraceLog | None = None, monitor: bool = False) -> None:
        self.store_dir = store_dir
        self.monitor = monitor  # --state: the first server has a monitoring port
        self.trace = trace  # --wire: every server's whole log, traced
        self.jetstream = jetstream
        self.binary = binary
        # unique, so a route that reached another check's cluster would be refused
        self.cluster_name = f"nbe-{os.urandom(4).hex()}"
        self.logs = ClusterLogs(NAMES, jetstream=jetstream)
        self.servers: list[LocalServer] = []
        self.url = ""
        self._placeholder: socket.socket | None = None

    def __enter__(self) -> LocalCluster:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        """Starts the first server; it boots while the port is built. Every port is chosen by a
        server itself (-1), so no other check can take one first. JetStream clustering needs a
        route configured at start, and the others' route ports are not known yet: the first
        server's route is to a port held here, bound but not listening (connecting is refused)."""
        import socket  # here: a single server's check need not pay for it

        self._placeholder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._placeholder.bind(("127.0.0.1", 0))
        self._start(NAMES[0], f"nats://127.0.0.1:{self._placeholder.getsockname()[1]}")

    def wait_ready(self) -> str:
        """NATS_URL, the three client URLs comma-separated, once the cluster has formed;
        ServerError with the log tail of a server that exits first, or at the deadline."""
        deadline = time.monotonic() + CLUSTER_TIMEOUT
        with on_cancel(self.kill):
            urls = [self._ready(self.servers[0])]
            self._wait(lambda: self.logs.nodes[NAMES[0]].route_port is not None, deadline)
            first_routes = f"nats://127.0.0.1:{self.logs.nodes[NAMES[0]].route_port}"
            for name in NAMES[1:]:  # each finds the third through the first (gossip)
                self._start(name, first_routes)
            urls += [self._ready(server) for server in self.servers[1:]]
            self._wait(self.logs.formed, deadline)
        self.url = ",".join(urls)
        return self.url

    @property
    def monitor_url(self) -> str:
        return self.servers[0].monitor_url if self.servers else ""

    def kill(self) -> None:
        for server in self.servers:
            server.kill()

    def stop(self) -> None:
        with contextlib.ExitStack() as stack:  # each is stopped even if another's stop fails
            for server in self.servers:
                stack.callback(server.stop)
        if self._placeholder is not None:
            self._placeholder.close()
            self._placeholder = None

    def _start(self, name: str, routes: str) -> None:
        args = ["--server_name", name, "--cluster_name", self.cluster_name,
                "--cluster", "nats://127.0.0.1:-1", "--routes", routes, "-D"]
        feed = self.logs.feeder(name)
        if self.trace is not None:
            args.append("-V")
            feed = _both(feed, self.trace.feeder(NAMES.index(name)))
        server = LocalServer(self.store_dir / name, jetstream=self.jetstream, binary=self.binary, args=args,
                             on_output=feed, monitor=self.monitor and name == NAMES[0])
        self.servers.append(server)
        server.start()

    def _ready(self, server: LocalServer) -> str:
        try:
            return server.wait_ready()
        except ServerError as exc:
            raise ServerError(f"cluster server {self._name(server)}: {exc}") from None

    def _wait(self, condition: Callable[[], bool], deadline: float) -> None:
        try:
            ended = self.logs.wait_for(condition, deadline)
        except TimeoutError as exc:
            raise ServerError(f"the cluster did not form in {CLUSTER_TIMEOUT:.0f}s ({exc})") from None
        if ended is not None:
            raise ServerError(self._ended_message(ended))

    def _ended_message(self, node: NodeLog) -> str:
        server = self.servers[NAMES.index(node.name)]
        return f"cluster server {node.name} exited before the cluster formed:\n{server.log_tail()}"

    def _name(self, server: LocalServer) -> str:
        return NAMES[self.servers.index(server)]


def _both(first: Callable[[bytes], None], second: Callable[[bytes], None]) -> Callable[[bytes], None]:
    def feed(chunk: bytes) -> None:
        first(chunk)
        second(chunk)

    return feed


def private_server(store_dir: Path, *, topology: str, jetstream: bool, binary: str | None = None,
                   trace: TraceLog | None = None, monitor: bool = False) -> LocalServer | LocalCluster:
    """The server a check's meta.yaml (or --cluster) asks for, from `binary` (a version of the
    server matrix) or nbe's own; both start() then wait_ready(). With `trace` (--wire) every
    server traces and its whole log goes there; with `monitor` (--state) the (first) server has a
    monitoring port, at `monitor_url` once ready."""
    if topology == "cluster":
        return LocalCluster(store_dir, jetstream=jetstream, binary=binary, trace=trace, monitor=monitor)
    if trace is None:
        return LocalServer(store_dir, jetstream=jetstream, binary=binary, monitor=monitor)
    return LocalServer(store_dir, jetstream=jetstream, binary=binary, args=TRACE_FLAGS, on_output=trace.feeder(0),
                       monitor=monitor)
