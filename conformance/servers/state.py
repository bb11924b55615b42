"""--state: what a port left on its server, read from the server's monitoring endpoint (/jsz,
with streams, consumers and their configuration) before the server stops, as stable JSON: one
entry per stream (KV buckets and object stores are streams too), its configuration, its counts and
its consumers, with what differs run by run (times, server ids, leaders, generated names) left out."""

from __future__ import annotations

import json
import re
from typing import Any

SNAPSHOT_TIMEOUT = 5.0
_QUERY = "/jsz?streams=true&consumers=true&config=true"
# counts of a stream and of a consumer that say what the port did; the rest is times and ids
_STREAM_STATE = ("messages", "bytes", "first_seq", "last_seq", "num_subjects", "num_deleted", "consumer_count")
_CONSUMER_STATE = ("delivered", "ack_floor", "num_ack_pending", "num_redelivered", "num_waiting", "num_pending")
_VARYING = {"created", "ts", "first_ts", "last_ts", "last_active", "cluster", "leader", "name"}


_INBOX = re.compile(r"_INBOX\.([A-Za-z0-9]+)")
_NUID = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{22}(?![A-Za-z0-9])")


class SnapshotError(Exception):
    """The monitoring endpoint could not be read; the message says why."""


def read_jsz(monitor_url: str, timeout: float = SNAPSHOT_TIMEOUT) -> dict[str, Any]:
    """The server's /jsz with streams, consumers and configuration; SnapshotError if it cannot."""
    import urllib.error  # only --state reads it: about 25 ms of imports (http.client, email, ssl) off every run
    import urllib.request

    try:
        with urllib.request.urlopen(monitor_url + _QUERY, timeout=timeout) as answer:
            data = json.load(answer)
    except (OSError, urllib.error.URLError, ValueError) as exc:
        raise SnapshotError(f"{monitor_url}{_QUERY}: {getattr(exc, 'reason', exc)}") from None
    if not isinstance(data, dict):
        raise SnapshotError(f"{monitor_url}{_QUERY}: not a JSON object")
    return data


def stream_names(jsz: dict[str, Any]) -> list[str]:
    return [str(stream.get("name")) for account in jsz.get("account_details") or ()
            for stream in account.get("stream_detail") or ()]


def snapshot(jsz: dict[str, Any], contents: dict[str, Any] | None = None) -> str:
    """The stable JSON text of what /jsz shows: streams by name, each with its configuration,
    counts and consumers, then what `contents` (contents.py) read of KV buckets' keys and object
    stores' objects; keys sorted, two-space indent, one value per line (so a diff names a field)."""
    streams: dict[str, Any] = {}
    for account in jsz.get("account_details") or ():
        for stream in account.get("stream_detail") or ():
            streams[str(stream.get("name"))] = _stream(stream)
    shown = {"streams": streams, **(contents or {})}
    text = _numbered_inboxes(json.dumps(shown, indent=2, sort_keys=True) + "\n")
    return _NUID.sub("<nuid>", text)  # e.g. an object's chunk subject, `$O.<store>.C.<nuid>`


def _numbered_inboxes(text: str) -> str:
    """Each inbox token (a push consumer's deliver subject) numbered by first use, as on the wire."""
    numbers: dict[str, int] = {}
    return _INBOX.sub(lambda m: f"_INBOX.{numbers.setdefault(m.group(1), len(numbers) + 1)}", text)


def _stream(stream: dict[str, Any]) -> dict[str, Any]:
    state = stream.get("state") or {}
    # durable ones by name; ephemeral ones, whose names the server draws, by their configuration
    consumers = sorted(stream.get("consumer_detail") or (),
                       key=lambda c: (str((c.get("config") or {}).get("durable_name") or "~"),
                                      json.dumps(_config(c.get("config") or {}), sort_keys=True)))
    named, ephemeral = {}, 0
    for consumer in consumers:
        config = consumer.get("config") or {}
        key = config.get("durable_name") or config.get("name")
        if not config.get("durable_name"):  # the server names an ephemeral consumer at random
            ephemeral += 1
            key = f"<ephemeral {ephemeral}>"
        named[str(key)] = {"config": _config(config), **{k: _stable(consumer[k]) for k in _CONSUMER_STATE
                                                        if k in consumer}}
    return {"config": _config(stream.get("config") or {}),
            "state": {k: state[k] for k in _STREAM_STATE if k in state},
            "consumers": named}


def _config(config: dict[str, Any]) -> dict[str, Any]:
    """A configuration without its name (the key already) and the server's own metadata (`_nats.*`)."""
    kept = {k: v for k, v in config.items() if k not in ("name", "durable_name")}
    metadata = {k: v for k, v in (kept.pop("metadata", None) or {}).items() if not k.startswith("_nats.")}
    return {**kept, "metadata": metadata} if metadata else kept


def _stable(value: Any) -> Any:
    """A consumer's counts without their times (`last_active` in delivered and ack_floor)."""
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in value.items() if k not in _VARYING}
    return value
