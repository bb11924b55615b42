"""The local runtime: the port built and run with the host's toolchain in a scratch copy,
next to a private nats-server process."""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from conformance.cleanup import orphans
from conformance.cleanup.lifeline import Lifeline
from conformance.languages import Language
from conformance.languages.toolchain import install_hint, missing_program, probe
from conformance.result import Status
from conformance.result.causes import NEEDS
from conformance.runtimes.capture import run_captured
from conformance.runtimes.local.port import prepare
from conformance.runtimes.protocol import BuildError, Job, Outcome, Snapshot, Wire
from conformance.servers.cluster import LocalCluster, private_server
from conformance.servers.local import LocalServer, ServerError
from conformance.servers.trace import TraceLog


class LocalRuntime:
    name = "local"

    def __init__(self) -> None:
        self._run_dir: str | None = None  # every check's scratch folder is made in it
        self._lifeline: Lifeline | None = None

    def __enter__(self) -> LocalRuntime:
        self._run_dir = tempfile.mkdtemp(prefix="nbe-")
        # If nbe is killed outright, the keeper kills the checks' processes and removes the folder.
        self._lifeline = Lifeline(self._run_dir).__enter__()
        return self

    def __exit__(self, *exc_info: object) -> None:
        # each check has cleaned up its own server, processes and scratch folder
        if self._lifeline is not None:
            self._lifeline.__exit__()
        if self._run_dir is not None:
            shutil.rmtree(self._run_dir, ignore_errors=True)

    def execute(self, job: Job) -> Outcome:
        if job.server.image:
            return Outcome.problem(Status.SKIP, f"the server image {job.server.image} runs on the docker runtime only")
        missing = missing_program(job.language)
        if missing:
            return Outcome.problem(Status.SKIP, f"{missing} not found (the {job.language.name} toolchain)"
                                                f"{install_hint(job.language)}")
        trace = TraceLog(3 if job.meta.topology == "cluster" else 1) if job.wire else None
        # The scope is inside the scratch folder's: what the check left dies before it is removed.
        with tempfile.TemporaryDirectory(prefix="check-", dir=self._run_dir) as scratch, orphans.check_scope(), \
                _server_for(job, Path(scratch), trace) as server:
            try:
                server.start()  # it boots while the port is copied or built
                orphans.become_subreaper()  # once; before a port or build step can leave an orphan
                job.language.cache_dir.mkdir(parents=True, exist_ok=True)
                prepared = prepare(job, Path(scratch))
                env = prepared.environment(job.language)
                url = server.wait_ready()
                if job.gives_url:
                    env["NATS_URL"] = url
                else:
                    env.pop("NATS_URL", None)
            except BuildError as exc:
                found = probe(job.language)
                if not found.ok:  # e.g. a library the build needs: the toolchain is not all here
                    return Outcome.problem(Status.SKIP, f"the {job.language.name} toolchain is incomplete here "
                                                        f"({found.line}){install_hint(job.language)}")
                cause = getattr(exc, "cause", "")
                if cause == NEEDS:  # the recipe knows the failure: this machine lacks what the port needs
                    return Outcome.problem(Status.SKIP, str(exc), exc.log, cause=cause)
                return Outcome.problem(Status.ERROR, str(exc), exc.log, cause=cause)
            except ServerError as exc:
                return Outcome.problem(Status.ERROR, "nats-server did not start", str(exc))
            argv = prepared.command(job.language)
            env["TMPDIR"] = str(Path(scratch))  # what the port leaves in temp goes with the check
            with _one_at_a_time(job.language) as queued:
                captured = run_captured(argv, cwd=str(prepared.folder), env=env, timeout=job.timeout,
                                        terminal=job.terminal)
            return Outcome(captured=captured, queued=queued(), killed_at_timeout="the port's whole process group",
                           wire=_settled(trace, server.url), state=_snapshot(server) if job.state else None)


def _settled(trace: TraceLog | None, urls: str) -> Wire | None:
    """The traced logs once the port's connections are logged as closed (the server logs an
    operation a moment after the port sent it)."""
    if trace is None:
        return None
    trace.settle(urls)
    return Wire(trace.texts(), trace.cut)


def _snapshot(server: LocalServer | LocalCluster | _NoServer) -> Snapshot:
    """What the port left on its server, read before the server stops: /jsz, then the keys and
    objects of its KV buckets and object stores through the (first) server's client port."""
    from conformance.servers.contents import read_contents  # only --state: off every other run's imports
    from conformance.servers.requests import RequestError
    from conformance.servers.state import SNAPSHOT_TIMEOUT, SnapshotError, read_jsz, snapshot, stream_names

    if not server.monitor_url:
        return Snapshot(error="its server has no monitoring port")
    try:
        jsz = read_jsz(server.monitor_url)
        contents = read_contents(server.url.split(",")[0], stream_names(jsz), SNAPSHOT_TIMEOUT)
    except (SnapshotError, RequestError) as exc:
        return Snapshot(error=f"the snapshot could not be taken: {exc}")
    return Snapshot(snapshot(jsz, contents))


def _server_for(job: Job, scratch: Path, trace: TraceLog | None) -> LocalServer | LocalCluster | _NoServer:
    """The check's private nats-server; none for a port its tree's compose recipe tells of no
    server (a script that starts its own, and may signal every nats-server it finds)."""
    if not job.gives_url:
        return _NoServer()
    return private_server(scratch / "store", topology=job.meta.topology, jetstream=job.meta.jetstream,
                          binary=job.server.binary or None, trace=trace, monitor=job.state)


class _NoServer:
    """What a check without a server of nbe's runs beside: ready at once, with no URL to give."""

    url = ""
    monitor_url = ""

    def __enter__(self) -> _NoServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None

    def start(self) -> None:
        return None

    def wait_ready(self) -> str:
        return ""


_serial_locks: dict[str, threading.Lock] = {}


@contextmanager
def _one_at_a_time(language: Language) -> Iterator[Callable[[], float]]:
    """Local ports of a language with `parallel: false` (scripts that start their own
    nats-server on the default port, say) never run side by side; other checks go on.
    Yields how long the check waited for its turn, which is not its own time."""
    if language.parallel:
        yield lambda: 0.0
        return
    asked = time.monotonic()
    with _serial_locks.setdefault(language.name, threading.Lock()):
        waited = time.monotonic() - asked
        yield lambda: waited
