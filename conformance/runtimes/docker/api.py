"""A small client of the Docker Engine API on the standard library: the calls nbe makes and
nothing more, over HTTP/1.1 written and read here. nbe used the Docker SDK; importing it (with
requests and urllib3) was a sixth of a warm Docker check, and http.client (which imports the
email package and ssl) another 10 ms. One connection per call: threads share a client freely."""

from __future__ import annotations

import json
import socket
import urllib.parse
from collections.abc import Iterator
from typing import Any, NamedTuple

NEWEST_API = (1, 45)  # nbe asks for at most this; an older engine is spoken to in its own version
DEFAULT_TIMEOUT = 600.0  # builds and waits take long; a ping gets its own short timeout
STDOUT, STDERR = 1, 2  # stream numbers in the engine's multiplexed output


class EngineError(Exception):
    """Anything the engine connection raises."""


class APIError(EngineError):
    """The engine answered, and refused."""

    def __init__(self, status: int, explanation: str) -> None:
        super().__init__(f"{status}: {explanation}")
        self.status = status
        self.explanation = explanation


class NotFound(APIError):
    pass


class ImageNotFound(NotFound):
    pass


class EngineLost(EngineError):
    """The connection to the engine could not be made or broke: the engine's fault, not the check's."""


class TlsFailed(EngineLost):
    """TLS with the engine could not be set up: its certificate failed verification, or the
    client's own TLS files cannot be read. A connection that is never made: the engine is lost."""


class EngineTimeout(EngineError):
    """The engine did not answer in time (for a wait: the container did not stop in time)."""


class TlsFiles(NamedTuple):
    """TLS material as the docker CLI keeps it: a context's, or DOCKER_CERT_PATH's. `ca` is what
    the engine's certificate is verified against (when `verify`); `cert` and `key` the client's."""

    ca: str | None
    cert: str | None
    key: str | None
    verify: bool
    origin: str = ""  # what asked for TLS and where the files are, for messages


