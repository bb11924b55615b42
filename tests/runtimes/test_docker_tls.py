"""A Docker engine spoken to over TLS, as the docker CLI speaks to one: DOCKER_HOST=tcp://…,
DOCKER_TLS_VERIFY and DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem). The engine here is the
machine's own, behind a real TLS listener on loopback that this test puts in front of its unix
socket: it asks for a client certificate signed by its CA, as `dockerd --tlsverify` does. The
certificates are made with openssl in the test's tmp dir."""

from __future__ import annotations

import select
import shutil
import socket
import ssl
import subprocess
import threading
from pathlib import Path

import pytest

from test_docker import PYTHON_IMAGE, TARGET, _engine_or_skip


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_ca(folder: Path, name: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca-key.pem", "-out", "ca.pem",
             "-days", "2", "-subj", f"/CN={name}", cwd=folder)


def sign(ca: Path, folder: Path, stem: str, extensions: str) -> None:
    """`stem`-key.pem and `stem`-cert.pem in `folder`, signed by the CA in `ca`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stem}.ext").write_text(extensions + "\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
                                        "basicConstraints=CA:FALSE\n")
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{stem}-key.pem", "-out", f"{stem}.csr",
             "-subj", f"/CN=nbe-test-{stem}", cwd=folder)
    _openssl("x509", "-req", "-in", f"{stem}.csr", "-CA", str(ca / "ca.pem"), "-CAkey", str(ca / "ca-key.pem"),
             "-CAcreateserial", "-out", f"{stem}-cert.pem", "-days", "2", "-extfile", f"{stem}.ext", cwd=folder)


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    """The engine's CA with its server and client certificates; a second CA that signed nothing
    of them; the client's folders as DOCKER_CERT_PATH takes them (ca.pem, cert.pem, key.pem)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    root = tmp_path_factory.mktemp("pki")
    make_ca(root / "ca", "nbe-test-engine-ca")
    sign(root / "ca", root / "server", "server", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth")
    sign(root / "ca", root / "client", "client", "extendedKeyUsage=clientAuth")
    make_ca(root / "other-ca", "nbe-test-other-ca")
    for name, ca in (("good", "ca"), ("wrong-ca", "other-ca")):
        folder = root / name
        folder.mkdir()
        shutil.copy(root / ca / "ca.pem", folder / "ca.pem")
        shutil.copy(root / "client" / "client-cert.pem", folder / "cert.pem")
        shutil.copy(root / "client" / "client-key.pem", folder / "key.pem")
    return root


class TlsProxy:
    """A TLS listener on 127.0.0.1 relaying each connection to the engine's unix socket, after a
    handshake that requires a client certificate signed by the engine's CA. `clients` records the
    common name of each client that completed the handshake."""

    def __init__(self, pki: Path, engine_socket: str) -> None:
        self.engine_socket = engine_socket
        self.context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH, cafile=str(pki / "ca" / "ca.pem"))
        self.context.load_cert_chain(str(pki / "server" / "server-cert.pem"), str(pki / "server" / "server-key.pem"))
        self.context.verify_mode = ssl.CERT_REQUIRED
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.clients: list[str] = []
        self.refused: list[str] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return  # closed
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            tls = self.context.wrap_socket(conn, server_side=True)
        except (OSError, ssl.SSLError) as exc:
            self.refused.append(str(exc))
            conn.close()
            return
        subject = dict(item[0] for item in tls.getpeercert()["subject"])
        self.clients.append(subject["commonName"])
        engine = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            engine.connect(self.engine_socket)
            _relay(tls, engine)
        except OSError:
            pass
        finally:
            engine.close()
            tls.close()

    def close(self) -> None:
        self.listener.close()


def _relay(tls: ssl.SSLSocket, engine: socket.socket) -> None:
    """Bytes both ways in one thread (an SSL socket is not read and written from two at once),
    until the engine ends its answer; the client's end of sending is passed on as such."""
    client_open = True
    while True:
        if client_open and tls.pending():
            ready = [tls]
        else:
            ready, _, _ = select.select([engine, tls] if client_open else [engine], [], [], 1.0)
        if tls in ready:
            data = tls.recv(65536)
            if data:
                engine.sendall(data)
            else:
                client_open = False
                engine.shutdown(socket.SHUT_WR)
        if engine in ready:
            data = engine.recv(65536)
            if not data:
                return
            tls.sendall(data)


@pytest.fixture(scope="module")
def engine_socket():
    from conformance.runtimes.docker.endpoint import find_endpoint

    _engine_or_skip()
    url = find_endpoint().url
    if not url.startswith("unix://"):
        pytest.skip(f"the engine is not on a unix socket here: {url}")
    return "/" + url.removeprefix("unix://").lstrip("/")


@pytest.fixture
def proxy(pki, engine_socket):
    running = TlsProxy(pki, engine_socket)
    yield running
    running.close()


