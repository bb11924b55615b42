"""What the KV buckets and object stores a port left hold, for `--state`: each key's last
revision, its operation and value; each object's size, chunks and digest. /jsz shows a bucket's
stream and its counts, not its keys, so they are read through the JetStream API (requests.py):
a stream's subjects, then the last message on each."""

from __future__ import annotations

import base64
import json
from typing import Any

from conformance.servers.requests import Requester, RequestError

_KV_STREAM, _OBJECT_STREAM = "KV_", "OBJ_"
_OBJECT_FIELDS = ("size", "chunks", "digest", "deleted", "description")  # not its mtime or nuid


def read_contents(client_url: str, streams: list[str], timeout: float) -> dict[str, Any]:
    """{"kv": {bucket: {key: entry}}, "objects": {store: {name: info}}}, each only when there are
    buckets or stores among `streams`; RequestError when the server cannot be asked."""
    buckets = sorted(name for name in streams if name.startswith(_KV_STREAM))
    stores = sorted(name for name in streams if name.startswith(_OBJECT_STREAM))
    contents: dict[str, Any] = {}
    if not buckets and not stores:
        return contents
    with Requester(client_url, timeout) as server:
        if buckets:
            contents["kv"] = {name.removeprefix(_KV_STREAM): _bucket(server, name) for name in buckets}
        if stores:
            contents["objects"] = {name.removeprefix(_OBJECT_STREAM): _store(server, name) for name in stores}
    return contents


def _bucket(server: Requester, stream: str) -> dict[str, Any]:
    prefix = f"$KV.{stream.removeprefix(_KV_STREAM)}."
    entries = {}
    for subject, message in _last_messages(server, stream, prefix + ">"):
        headers = base64.b64decode(message.get("hdrs") or "")
        entries[subject.removeprefix(prefix)] = {
            "revision": message.get("seq"),
            "operation": _operation(headers),
            "value": _shown(base64.b64decode(message.get("data") or "")),
        }
    return entries


def _store(server: Requester, stream: str) -> dict[str, Any]:
    objects = {}
    for _, message in _last_messages(server, stream, f"$O.{stream.removeprefix(_OBJECT_STREAM)}.M.>"):
        try:
            info = json.loads(base64.b64decode(message.get("data") or ""))
        except ValueError:
            continue  # not an object's metadata: nothing of the store to show
        if isinstance(info, dict):
            objects[str(info.get("name"))] = {key: info[key] for key in _OBJECT_FIELDS if info.get(key)}
    return objects


def _last_messages(server: Requester, stream: str, subjects: str) -> list[tuple[str, dict[str, Any]]]:
    """(subject, the last message on it) for each subject of `stream` under `subjects`, in order."""
    info = server.json(f"$JS.API.STREAM.INFO.{stream}", {"subjects_filter": subjects})
    _refuse_error(info, stream)
    found = []
    for subject in sorted((info.get("state") or {}).get("subjects") or {}):
        answer = server.json(f"$JS.API.STREAM.MSG.GET.{stream}", {"last_by_subj": subject})
        _refuse_error(answer, stream)
        found.append((subject, answer.get("message") or {}))
    return found


def _refuse_error(answer: dict[str, Any], stream: str) -> None:
    error = answer.get("error")
    if isinstance(error, dict):
        raise RequestError(f"{stream}: {error.get('description') or error}")


def _operation(headers: bytes) -> str:
    """PUT, or the DEL or PURGE a KV delete marker carries in its KV-Operation header."""
    for line in headers.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"kv-operation":
            return value.strip().decode(errors="replace")
    return "PUT"


def _shown(data: bytes) -> str:
    """A value as text, or base64 (prefixed so) when it is not UTF-8."""
    try:
        return data.decode()
    except UnicodeDecodeError:
        return "base64:" + base64.b64encode(data).decode()
