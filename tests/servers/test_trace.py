"""A traced server's log, read as the port ends: a client that is done within milliseconds is in
the transcript whole, and nbe's own barrier connection is not."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

from conformance.servers.cluster import private_server
from conformance.servers.trace import TraceLog
from conformance.servers.wire import transcript


def _quick_client(url: str) -> None:
    """Connects, publishes and hangs up without waiting for anything: a port that ends at once."""
    address = urlsplit(url)
    with socket.create_connection((address.hostname, address.port), 5) as sock:
        sock.sendall(b'CONNECT {"verbose":false,"lang":"raw","version":"1"}\r\nPUB greet.joe 2\r\nhi\r\n')


def test_a_client_done_at_once_is_read_whole_and_the_barrier_is_left_out(tmp_path):
    for attempt in range(5):  # the race it guards against is a matter of milliseconds: run it a few times
        trace = TraceLog()
        with private_server(tmp_path / f"store{attempt}", topology="single", jetstream=False, trace=trace) as server:
            server.start()
            url = server.wait_ready()
            _quick_client(url)
            trace.settle(url)
            read = transcript(trace.texts())
        assert read.text == 'c1 connect lang=raw version=1\nc1 > PUB greet.joe "hi"\n', read.text
        assert read.connections == 1 and read.open_connections == ()


def test_a_server_that_cannot_be_reached_gives_no_barrier_to_wait_for(tmp_path):
    trace = TraceLog()
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    trace.settle(f"nats://127.0.0.1:{port}", timeout=0.5)  # returns: nothing was sent, nothing to wait for
    assert trace.settled
