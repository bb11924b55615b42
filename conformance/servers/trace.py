"""The whole log of a check's servers run with -DV (`--wire`): kept in memory up to a cap so the
transcript (wire.py) reads every operation, and waited on after the port exits until each client
connection's close is logged: the server logs an operation a little after the client sent it."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Sequence

# debug for connection closes, trace for every protocol operation; a payload is traced up to
# TRACED_PAYLOAD bytes (then "..."): a JetStream API request whole, an object store's chunks not,
# which would fill the log (wire.py counts what was left out from the message's size)
TRACED_PAYLOAD = 65536
TRACE_FLAGS = ("-DV", "--max_traced_msg_len", str(TRACED_PAYLOAD))
SETTLE_TIMEOUT = 10.0  # seconds a finished port's connections get to be logged as closed (a loaded machine is slow)
LOG_CAP = 64 * 1024 * 1024  # bytes of log kept per server; beyond it there is no transcript
# nbe's own last connection to each server, once the port has exited: when its close is in the
# log, so is everything the port's connections did before it (a port that ends within
# milliseconds is done before its server's log is read). wire.py leaves it out of the transcript.
BARRIER_NAME = "nbe trace barrier"
_BARRIER_CLOSED = re.compile(rb":nbe:" + BARRIER_NAME.encode() + rb'" - Client connection closed')
_CLIENT_OP = re.compile(rb" - cid:(\d+) - .*(?:<<-|->>) ")
_CLOSED = re.compile(rb" - cid:(\d+) - .*Client connection closed")


class TraceLog:
    """The logs of one check's servers (one, or a cluster's three), fed as they are read."""

    def __init__(self, servers: int = 1) -> None:
        self._logs = [bytearray() for _ in range(servers)]
        self._pending = [b"" for _ in range(servers)]
        self._open: set[tuple[int, bytes]] = set()  # client connections traced and not yet closed
        self._barriers_closed = 0
        self.cut = False  # a log passed the cap
        self.ended = [False] * servers  # a server's log ended (it exited)
        self._changed = threading.Condition()

    def feeder(self, index: int) -> Callable[[bytes], None]:
        """What a server's reader calls with each chunk of its log, and b"" at its end."""
        return lambda chunk: self._feed(index, chunk)

    def _feed(self, index: int, chunk: bytes) -> None:
        with self._changed:
            if not chunk:
                self.ended[index] = True
            elif len(self._logs[index]) + len(chunk) > LOG_CAP:
                self.cut = True
            else:
                self._logs[index] += chunk
            *lines, self._pending[index] = (self._pending[index] + chunk).split(b"\n")
            for line in lines:
                self._track(index, line)
            self._changed.notify_all()

    def _track(self, index: int, line: bytes) -> None:
        if _BARRIER_CLOSED.search(line):
            self._barriers_closed += 1
        closed = _CLOSED.search(line)
        if closed:
            self._open.discard((index, closed.group(1)))
        elif opened := _CLIENT_OP.search(line):
            self._open.add((index, opened.group(1)))

    def settle(self, urls: str = "", timeout: float = SETTLE_TIMEOUT) -> None:
        """Wait until every traced client connection is logged as closed (or a log ends, or time is
        up), after a barrier connection to each server of `urls` (comma-separated) is."""
        deadline = time.monotonic() + timeout
        barriers = sum(_barrier(url, timeout) for url in urls.split(",") if url)
        with self._changed:
            while (self._open or self._barriers_closed < barriers) and not any(self.ended):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return
                self._changed.wait(remaining)

    @property
    def settled(self) -> bool:
        """Every traced client connection is logged as closed."""
        with self._changed:
            return not self._open

    def texts(self) -> tuple[str, ...]:
        with self._changed:
            return tuple(log.decode("utf-8", "backslashreplace") for log in self._logs)


def _barrier(url: str, timeout: float) -> bool:
    """One short client connection to the server at `url`, closed once the server answered its
    PING; False when the server could not be reached (then there is nothing to wait for)."""
    from conformance.servers.requests import Requester, RequestError  # only --wire makes a barrier

    try:
        with Requester(url, timeout, name=BARRIER_NAME) as server:
            server.ping()
    except RequestError:
        return False
    return True


def read_settled(read_logs: Callable[[], Sequence[bytes]], timeout: float = SETTLE_TIMEOUT) -> TraceLog:
    """The servers' logs read whole (a container's log is read, not followed), again until every
    client connection is logged as closed or the time is up."""
    deadline = time.monotonic() + timeout
    while True:
        logs = read_logs()
        trace = TraceLog(len(logs))
        for index, log in enumerate(logs):
            trace.feeder(index)(log)
        if trace.settled or time.monotonic() >= deadline:
            return trace
        time.sleep(0.05)
