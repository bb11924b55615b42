"""--state's snapshot of a server's /jsz, as a pure function: what differs run by run is left out."""

from __future__ import annotations

import json

from conformance.servers.state import snapshot


def _jsz(consumer_name: str, created: str, leader: str) -> dict:
    consumer = {"name": consumer_name, "created": created, "config": {"ack_policy": "explicit", "name": consumer_name},
                "delivered": {"consumer_seq": 3, "stream_seq": 3, "last_active": created},
                "ack_floor": {"consumer_seq": 2, "stream_seq": 2}, "num_pending": 1, "num_ack_pending": 1,
                "cluster": {"leader": leader}}
    stream = {"name": "EVENTS", "created": created, "cluster": {"leader": leader},
              "config": {"name": "EVENTS", "subjects": ["events.>"], "max_msgs": 10, "storage": "file",
                         "metadata": {"_nats.req.level": "0", "team": "a"}},
              "state": {"messages": 3, "bytes": 120, "first_seq": 1, "last_seq": 3, "first_ts": created,
                        "last_ts": created, "consumer_count": 1},
              "consumer_detail": [consumer]}
    return {"server_id": leader, "now": created, "account_details": [{"name": "$G", "stream_detail": [stream]}]}


def test_two_runs_give_the_same_snapshot():
    first = snapshot(_jsz("VeImpljo", "2026-12-05T19:51:01.772201138Z", "NDVVX"))
    second = snapshot(_jsz("Xq81ab0Z", "2026-12-06T08:00:00Z", "NAAAA"))
    assert first == second


def test_the_snapshot_keeps_configuration_counts_and_consumers():
    data = json.loads(snapshot(_jsz("VeImpljo", "2026-12-05T19:51:01Z", "NDVVX")))
    stream = data["streams"]["EVENTS"]
    assert stream["config"] == {"subjects": ["events.>"], "max_msgs": 10, "storage": "file",
                                "metadata": {"team": "a"}}  # the server's own _nats.* metadata left out
    assert stream["state"] == {"messages": 3, "bytes": 120, "first_seq": 1, "last_seq": 3, "consumer_count": 1}
    assert stream["consumers"] == {"<ephemeral 1>": {"config": {"ack_policy": "explicit"},
                                                     "delivered": {"consumer_seq": 3, "stream_seq": 3},
                                                     "ack_floor": {"consumer_seq": 2, "stream_seq": 2},
                                                     "num_pending": 1, "num_ack_pending": 1}}


def test_a_server_without_jetstream_leaves_no_streams():
    assert json.loads(snapshot({"server_id": "N", "config": {}})) == {"streams": {}}


def _consumer_config_shown(field: str, value: str) -> str:
    """The snapshot's value of one field of the ephemeral consumer's configuration, set to `value` in /jsz."""
    jsz = _jsz("VeImpljo", "2026-12-05T19:51:01Z", "NDVVX")
    jsz["account_details"][0]["stream_detail"][0]["consumer_detail"][0]["config"][field] = value
    return json.loads(snapshot(jsz))["streams"]["EVENTS"]["consumers"]["<ephemeral 1>"]["config"][field]


def test_a_push_consumers_inbox_is_numbered_by_first_use():
    assert _consumer_config_shown("deliver_subject", "_INBOX.88nV8ZvpgLtCyq7ZyWBPHG") == "_INBOX.1"


def test_an_objects_chunk_subject_loses_its_nuid():
    assert _consumer_config_shown("filter_subject", "$O.files.C.OYe00ycamfm2rWsXAfa05B") == "$O.files.C.<nuid>"
