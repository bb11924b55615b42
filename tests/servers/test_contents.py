"""--state's reading of KV buckets and object stores, against a real nats-server: each key's last
revision, operation and value; each object's size, chunks and digest; a server that cannot be
asked is an error that names it."""

from __future__ import annotations

import json
import socket

import pytest

from conformance.servers.contents import read_contents
from conformance.servers.local import LocalServer
from conformance.servers.requests import Requester, RequestError


def _stored(server: Requester, subject: str, body: bytes, headers: bytes = b"") -> None:
    ack = json.loads(server.request(subject, body, headers).data)
    assert "seq" in ack, ack


def test_a_buckets_keys_and_a_stores_objects_are_read_as_they_were_left(tmp_path):
    with LocalServer(tmp_path / "store", jetstream=True) as nats:
        nats.start()
        url = nats.wait_ready()
        with Requester(url, 5) as server:
            assert "error" not in server.json("$JS.API.STREAM.CREATE.KV_demo",
                                              {"name": "KV_demo", "subjects": ["$KV.demo.>"]})
            _stored(server, "$KV.demo.colour", b"blue")
            _stored(server, "$KV.demo.colour", b"green")
            _stored(server, "$KV.demo.size", b"")
            _stored(server, "$KV.demo.size", b"", b"NATS/1.0\r\nKV-Operation: DEL\r\n\r\n")
            _stored(server, "$KV.demo.raw", b"\xff\x00")
            assert "error" not in server.json("$JS.API.STREAM.CREATE.OBJ_files",
                                              {"name": "OBJ_files", "subjects": ["$O.files.C.>", "$O.files.M.>"]})
            info = {"name": "notes.txt", "bucket": "files", "nuid": "x", "size": 17, "chunks": 1,
                    "digest": "SHA-256=abc", "mtime": "2026-12-05T21:00:00Z"}
            _stored(server, "$O.files.M.bm90ZXMudHh0", json.dumps(info).encode())
        contents = read_contents(url, ["KV_demo", "OBJ_files", "EVENTS"], 5)
    assert contents == {
        "kv": {"demo": {"colour": {"revision": 2, "operation": "PUT", "value": "green"},
                        "raw": {"revision": 5, "operation": "PUT", "value": "base64:/wA="},
                        "size": {"revision": 4, "operation": "DEL", "value": ""}}},
        "objects": {"files": {"notes.txt": {"size": 17, "chunks": 1, "digest": "SHA-256=abc"}}},
    }


def test_without_buckets_or_stores_nothing_is_asked():
    assert read_contents("nats://127.0.0.1:1", ["EVENTS"], 1) == {}  # port 1 would refuse: never dialled


def test_a_server_that_cannot_be_asked_is_an_error_naming_it():
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    with pytest.raises(RequestError, match=f"nats://127.0.0.1:{port}"):
        read_contents(f"nats://127.0.0.1:{port}", ["KV_demo"], 1)
