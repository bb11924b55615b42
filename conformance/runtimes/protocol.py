"""What a runtime is given (a Job) and what it gives back (an Outcome); runtimes differ only
in where the server and the port run."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple, Protocol

from conformance.languages import Language
from conformance.project.meta import Meta
from conformance.project.ports import Port
from conformance.result import Status
from conformance.runtimes.capture import Captured
from conformance.servers.versions import Server

BUILD_TIMEOUT = 900.0  # a cold build fetches a toolchain's dependencies


class BuildError(Exception):
    """A port's build failed or timed out; `log` is the tail of its output."""

    def __init__(self, reason: str, log: str = "") -> None:
        super().__init__(reason)
        self.log = log


class Job(NamedTuple):
    port: Port
    port_dir: Path
    language: Language
    meta: Meta
    timeout: float
    server: Server = Server()  # which nats-server: a matrix's version or image, else the default
    # run as a terminal recording was made: stdout and stderr one pseudo-terminal (a TTY container),
    # for a port compared with its own recording; else stdout and stderr apart
    terminal: bool = False
    # the port is told the server's address (NATS_URL); a tree's compose recipe may give it none
    gives_url: bool = True
    wire: bool = False  # --wire: the servers trace, and the outcome carries their logs
    state: bool = False  # --state: the outcome carries a snapshot of what the port left on its server


class Wire(NamedTuple):
    """The traced logs of a check's servers (one, or a cluster's three), read once the port's
    connections closed; `cut` when a log passed nbe's cap."""

    logs: tuple[str, ...]
    cut: bool = False


class Snapshot(NamedTuple):
    """What the port left on its server (servers/state.py), or why it could not be read."""

    text: str = ""
    error: str = ""


class Outcome(NamedTuple):
    """Either the port ran (`captured`), or it could not: `status` is skip or error and says why."""

    captured: Captured | None = None
    status: Status | None = None
    reason: str = ""
    details: str = ""
    queued: float = 0.0  # seconds spent waiting for a `parallel: false` language's turn
    killed_at_timeout: str = "the port"  # what the runtime kills at the timeout, as its reason names it
    cause: str = ""  # why it could not run, when the runtime knows (causes.py); "" leaves it to the reader
    wire: Wire | None = None  # --wire: what the servers traced while the port ran
    state: Snapshot | None = None  # --state: what the port left on its server

    @classmethod
    def problem(cls, status: Status, reason: str, details: str = "", cause: str = "") -> Outcome:
        return cls(status=status, reason=reason, details=details, cause=cause)


class Runtime(Protocol):
    """A context manager: leaving it removes everything the runtime created."""

    name: str

    def __enter__(self) -> Runtime: ...

    def __exit__(self, *exc_info: object) -> None: ...

    def execute(self, job: Job) -> Outcome: ...
