"""Broken connections to the Docker engine, made for real: nbe talks to the engine through a
small Unix-socket proxy that the test can cut. A lost engine is an error naming the endpoint
(not a timeout); a lost output stream is an error saying so (not a diff of half the output)."""

from __future__ import annotations

import shutil
import socket
import tempfile
import threading
from pathlib import Path

import pytest

from conftest import add_hostile
from test_docker import PYTHON_IMAGE, abandoned, engine, running_port, sweep  # noqa: F401 (engine is a fixture)


class _Pair:
    """One proxied connection; its sockets are closed once both directions have ended."""

    def __init__(self, client: socket.socket, upstream: socket.socket) -> None:
        self.client, self.upstream = client, upstream
        self.attach = False  # carries an attach request: its stream is the port's output
        self._open_directions = 2
        self._lock = threading.Lock()

    def cut(self) -> None:
        for sock in (self.client, self.upstream):
            try:
                sock.shutdown(socket.SHUT_RDWR)  # wakes both pumps; they close the sockets
            except OSError:
                pass

    def direction_ended(self) -> None:
        with self._lock:
            self._open_directions -= 1
            if self._open_directions:
                return
        self.client.close()
        self.upstream.close()


class EngineProxy:
    """Forwards a Unix socket of its own to the engine's until cut, as a whole or only its
    attach streams."""

    def __init__(self, folder: Path, engine_socket: str) -> None:
        self.engine_socket = engine_socket
        self.path = folder / "engine.sock"
        self.url = f"unix://{self.path}"
        self._pairs: list[_Pair] = []
        self._lock = threading.Lock()
        self._listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._listener.bind(str(self.path))
        self._listener.listen(64)
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return  # killed
            upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            upstream.connect(self.engine_socket)
            pair = _Pair(client, upstream)
            with self._lock:
                self._pairs.append(pair)
            threading.Thread(target=self._pump, args=(pair, client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(pair, upstream, client, False), daemon=True).start()

    @staticmethod
    def _pump(pair: _Pair, source: socket.socket, target: socket.socket, from_client: bool) -> None:
        while True:
            try:
                data = source.recv(65536)
                if not data:
                    break
                if from_client and b"/attach?" in data:  # the request line of an attach
                    pair.attach = True
                target.sendall(data)
            except OSError:
                break
        try:
            target.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        pair.direction_ended()

    def cut_attach_streams(self) -> int:
        with self._lock:
            attached = [pair for pair in self._pairs if pair.attach]
        for pair in attached:
            pair.cut()
        return len(attached)

    def kill(self) -> None:
        """As if the engine went away: no new connection is accepted, every open one breaks."""
        self._listener.close()
        with self._lock:
            pairs = list(self._pairs)
        for pair in pairs:
            pair.cut()


@pytest.fixture
def proxy(engine):
    from conformance.runtimes.docker.endpoint import find_endpoint

    url = find_endpoint().url
    if not url.startswith("unix://"):
        pytest.skip(f"the proxy forwards a Unix socket; the engine is at {url}")
    folder = Path(tempfile.mkdtemp(prefix="nbe-proxy-"))  # short: a socket path has ~100 bytes
    running = EngineProxy(folder, url.removeprefix("unix://"))
    yield running
    running.kill()
    shutil.rmtree(folder)


def docker_run(nbe, proxy, *args):
    return nbe.popen("run", *args, "--runtime", "docker", "--image", f"python={PYTHON_IMAGE}",
                     DOCKER_HOST=proxy.url)


def test_a_lost_engine_connection_is_an_error_naming_the_endpoint_not_a_timeout(nbe, engine, project, proxy):
    target = add_hostile(project, "hang", expected="started\n")
    before = abandoned(engine)
    proc = docker_run(nbe, proxy, target, "--timeout", "120")
    try:
        running_port(engine, proc.pid, b"started")
        proxy.kill()
        out, err = proc.communicate(timeout=90)
        left = abandoned(engine) - before
    finally:
        sweep(engine, proc)
    assert proc.returncode == 1, out + err
    assert f"ERROR   {target}" in out
    assert f"lost the connection to the Docker engine at {proxy.url}: " in out
    assert "TIMEOUT" not in out
    assert "`nbe clean` removes them" in err
    assert left  # nbe could not remove its containers: the engine was gone
    assert not abandoned(engine) - before


def test_a_cut_output_stream_is_an_error_not_a_shortened_output(nbe, engine, project, proxy):
    target = add_hostile(project, "docker_wait_for_signal", expected="before\nafter\n")
    before = abandoned(engine)
    proc = docker_run(nbe, proxy, target, "--timeout", "120")
    try:
        port = running_port(engine, proc.pid, b"before\n")
        assert proxy.cut_attach_streams() == 1
        port.kill(signal="SIGUSR1")  # the port prints its second line and exits 0
        out, err = proc.communicate(timeout=90)
    finally:
        sweep(engine, proc)
    assert proc.returncode == 1, out + err
    assert f"ERROR   {target}" in out
    assert "output stream lost: the attach stream ended after 7 of the 13 bytes" in out
    assert "FAIL" not in out and "+b'" not in out
    assert not abandoned(engine) - before
