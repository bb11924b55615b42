"""The Docker runtime: each port built into an image and run in a container beside a
nats-server container, in a network namespace of the check's own with nothing but loopback."""

from __future__ import annotations

import sys
import threading
from collections.abc import Sequence
from typing import Callable

from conformance.result import Status
from conformance.result.causes import NEEDS
from conformance.runtimes.build_failures import diagnose
from conformance.runtimes.docker import images
from conformance.runtimes.docker.api import (APIError, Container, Engine, EngineLost, EngineTimeout, ImageNotFound,
                                             NotFound)
from conformance.runtimes.docker.containers import StreamLost, run_port_container
from conformance.runtimes.docker.servers import ServerContainers
from conformance.runtimes.docker.session import MEMORY_LIMIT, Session
from conformance.runtimes.protocol import Job, Outcome, Wire
from conformance.servers.local import ServerError
from conformance.servers.versions import Server



class DockerRuntime:
    name = "docker"

    def __init__(self, engine: Engine, *, endpoint: str, base_images: dict[str, str], server_image: str | None,
                 matrix_images: Sequence[str] = ()) -> None:
        """A `server_image` the engine lacks is pulled here, before any check: ImageUnavailable
        (one error, exit 2) when that fails. So is each of `matrix_images`, a matrix's servers;
        one that fails is the error of its own checks, and the other servers go on."""
        self.engine = engine
        self.endpoint = endpoint  # named when the connection to the engine is lost
        self.base_images = base_images
        self.server_image = server_image  # None: nbe's own, built from the local binary
        self.session = Session(engine)
        self._server_lock = threading.Lock()
        self._built_servers: dict[str, str] = {}  # a binary ("": nbe's own): its image
        self._pulled: dict[str, str] = {}  # a matrix's server image: "" once on the engine, else why it is not
        if server_image:
            images.ensure_image(engine, server_image, "the server image")
        for ref in matrix_images:
            self._pull_once(ref)

    def __enter__(self) -> DockerRuntime:
        return self

    def __exit__(self, *exc_info: object) -> None:
        try:
            self.session.close()
        except EngineLost as exc:
            print(f"nbe: {self._lost(exc)}; could not remove this run's containers and networks: "
                  f"`nbe clean` removes them once the engine answers", file=sys.stderr)

    def execute(self, job: Job) -> Outcome:
        """Any problem of this one check becomes its error: the other checks go on."""
        try:
            return self._build_and_run(job)
        except images.BuildFailed as exc:
            found = diagnose(job.language, exc.log)
            if found is not None:  # the language knows this failure: its reason and cause, then the log
                status = Status.SKIP if found.cause == NEEDS else Status.ERROR  # this engine lacks what it needs
                return Outcome.problem(status, f"image build failed: {found.reason}",
                                       f"{exc}\n{_tail(exc.log, 40)}", cause=found.cause)
            return Outcome.problem(Status.ERROR, f"image build failed: {exc}", _tail(exc.log, 40))
        except StreamLost as exc:
            return Outcome.problem(Status.ERROR, f"output stream lost: {exc}")
        except EngineLost as exc:
            return Outcome.problem(Status.ERROR, self._lost(exc))
        except EngineTimeout as exc:
            return Outcome.problem(Status.ERROR, f"the Docker engine at {self.endpoint} did not answer in time: {exc}")
        except images.ImageUnavailable as exc:  # a matrix's server image
            return Outcome.problem(Status.ERROR, str(exc))
        except ImageNotFound as exc:
            return Outcome.problem(Status.ERROR, f"image not found: {exc.explanation}")
        except APIError as exc:
            return Outcome.problem(Status.ERROR, f"the Docker engine refused: {exc.explanation}")

    def _lost(self, exc: Exception) -> str:
        return f"lost the connection to the Docker engine at {self.endpoint}: {exc}"

    def _build_and_run(self, job: Job) -> Outcome:
        made: list[Container] = []
        try:
            return self._run(job, made)
        finally:
            _remove_all(made)

    def _server_image(self, server: Server) -> str:
        """The image of the check's server: a matrix's image as named, a matrix's version built
        from its cached binary (nbe/nats-server:<version>), else the run's default."""
        if server.image:
            return self._matrix_image(server.image)
        if not server.binary and self.server_image:
            return self.server_image
        with self._server_lock:  # checks in threads: build each once
            if server.binary not in self._built_servers:
                self._built_servers[server.binary] = images.server_image(self.engine, server.binary)
            return self._built_servers[server.binary]

    def _matrix_image(self, ref: str) -> str:
        """A server image of the matrix, on the engine since the run began; ImageUnavailable,
        each of its checks' error, when it could not be pulled."""
        with self._server_lock:
            self._pull_once(ref)  # already done, unless the runtime was made without the matrix
        if self._pulled[ref]:
            raise images.ImageUnavailable(self._pulled[ref])
        return ref

    def _pull_once(self, ref: str) -> None:
        """The image pulled if the engine lacks it, once; why it is not there remembered."""
        if ref in self._pulled:
            return
        try:
            images.ensure_image(self.engine, ref, "the server image")
            self._pulled[ref] = ""
        except images.ImageUnavailable as exc:
            self._pulled[ref] = str(exc)

    def _run(self, job: Job, made: list[Container]) -> Outcome:
        # The engine takes a while to start a container: the servers are made and started in a
        # thread of their own while the port's image is found (or built), and the port's
        # container is made while they start. It joins the first server's namespace, so it
        # reaches them on loopback and nothing else; it starts once they are ready.
        starting = _ServersStarting(lambda: ServerContainers(self.session, self._server_image(job.server),
                                                             job.meta, made, trace=job.wire))
        try:
            tag = self._port_image(job)
            servers = starting.created()
            environment = {"NATS_URL": servers.url} if job.gives_url else {}
            port = self.session.container(tag, network_mode=servers.network_mode, role="port",
                                          environment=environment, tty=job.terminal)
            made.append(port)
            starting.started()
            servers.wait_ready()
        except ServerError as exc:
            return Outcome.problem(Status.ERROR, "nats-server did not start", str(exc))
        finally:
            starting.join()  # on every path: nothing is still adding to `made` when it is removed
        captured, oom = run_port_container(port, job.timeout, terminal=job.terminal)
        if oom:
            return Outcome.problem(Status.ERROR, f"the port exceeded its memory limit ({MEMORY_LIMIT}) and was killed",
                                   captured.stderr_tail.decode("utf-8", "backslashreplace"))
        wire = Wire(*servers.traced()) if job.wire else None
        return Outcome(captured=captured, killed_at_timeout="the port's container", wire=wire)

    def _port_image(self, job: Job) -> str:
        """The port's image tag, built only when no image with the same inputs exists."""
        return images.port_image(self.engine, job.port, job.language, job.port_dir, self.base_images)


