"""When a three-server cluster is ready, read from its servers' logs the same way in both
runtimes: each server ready and routed to the two others and, with JetStream, all three naming
one meta leader that has every server in its meta group, so a port can create an R3 stream at
once (a leader is elected by two servers; until it adds the third, an R3 stream has "no suitable
peers"). Routes and meta group members are named only in the debug log, so cluster servers run
with -D."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Sequence

NAMES = ("n1", "n2", "n3")  # the servers' names (in Docker, all three in one namespace, on ports of their own)
CLUSTER_TIMEOUT = 30.0  # an election under load takes seconds, not tens of them
_READY = b"Server is ready"
_ROUTE_PORT = re.compile(rb"Listening for route connections on \S+:(\d+)")
_REMOTE_ROUTE = re.compile(rb'Registering remote route "(\w+)"')
_LEADER = re.compile(rb"JetStream cluster new metadata leader: ([^/\s]+)")
_SELF_LEADER = b"Self is new JetStream cluster metadata leader"
# the meta group's members (raft node ids): where it starts, what its leader sends, what it adds
# (servers before 2.14 log an addition as `Added peer`)
_META_PEERS = re.compile(rb"JetStream cluster initial peers: \[([^\]]*)\]"
                         rb"|_meta_\] Update peers from leader to map\[([^\]]*)\]"
                         rb'|_meta_\] (?:Committed membership change AddPeer|Added) peer "(\w+)"')


class NodeLog:
    """What one server's log has said so far."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.ready = False
        self.route_port: int | None = None
        self.peers: set[bytes] = set()  # the ids of the servers it has a route with
        self.leader: str | None = None  # the latest meta leader it named
        self.meta_peers: set[bytes] = set()  # the members of the meta group it knows of
        self.ended = False  # its log ended: the server exited
        self._pending = b""

    def feed(self, chunk: bytes) -> None:
        if not chunk:
            self.ended = True
            return
        *lines, self._pending = (self._pending + chunk).split(b"\n")
        for line in lines:
            self._read(line)

    def _read(self, line: bytes) -> None:
        if _READY in line:
            self.ready = True
        elif found := _ROUTE_PORT.search(line):
            self.route_port = int(found.group(1))
        elif found := _REMOTE_ROUTE.search(line):
            self.peers.add(found.group(1))
        elif found := _META_PEERS.search(line):
            listed = found.group(1) or found.group(2) or found.group(3)
            self.meta_peers.update(entry.split(b":")[0] for entry in listed.split())
        elif _SELF_LEADER in line:
            self.leader = self.name
        elif found := _LEADER.search(line):
            self.leader = found.group(1).decode("utf-8", "replace")


class ClusterLogs:
    """The logs of a cluster's servers, fed from any thread; wait_for() blocks until a condition."""

    def __init__(self, names: Sequence[str], *, jetstream: bool) -> None:
        self.nodes = {name: NodeLog(name) for name in names}
        self.jetstream = jetstream
        self._changed = threading.Condition()

    def feeder(self, name: str) -> Callable[[bytes], None]:
        """What to give a server's log to: each chunk as read, then b"" when it ends."""
        def feed(chunk: bytes) -> None:
            with self._changed:
                self.nodes[name].feed(chunk)
                self._changed.notify_all()
        return feed

    def wait_for(self, condition: Callable[[], bool], deadline: float) -> NodeLog | None:
        """None once `condition` holds; the first server whose log ended, if one did first.
        TimeoutError at the deadline."""
        with self._changed:
            while True:
                if condition():
                    return None
                ended = next((node for node in self.nodes.values() if node.ended), None)
                if ended is not None:
                    return ended
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(self.missing())
                self._changed.wait(remaining)

    def formed(self) -> bool:
        """Every server ready and routed to every other, and (JetStream) one agreed meta leader
        with every server in its meta group."""
        nodes = list(self.nodes.values())
        routed = all(node.ready and len(node.peers) >= len(nodes) - 1 for node in nodes)
        if not self.jetstream:
            return routed
        leader = self._agreed_leader()
        return routed and leader is not None and len(leader.meta_peers) >= len(nodes)

    def _agreed_leader(self) -> NodeLog | None:
        leaders = {node.leader for node in self.nodes.values()}
        name = leaders.pop() if len(leaders) == 1 else None
        return self.nodes.get(name) if name else None

    def missing(self) -> str:
        """What the cluster still lacks, for the message when it never formed."""
        count = len(self.nodes) - 1
        lacking = [f"{node.name}: routed to {len(node.peers)} of {count}" if node.ready else f"{node.name}: not ready"
                   for node in self.nodes.values() if not node.ready or len(node.peers) < count]
        leader = self._agreed_leader()
        if self.jetstream and not lacking and leader is None:
            leaders = ", ".join(f"{node.name} names {node.leader or 'none'}" for node in self.nodes.values())
            lacking.append(f"no agreed JetStream meta leader ({leaders})")
        elif self.jetstream and not lacking and leader is not None and not self.formed():
            lacking.append(f"the JetStream meta leader {leader.name} has {len(leader.meta_peers)} of "
                           f"{len(self.nodes)} servers in its group")
        return "; ".join(lacking)
