"""Requests to a nats-server over one plain client connection: what `--state` needs of the
JetStream API (a stream's subjects, the last message on a subject), with no client library. The
protocol is text: INFO, CONNECT, SUB, PUB out; MSG or HMSG back, PING to be answered."""

from __future__ import annotations

import json
import socket
from typing import Any, NamedTuple
from urllib.parse import urlsplit

_CONNECT = {"verbose": False, "pedantic": False, "headers": True, "no_responders": True, "lang": "nbe", "version": "0"}
_INBOX = "_INBOX.nbe-state"


class RequestError(Exception):
    """The server could not be reached or answered out of protocol; the message says why."""


class Reply(NamedTuple):
    headers: bytes  # the header block of an HMSG (`NATS/1.0 503\r\n...`), empty for a MSG
    data: bytes


class Requester:
    """One connection, requests made one at a time; a context manager that closes it."""

    def __init__(self, url: str, timeout: float, name: str = "nbe state") -> None:
        address = urlsplit(url)
        try:
            self._sock = socket.create_connection((address.hostname or "127.0.0.1", address.port or 4222), timeout)
        except OSError as exc:
            raise RequestError(f"{url}: {exc.strerror or exc}") from None
        self._url = url
        self._buffer = b""
        self._sent = 0
        self._line()  # the server's INFO
        self._send(f"CONNECT {json.dumps({**_CONNECT, 'name': name})}\r\nSUB {_INBOX}.* 1\r\n".encode())

    def __enter__(self) -> Requester:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._sock.close()

    def request(self, subject: str, payload: dict[str, Any] | bytes | None = None, headers: bytes = b"") -> Reply:
        """The first reply to a request of `payload` (JSON for a dict) with `headers`, a header
        block as the protocol has it (`NATS/1.0\\r\\nName: value\\r\\n\\r\\n`)."""
        self._sent += 1
        reply_to = f"{_INBOX}.{self._sent}"
        body = json.dumps(payload).encode() if isinstance(payload, dict) else payload or b""
        if headers:
            self._send(f"HPUB {subject} {reply_to} {len(headers)} {len(headers) + len(body)}\r\n".encode()
                       + headers + body + b"\r\n")
        else:
            self._send(f"PUB {subject} {reply_to} {len(body)}\r\n".encode() + body + b"\r\n")
        while True:
            words = self._line().split()
            if words[:1] == [b"PING"]:
                self._send(b"PONG\r\n")
            elif words[:1] == [b"-ERR"]:
                raise RequestError(f"{self._url}: {b' '.join(words).decode(errors='replace')}")
            elif words[:1] in ([b"MSG"], [b"HMSG"]):
                reply = self._message(words)
                if words[1].decode() == reply_to:
                    return reply

    def ping(self) -> None:
        """Return once the server answered a PING: it has read everything sent before it."""
        self._send(b"PING\r\n")
        while self._line().split()[:1] != [b"PONG"]:
            pass

    def json(self, subject: str, payload: dict[str, Any] | None = None) -> dict[str, Any]:
        """A JetStream API request's answer, as the JSON object it is."""
        reply = self.request(subject, payload)
        try:
            answer = json.loads(reply.data)
        except ValueError:
            raise RequestError(f"{subject}: the answer is not JSON") from None
        if not isinstance(answer, dict):
            raise RequestError(f"{subject}: the answer is not a JSON object")
        return answer

    def _message(self, words: list[bytes]) -> Reply:
        try:
            sizes = [int(word) for word in words[-2:]] if words[0] == b"HMSG" else [0, int(words[-1])]
        except ValueError:
            raise RequestError(f"{self._url}: unreadable {b' '.join(words).decode(errors='replace')}") from None
        headers_size, total = sizes
        payload = self._exactly(total + 2)[:total]
        return Reply(payload[:headers_size], payload[headers_size:])

    def _send(self, data: bytes) -> None:
        try:
            self._sock.sendall(data)
        except OSError as exc:
            raise RequestError(f"{self._url}: {exc.strerror or exc}") from None

    def _line(self) -> bytes:
        while b"\r\n" not in self._buffer:
            self._receive()
        line, self._buffer = self._buffer.split(b"\r\n", 1)
        return line

    def _exactly(self, size: int) -> bytes:
        while len(self._buffer) < size:
            self._receive()
        data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data

    def _receive(self) -> None:
        try:
            chunk = self._sock.recv(65536)
        except OSError as exc:  # a timeout among them
            raise RequestError(f"{self._url}: {exc.strerror or exc}") from None
        if not chunk:
            raise RequestError(f"{self._url}: the server closed the connection")
        self._buffer += chunk
