"""nbe's own HTTP/1.1 reading of the engine's answers, at the edges a real engine seldom shows
on demand: chunks cut anywhere, trailers, a connection that ends early. The real engine crosses
the same code in every Docker test (logs are chunked, attach runs to the end of the connection,
JSON answers have a length)."""

from __future__ import annotations

import socket
import threading

import pytest

from conformance.runtimes.docker.api import STDERR, STDOUT, APIError, Engine, EngineLost, NotFound


def answering(raw: bytes):
    """An engine on a Unix socket that answers one request with `raw`, sent in small pieces, and
    then closes the connection; (engine, the request it received)."""
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp(prefix="nbe-api-"))
    path = folder / "engine.sock"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(1)
    received = bytearray()

    def serve() -> None:
        conn, _ = listener.accept()
        received.extend(conn.recv(65536))
        for start in range(0, len(raw), 7):  # pieces that split lines, sizes and frames
            conn.sendall(raw[start:start + 7])
        conn.close()
        listener.close()
        path.unlink()
        folder.rmdir()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return Engine(f"unix://{path}"), received, thread


def frame(stream: int, data: bytes) -> bytes:
    return bytes([stream, 0, 0, 0]) + len(data).to_bytes(4, "big") + data


def chunked(body: bytes, size: int = 5) -> bytes:
    pieces = [body[i:i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x;ext=1\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\nX-Trailer: yes\r\n\r\n"


def test_a_chunked_multiplexed_log_is_read_frame_by_frame():
    body = frame(STDOUT, b"hello\n") + frame(STDERR, b"oops\n") + frame(STDOUT, b"bye\n")
    engine, received, thread = answering(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(body))
    response = engine.open("GET", "/containers/x/logs", params={"follow": "1"})
    assert list(response.frames()) == [(STDOUT, b"hello\n"), (STDERR, b"oops\n"), (STDOUT, b"bye\n")]
    response.close()
    thread.join()
    assert received.startswith(b"GET /containers/x/logs?follow=1 HTTP/1.1\r\n")


def test_a_body_with_a_length_and_one_to_the_end_of_the_connection():
    engine, _, thread = answering(b'HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n{"Id": "a"}ignored')
    assert engine.call("GET", "/x") == {"Id": "a"}
    thread.join()
    engine, _, thread = answering(b"HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\n"
                                  + frame(STDOUT, b"all of it"))
    response = engine.open("POST", "/containers/x/attach")
    assert list(response.frames()) == [(STDOUT, b"all of it")]
    response.close()
    thread.join()


def test_a_chunked_answer_cut_short_is_a_lost_engine_not_an_end():
    engine, _, thread = answering(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nonly part")
    response = engine.open("GET", "/x")
    with pytest.raises(EngineLost, match="closed the connection"):
        response.read_all()
    response.close()
    thread.join()


def test_refusals_carry_the_engines_reason():
    engine, _, thread = answering(b'HTTP/1.1 404 Not Found\r\nContent-Length: 35\r\n\r\n{"message": "No such container: x"}')
    with pytest.raises(NotFound, match="No such container: x"):
        engine.call("DELETE", "/containers/x")
    thread.join()
    engine, _, thread = answering(b"HTTP/1.1 409 Conflict\r\nTransfer-Encoding: chunked\r\n\r\n"
                                  + chunked(b'{"message": "removal already in progress"}'))
    with pytest.raises(APIError) as refused:
        engine.call("DELETE", "/containers/x")
    assert (refused.value.status, refused.value.explanation) == (409, "removal already in progress")
    thread.join()


def test_an_answer_that_is_not_http_is_a_lost_engine():
    engine, _, thread = answering(b"SSH-2.0-OpenSSH\r\n")
    with pytest.raises(EngineLost, match="not HTTP"):
        engine.call("GET", "/_ping")
    thread.join()


def test_an_attach_stream_longer_than_the_log_gives_way_to_the_log_and_a_shorter_one_is_lost():
    from conformance.runtimes.docker.containers import StreamLost, reconciled

    assert reconciled(b"two\n", b"two\n") == b"two\n"
    # the attach replayed the log and streamed the same line live: the log is the record
    assert reconciled(b"two\ntwo\n", b"two\n") == b"two\n"
    with pytest.raises(StreamLost, match="ended after 2 of the 4 bytes"):
        reconciled(b"tw", b"two\n")


def test_bytes_that_are_not_utf8_are_compared_as_the_engines_log_keeps_them():
    from conformance.runtimes.docker.containers import as_logged, reconciled

    streamed = b"ok \xff\xfe caf\xe9 \xe2\x82 end\n"  # a truncated sequence: one U+FFFD per byte
    logged = "ok \ufffd\ufffd caf\ufffd \ufffd\ufffd end\n".encode()
    assert as_logged(streamed) == logged
    assert reconciled(streamed, logged) == streamed  # the stream keeps the port's own bytes