class Response:
    """An open response whose body is read as it comes (a log, an attach stream, a build's
    progress): HTTP/1.1 with a length, chunked, or to the end of the connection (a hijacked
    attach). hang_up() from any thread wakes a reader blocked on it."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._file = sock.makefile("rb")
        self.status, self.headers = self._read_head()
        encoding = self.headers.get("transfer-encoding", "").lower()
        length = self.headers.get("content-length")
        self._chunked = "chunked" in encoding
        self._left: int | None = None if self._chunked or length is None else int(length)  # None: to the end
        self._chunk_left = 0
        self._done = self._left == 0 or _status_has_no_body(self.status)

    def _read_head(self) -> tuple[int, dict[str, str]]:
        status_line = self._file.readline(65537)
        parts = status_line.decode("latin-1").split(None, 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/") or not parts[1].isdigit():
            raise EngineLost(f"the engine's answer is not HTTP: {status_line[:80]!r}")
        headers: dict[str, str] = {}
        while (line := self._file.readline(65537)) not in (b"\r\n", b"\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        return int(parts[1]), headers

    def read(self, size: int) -> bytes:
        """Up to `size` bytes, fewer only at the end of the body."""
        data = b""
        while len(data) < size and (chunk := self.read_some(size - len(data))):
            data += chunk
        return data

    def read_some(self, most: int = 65536) -> bytes:
        """What has arrived (at least a byte; b"" at the end of the body), at most `most` bytes."""
        try:
            return self._read_some(most)
        except (TimeoutError, socket.timeout):
            raise EngineTimeout("the engine sent nothing in time") from None
        except (OSError, ValueError) as exc:  # ValueError: a malformed chunk size, or read after close
            raise EngineLost(_describe(exc)) from None

    def _read_some(self, most: int) -> bytes:
        if self._done:
            return b""
        if self._chunked and self._chunk_left == 0:
            size_line = self._file.readline(65537)
            if not size_line:
                raise EngineLost("the engine closed the connection inside a chunked answer")
            self._chunk_left = int(size_line.split(b";")[0].strip(), 16)
            if self._chunk_left == 0:  # the last chunk; then trailers up to a blank line
                while self._file.readline(65537) not in (b"\r\n", b"\n", b""):
                    pass
                self._done = True
                return b""
        limit = most
        if self._chunked:
            limit = min(limit, self._chunk_left)
        elif self._left is not None:
            limit = min(limit, self._left)
        data = self._file.read1(limit)
        if not data:
            if self._chunked or self._left is not None:
                raise EngineLost("the engine closed the connection before its answer ended")
            self._done = True  # a body that lasts as long as the connection
            return b""
        if self._chunked:
            self._chunk_left -= len(data)
            if self._chunk_left == 0:
                self._file.readline(65537)  # the chunk's closing CRLF
        elif self._left is not None:
            self._left -= len(data)
            self._done = self._left == 0
        return data

    def read_all(self) -> bytes:
        chunks: list[bytes] = []
        while chunk := self.read_some():
            chunks.append(chunk)
        return b"".join(chunks)

    def frames(self) -> Iterator[tuple[int, bytes]]:
        """(stream, bytes) of a multiplexed stream (a container without a TTY) until it ends."""
        while True:
            header = self.read(8)
            if len(header) < 8:
                return
            size = int.from_bytes(header[4:8], "big")
            payload = self.read(size)
            if len(payload) < size:
                return
            yield header[0], payload

    def frames_of(self, tty: bool) -> Iterator[tuple[int, bytes]]:
        """frames(), or for a container with a TTY (whose stream is raw: stdout and stderr are
        one terminal) what arrives, as stdout."""
        if not tty:
            yield from self.frames()
            return
        while chunk := self.read_some():
            yield STDOUT, chunk

    def hang_up(self) -> None:
        """From any thread: the engine ends what it was streaming (a build is cancelled), and a
        reader blocked on it wakes to the end of the stream. Closing is left to the reader."""
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # already closed

    def close(self) -> None:
        """In the thread that reads it, once it is done with it."""
        self.hang_up()
        self._file.close()
        self._sock.close()


def _status_has_no_body(status: int) -> bool:
    return 100 <= status < 200 or status in (204, 304)


class Engine:
    """One Docker engine, reached at a unix://, tcp://, http:// or https:// URL."""

    def __init__(self, url: str, tls: TlsFiles | None = None, timeout: float = DEFAULT_TIMEOUT) -> None:
        self._https = False
        self._host = ""
        self.url = url
        self.timeout = timeout
        self._tls = tls
        self._prefix = ""  # "/v1.NN" once ping() has agreed on a version
        scheme, _, rest = url.partition("://")
        if scheme == "unix":
            self._socket_path = "/" + rest.lstrip("/")
        elif scheme in ("tcp", "http", "https"):
            self._socket_path = ""
            self._https = scheme == "https" or (scheme == "tcp" and tls is not None)
            self._host = rest.split("/", 1)[0]
            if not self._host.rpartition(":")[2].isdigit():
                # the docker CLI's default ports: 2376 for TLS, 2375 for plain HTTP
                self._host += ":2376" if self._https else ":2375"
        else:
            raise EngineLost(f"{scheme}:// endpoints are not supported: use unix:// or tcp:// "
                             f"(an ssh engine can be reached through a forwarded socket)")

    def _connect(self, timeout: float) -> socket.socket:
        if self._socket_path:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(timeout)
            try:
                sock.connect(self._socket_path)
            except OSError:
                sock.close()
                raise
            return sock
        host, _, port = self._host.rpartition(":")
        sock = socket.create_connection((host.strip("[]"), int(port)), timeout=timeout)
        if self._https:
            try:
                sock = _ssl_context(self._tls).wrap_socket(sock, server_hostname=host.strip("[]"))
            except OSError as exc:
                sock.close()
                raise _tls_failure(exc, self._tls) from None
        return sock

    def open(self, method: str, path: str, *, params: dict[str, Any] | None = None, body: bytes | None = None,
             content_type: str = "application/json", timeout: float | None = None) -> Response:
        """Send a request on a connection of its own, and return its response once the engine's
        status says it succeeded (APIError, or NotFound, with the engine's reason otherwise)."""
        url = self._prefix + path + ("?" + urllib.parse.urlencode(params) if params else "")
        head = f"{method} {url} HTTP/1.1\r\nHost: docker\r\n"
        if body is not None:
            head += f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
        sock: socket.socket | None = None
        try:
            sock = self._connect(self.timeout if timeout is None else timeout)
            sock.sendall(head.encode("latin-1") + b"\r\n" + (body or b""))
            response = Response(sock)
        except (TimeoutError, socket.timeout):
            if sock is not None:
                sock.close()
            raise EngineTimeout(f"{method} {path}: the engine did not answer in time") from None
        except (OSError, ValueError) as exc:
            if sock is not None:
                sock.close()
            raise EngineLost(_describe(exc)) from None
        except EngineLost:
            if sock is not None:
                sock.close()
            raise
        if response.status >= 400:
            try:
                _raise_refusal(response.status, response.read_all(), path)
            finally:
                response.close()
        return response

    def call(self, method: str, path: str, *, params: dict[str, Any] | None = None, body: Any = None,
             timeout: float | None = None) -> Any:
        """A request with a JSON body (if any) and a JSON answer (None when the answer is empty)."""
        payload = json.dumps(body).encode() if body is not None else None
        response = self.open(method, path, params=params, body=payload, timeout=timeout)
        try:
            data = response.read_all()
        finally:
            response.close()
        return json.loads(data) if data.strip() else None

    # -- the engine

    def ping(self, timeout: float) -> None:
        """Check that the engine answers, and agree on the API version to speak."""
        response = self.open("GET", "/_ping", timeout=timeout)
        try:
            offered = response.headers.get("api-version", "")
            response.read_all()
        finally:
            response.close()
        self._prefix = f"/v{_version_to_use(offered)}"

    def version(self) -> dict[str, Any]:
        return dict(self.call("GET", "/version"))

    # -- images

    def image(self, ref: str) -> dict[str, Any]:
        """The image's inspection; ImageNotFound when the engine does not have it."""
        try:
            return dict(self.call("GET", f"/images/{_quote(ref)}/json"))
        except NotFound as exc:
            raise ImageNotFound(exc.status, exc.explanation) from None

    def images(self, label: str) -> list[dict[str, Any]]:
        return list(self.call("GET", "/images/json", params={"filters": json.dumps({"label": [label]})}))

    def tag_image(self, image_id: str, ref: str) -> None:
        repo, _, tag = ref.rpartition(":")
        self.call("POST", f"/images/{_quote(image_id)}/tag", params={"repo": repo, "tag": tag})

    def remove_image(self, image_id: str) -> None:
        self.call("DELETE", f"/images/{_quote(image_id)}", params={"force": "1"})

    # -- containers and networks

    def create_container(self, name: str, config: dict[str, Any]) -> Container:
        try:
            created = self.call("POST", "/containers/create", params={"name": name}, body=config)
        except NotFound as exc:  # the only thing create can miss is the image
            raise ImageNotFound(exc.status, exc.explanation) from None
        return Container(self, created["Id"])

    def containers(self, labels: list[str]) -> list[dict[str, Any]]:
        """Every container (running or not) carrying all `labels` ("key" or "key=value")."""
        params = {"all": "1", **({"filters": json.dumps({"label": labels})} if labels else {})}
        return list(self.call("GET", "/containers/json", params=params))

    def networks(self, labels: list[str]) -> list[dict[str, Any]]:
        return list(self.call("GET", "/networks", params={"filters": json.dumps({"label": labels})}))

    def remove_network(self, network_id: str) -> None:
        self.call("DELETE", f"/networks/{_quote(network_id)}")