class _ServersStarting:
    """A check's servers created, then started, in a thread of their own."""

    def __init__(self, create: Callable[[], ServerContainers]) -> None:
        self._create = create
        self._servers: ServerContainers | None = None
        self._error: BaseException | None = None
        self._created = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._servers = self._create()
            self._created.set()
            self._servers.start()
        except BaseException as exc:  # raised again in the check's own thread
            self._error = exc
        finally:
            self._created.set()

    def created(self) -> ServerContainers:
        """The servers once they exist (not yet started)."""
        self._created.wait()
        if self._servers is None:
            self.started()  # raises what stopped the creation
        assert self._servers is not None
        return self._servers

    def started(self) -> None:
        """Once they were started; what went wrong (a ServerError, the engine's refusal) is raised."""
        self.join()
        if self._error is not None:
            raise self._error

    def join(self) -> None:
        self._thread.join()


def _remove_all(containers: list[Container]) -> None:
    """Force-remove the containers side by side (killing the server is the slow one). There is
    no network to remove: the check's namespace goes with its first server. What is already
    gone, or cannot be reached any more, is not this check's problem."""
    threads = [threading.Thread(target=_quietly, args=(c.remove,)) for c in containers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _quietly(remove: Callable[[], object]) -> None:
    try:
        remove()
    except (NotFound, EngineLost):
        pass  # swept by a cancelled run's cleanup, or the engine is gone (`nbe clean` takes it)


def _tail(text: str, lines: int) -> str:
    return "\n".join(text.rstrip("\n").splitlines()[-lines:])
