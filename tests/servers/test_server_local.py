"""The private nats-server itself, against the real binary."""

from __future__ import annotations

import socket

import pytest

from conformance.servers.local import LocalServer, ServerError


def test_it_becomes_ready_on_a_loopback_port_and_stops(tmp_path):
    with LocalServer(tmp_path / "store") as server:
        server.start()
        server.wait_ready()
        host, port = server.url.removeprefix("nats://").split(":")
        assert host == "127.0.0.1"
        with socket.create_connection((host, int(port)), timeout=2) as conn:
            assert conn.recv(4096).startswith(b"INFO ")
    with pytest.raises(OSError):
        socket.create_connection((host, int(port)), timeout=2)


def test_a_taken_port_is_a_clear_error_with_the_server_log(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ServerError) as caught:
            with LocalServer(tmp_path / "store", port=port) as server:
                server.start()
                server.wait_ready()
    message = str(caught.value)
    assert "exited before it was ready" in message
    assert "address already in use" in message


def test_two_servers_get_two_ports(tmp_path):
    with LocalServer(tmp_path / "a") as first, LocalServer(tmp_path / "b") as second:
        first.start()
        second.start()
        assert first.wait_ready() != second.wait_ready()