class Container:
    def __init__(self, engine: Engine, container_id: str) -> None:
        self.engine = engine
        self.id = container_id

    def start(self) -> None:
        self.engine.call("POST", f"/containers/{self.id}/start")

    def inspect(self) -> dict[str, Any]:
        return dict(self.engine.call("GET", f"/containers/{self.id}/json"))

    def wait(self, timeout: float) -> int:
        """The exit code once the container stops; EngineTimeout when it has not in `timeout` s."""
        return int(self.engine.call("POST", f"/containers/{self.id}/wait", timeout=timeout)["StatusCode"])

    def kill(self) -> None:
        self.engine.call("POST", f"/containers/{self.id}/kill")

    def remove(self) -> None:
        """Force-removed, running or not, with its anonymous volumes."""
        self.engine.call("DELETE", f"/containers/{self.id}", params={"force": "1", "v": "1"})

    def logs(self, *, stdout: bool = True, stderr: bool = True, tail: int | None = None, tty: bool = False) -> bytes:
        """The log so far; `tty` for a container made with a TTY (its log is the terminal's, raw)."""
        params = {"stdout": int(stdout), "stderr": int(stderr), "tail": "all" if tail is None else str(tail)}
        response = self.engine.open("GET", f"/containers/{self.id}/logs", params=params)
        try:
            return b"".join(payload for _, payload in response.frames_of(tty))
        finally:
            response.close()

    def follow_logs(self) -> Response:
        """The log (stdout and stderr) from its start and as it grows; read it with frames()."""
        params = {"stdout": "1", "stderr": "1", "follow": "1"}
        return self.engine.open("GET", f"/containers/{self.id}/logs", params=params)

    def attach(self) -> Response:
        """stdout and stderr from the start (attached before start, nothing is missed) until
        the container stops; read it with frames(), or frames_of(True) for a container with a TTY."""
        params = {"stream": "1", "stdout": "1", "stderr": "1", "logs": "1"}
        return self.engine.open("POST", f"/containers/{self.id}/attach", params=params, timeout=None)