def tls_environment(monkeypatch, proxy, cert_path, **extra):
    for name in ("DOCKER_CONTEXT", "DOCKER_TLS", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DOCKER_HOST", f"tcp://127.0.0.1:{proxy.port}")
    if cert_path is not None:
        monkeypatch.setenv("DOCKER_CERT_PATH", str(cert_path))
    for name, value in extra.items():
        monkeypatch.setenv(name, value)


def test_docker_tls_verify_speaks_tls_to_a_tcp_docker_host_and_sends_the_client_certificate(
        proxy, pki, monkeypatch):
    from conformance.runtimes.docker.endpoint import connect, find_endpoint

    tls_environment(monkeypatch, proxy, pki / "good", DOCKER_TLS_VERIFY="1")
    endpoint = find_endpoint()
    engine = connect(endpoint)  # pinged through the listener
    assert engine.version()["ApiVersion"]
    assert engine.containers(["nbe.test=no-such-container"]) == []
    assert engine.image(PYTHON_IMAGE)["Id"].startswith("sha256:")
    assert proxy.clients and set(proxy.clients) == {"nbe-test-client"}, proxy.refused
    assert endpoint.described == (f"tcp://127.0.0.1:{proxy.port} (DOCKER_HOST; TLS, the engine verified against "
                                  f"{pki / 'good' / 'ca.pem'})")


def test_docker_cert_path_defaults_to_the_docker_config_folder(proxy, pki, monkeypatch, tmp_path):
    from conformance.runtimes.docker.endpoint import connect

    shutil.copytree(pki / "good", tmp_path / "home" / ".docker")
    tls_environment(monkeypatch, proxy, None, DOCKER_TLS_VERIFY="1", HOME=str(tmp_path / "home"))
    monkeypatch.delenv("DOCKER_CONFIG", raising=False)
    assert connect().version()["ApiVersion"]
    assert set(proxy.clients) == {"nbe-test-client"}


def test_docker_tls_alone_speaks_tls_without_verifying_the_engine(proxy, pki, monkeypatch):
    from conformance.runtimes.docker.endpoint import connect

    tls_environment(monkeypatch, proxy, pki / "wrong-ca", DOCKER_TLS="1")  # its ca.pem is not the engine's
    assert connect().version()["ApiVersion"]
    assert set(proxy.clients) == {"nbe-test-client"}


def test_without_docker_tls_verify_a_tcp_endpoint_stays_plain_http(proxy, pki, monkeypatch):
    from conformance.runtimes.docker.endpoint import EngineUnavailable, connect, find_endpoint

    tls_environment(monkeypatch, proxy, pki / "good")  # DOCKER_CERT_PATH alone asks for nothing
    assert find_endpoint().tls is None
    with pytest.raises(EngineUnavailable, match="no Docker engine answered"):
        connect()
    assert not proxy.clients


def test_a_wrong_ca_is_a_clear_error_naming_the_endpoint(nbe, proxy, pki):
    run = nbe("run", TARGET, "--runtime", "docker", DOCKER_HOST=f"tcp://127.0.0.1:{proxy.port}",
              DOCKER_TLS_VERIFY="1", DOCKER_CERT_PATH=str(pki / "wrong-ca"), DOCKER_CONTEXT="")
    assert run.returncode == 2, run.stdout + run.stderr
    assert (f"the Docker engine at tcp://127.0.0.1:{proxy.port} (DOCKER_HOST) could not be reached over TLS: "
            f"the engine's TLS certificate could not be verified against the CA certificate "
            f"{pki / 'wrong-ca' / 'ca.pem'}") in run.stderr
    assert f"DOCKER_CERT_PATH is {pki / 'wrong-ca'}" in run.stderr
    assert "Traceback" not in run.stderr
    assert not proxy.clients


def test_a_missing_ca_is_a_clear_error_naming_the_file(nbe, proxy, tmp_path):
    empty = tmp_path / "no-certificates"
    empty.mkdir()
    run = nbe("run", TARGET, "--runtime", "docker", DOCKER_HOST=f"tcp://127.0.0.1:{proxy.port}",
              DOCKER_TLS_VERIFY="1", DOCKER_CERT_PATH=str(empty), DOCKER_CONTEXT="")
    assert run.returncode == 2, run.stdout + run.stderr
    assert f"tcp://127.0.0.1:{proxy.port} (DOCKER_HOST) could not be reached over TLS" in run.stderr
    assert f"the CA certificate {empty / 'ca.pem'} cannot be read" in run.stderr


def test_a_check_runs_in_docker_through_a_tls_engine(nbe, proxy, pki):
    run = nbe("run", TARGET, "--runtime", "docker", "--image", f"python={PYTHON_IMAGE}",
              DOCKER_HOST=f"tcp://127.0.0.1:{proxy.port}", DOCKER_TLS_VERIFY="1",
              DOCKER_CERT_PATH=str(pki / "good"), DOCKER_CONTEXT="")
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"PASS    {TARGET}" in run.stdout
    assert set(proxy.clients) == {"nbe-test-client"}


def test_doctor_says_how_a_tls_engine_is_spoken_to(nbe, proxy, pki):
    run = nbe("doctor", DOCKER_HOST=f"tcp://127.0.0.1:{proxy.port}", DOCKER_TLS_VERIFY="1",
              DOCKER_CERT_PATH=str(pki / "good"), DOCKER_CONTEXT="")
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"at tcp://127.0.0.1:{proxy.port} (DOCKER_HOST; TLS, the engine verified against" in run.stdout
