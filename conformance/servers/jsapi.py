"""The JetStream API's payloads in a transcript, in a form two clients' ports compare in.

A request to `$JS.API.…` is JSON whose fields each client writes in its own order, escaping and
set of defaults: one sends `"max_consumers": 0`, another `-1`, a third nothing, and the server
reads all three as "no limit". A request is shown with its keys sorted and the fields that the
server reads as unset left out; what a port asked for that differs from the server's default stays.
A response is the server's echo of a whole configuration and state, with times and ids: it is
shown as its type and error, if any (what the port left behind is what `--state` compares)."""

from __future__ import annotations

import json
from typing import Any

API_PREFIX = "$JS.API."
_RESPONSE_TYPE = "io.nats.jetstream.api.v1."

# Fields whose value the server reads as if the field were missing: the zero values (Go's
# omitempty leaves them out), -1 for "no limit", and the server's own defaults spelled out.
_UNSET_VALUES: tuple[Any, ...] = (None, False, "", 0, [], {})
_NO_LIMIT = frozenset({"max_consumers", "max_msgs", "max_bytes", "max_msgs_per_subject", "max_msg_size",
                       "max_deliver", "max_waiting", "max_ack_pending", "max_batch", "max_expires",
                       "max_bytes_per_batch"})
_SERVER_DEFAULTS = {
    "retention": "limits",
    "discard": "old",
    "storage": "file",
    "compression": "none",
    "deliver_policy": "all",
    "replay_policy": "instant",
    "duplicate_window": 120_000_000_000,  # two minutes, in nanoseconds
}
# a stream's own defaults, which a consumer's fields of the same name do not share (a consumer's
# `num_replicas` of 0 is its stream's, which may be 3)
_STREAM_CONFIGS = (API_PREFIX + "STREAM.CREATE.", API_PREFIX + "STREAM.UPDATE.")
_STREAM_DEFAULTS = {"num_replicas": 1}
# the server's own metadata (its version, the API level a request needs), which a client that
# updates a stream sends back as the server gave it
_SERVER_METADATA = "_nats."
_CONSUMER_RESPONSES = {_RESPONSE_TYPE + "consumer_create_response", _RESPONSE_TYPE + "consumer_info_response"}
# a stored message in a response, but for the time it was stored
_MESSAGE_FIELDS = ("subject", "seq", "hdrs", "data")
# Times a client works out from its clock as it sends (what is left of a fetch's timeout): their
# value differs from run to run, their presence does not.
_RUN_DEPENDENT = frozenset({"expires"})


def request_body(subject: str, payload: bytes) -> str | None:
    """A `$JS.API` request's payload as canonical JSON, or None when it is not a JSON object. No
    payload reads as `{}`: a request with nothing to say, which some clients send as that."""
    parsed = _json(payload) if payload.strip() else {}
    if not isinstance(parsed, dict):
        return None
    kept = _set_fields(parsed)
    if subject.startswith(_STREAM_CONFIGS):
        kept = {key: value for key, value in kept.items() if _STREAM_DEFAULTS.get(key, object()) != value}
    return _canonical(kept)


def response_body(payload: bytes) -> str | None:
    """A JetStream API response as `<type>` and its error, or None when the payload is not one."""
    parsed = _json(payload)
    if not isinstance(parsed, dict):
        return None
    kind = parsed.get("type")
    if not isinstance(kind, str) or not kind.startswith(_RESPONSE_TYPE):
        return None
    shown = f"<{kind.removeprefix(_RESPONSE_TYPE)}>"
    error = parsed.get("error")
    if isinstance(error, dict):
        shown += " error " + _canonical(error)
    message = parsed.get("message")  # a message read by sequence or subject: what the port reads
    if isinstance(message, dict):
        shown += " message " + _canonical({key: message[key] for key in _MESSAGE_FIELDS if key in message})
    return shown


def ephemeral_consumer(payload: bytes) -> str | None:
    """The name of the consumer a create (or info) response tells of, when it has no durable
    name: a name the client or the server drew at random, different in every run."""
    parsed = _json(payload)
    if not isinstance(parsed, dict) or parsed.get("type") not in _CONSUMER_RESPONSES:
        return None
    config = parsed.get("config")
    name = parsed.get("name")
    if not isinstance(config, dict) or config.get("durable_name") or not isinstance(name, str) or not name:
        return None
    return name


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _set_fields(value: Any) -> Any:
    """`value` without the fields the server reads as unset, at every depth."""
    if isinstance(value, list):
        return [_set_fields(item) for item in value]
    if not isinstance(value, dict):
        return value
    kept = {}
    for key, item in value.items():
        if key.startswith(_SERVER_METADATA):
            continue
        item = _set_fields(item)
        if _unset(key, item):
            continue
        kept[key] = f"<{key}>" if key in _RUN_DEPENDENT else item
    return kept


def _unset(key: str, value: Any) -> bool:
    if any(value == unset and type(value) is type(unset) for unset in _UNSET_VALUES):
        return True
    if key in _NO_LIMIT and value == -1:
        return True
    return key in _SERVER_DEFAULTS and _SERVER_DEFAULTS[key] == value


def _json(payload: bytes) -> Any:
    try:
        return json.loads(payload)
    except (ValueError, RecursionError):
        return None