def _raise_refusal(status: int, body: bytes, path: str) -> None:
    try:
        explanation = str(json.loads(body)["message"])
    except (ValueError, KeyError, TypeError):
        explanation = body.decode("utf-8", "replace").strip() or f"HTTP {status} for {path}"
    raise (NotFound if status == 404 else APIError)(status, explanation)


def _version_to_use(offered: str) -> str:
    try:
        major, minor = (int(part) for part in offered.split(".")[:2])
    except ValueError:
        return "1.41"  # an engine that does not say: Docker 20.10's version, which every later one speaks
    return "%d.%d" % min((major, minor), NEWEST_API)


def _quote(value: str) -> str:
    return urllib.parse.quote(value, safe="/:@")


def _ssl_context(tls: TlsFiles | None) -> Any:
    """As the docker CLI: the engine verified against `ca` (else the system's CAs), unless
    `verify` is off; the client's certificate sent when there is one."""
    import ssl

    verify = tls is None or tls.verify
    try:
        context = ssl.create_default_context(cafile=tls.ca if tls and verify else None)
    except OSError as exc:
        raise TlsFailed(f"the CA certificate {tls.ca if tls else ''} cannot be read ({_describe(exc)})"
                        f"{_origin(tls)}") from None
    if tls and tls.cert:
        try:
            context.load_cert_chain(tls.cert, tls.key)
        except OSError as exc:
            raise TlsFailed(f"the client certificate {tls.cert} and key {tls.key} cannot be used "
                            f"({_describe(exc)}){_origin(tls)}") from None
    if not verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def _tls_failure(exc: OSError, tls: TlsFiles | None) -> EngineError:
    """What went wrong in the TLS handshake, in the words a user can act on."""
    import ssl

    if isinstance(exc, TlsFailed):
        return exc
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return EngineTimeout("the engine did not complete the TLS handshake in time")
    if isinstance(exc, ssl.SSLCertVerificationError):
        against = f"the CA certificate {tls.ca}" if tls and tls.ca else "the system's CA certificates"
        return TlsFailed(f"the engine's TLS certificate could not be verified against {against}: "
                         f"{exc.verify_message or exc.reason}{_origin(tls)}")
    if isinstance(exc, ssl.SSLError):
        return TlsFailed(f"the TLS handshake with the engine failed ({exc.reason or exc}): does it speak TLS "
                         f"there, and does it accept this client's certificate?{_origin(tls)}")
    return EngineLost(_describe(exc))


def _origin(tls: TlsFiles | None) -> str:
    return f" ({tls.origin})" if tls and tls.origin else ""


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
