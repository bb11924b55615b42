"""JetStream API payloads in a transcript: two clients' spellings of one request read the same,
and a field that changes what the server does is never left out."""

from __future__ import annotations

import json

from conformance.servers.jsapi import request_body, response_body

CREATE = "$JS.API.STREAM.CREATE.EVENTS"
# what nats.go and nats-py sent for the same stream (from their traces), defaults and all
GO_CREATE = (b'{"name":"EVENTS","subjects":["events.\\u003e"],"retention":"limits","max_consumers":0,'
             b'"max_msgs":10,"max_bytes":1024,"discard":"old","max_age":3600000000000,"max_msgs_per_subject":0,'
             b'"max_msg_size":0,"storage":"file","num_replicas":0,"duplicate_window":0,"sealed":false,'
             b'"deny_delete":false,"deny_purge":false,"allow_rollup_hdrs":false,"allow_direct":false,'
             b'"mirror_direct":false,"consumer_limits":{}}')
PYTHON_CREATE = (b'{"name": "EVENTS", "subjects": ["events.>"], "max_msgs": 10, "max_bytes": 1024, '
                 b'"discard": "old", "discard_new_per_subject": false, "max_age": 3600000000000, '
                 b'"max_consumers": -1, "max_msgs_per_subject": -1, "max_msg_size": -1, "storage": "file", '
                 b'"duplicate_window": 120000000000, "allow_direct": false, "mirror_direct": false}')


def test_two_clients_spelling_of_one_stream_read_the_same() -> None:
    assert request_body(CREATE, GO_CREATE) == request_body(CREATE, PYTHON_CREATE) == (
        '{"max_age":3600000000000,"max_bytes":1024,"max_msgs":10,"name":"EVENTS","subjects":["events.>"]}')


def test_a_value_the_server_would_not_choose_itself_stays() -> None:
    for field, value in [("storage", "memory"), ("retention", "workqueue"), ("max_msgs", 11),
                         ("duplicate_window", 60_000_000_000), ("allow_direct", True), ("num_replicas", 3)]:
        changed = json.loads(PYTHON_CREATE)
        changed[field] = value
        body = request_body(CREATE, json.dumps(changed).encode())
        assert body != request_body(CREATE, PYTHON_CREATE)
        assert json.loads(body or "")[field] == value


def test_nested_configs_lose_their_unset_fields_and_a_fetchs_expiry_its_value() -> None:
    consumer = b'{"stream_name":"JOBS","config":{"durable_name":"worker","ack_policy":"explicit","max_deliver":-1,"filter_subject":""}}'
    assert request_body("$JS.API.CONSUMER.CREATE.JOBS.worker", consumer) == '{"config":{"ack_policy":"explicit","durable_name":"worker"},"stream_name":"JOBS"}'
    assert request_body("$JS.API.CONSUMER.MSG.NEXT.JOBS.worker", b'{"batch": 2, "expires": 999900000}') == '{"batch":2,"expires":"<expires>"}'


def test_a_streams_single_replica_and_the_servers_metadata_are_its_defaults_a_consumers_replica_is_not() -> None:
    echoed = json.loads(PYTHON_CREATE)
    echoed.update(num_replicas=1, metadata={"_nats.ver": "2.15.1", "_nats.level": "5", "team": "a"})
    assert json.loads(request_body("$JS.API.STREAM.UPDATE.EVENTS", json.dumps(echoed).encode()) or "")["metadata"] == {
        "team": "a"}
    assert "num_replicas" not in json.loads(request_body(CREATE, json.dumps(echoed).encode()) or "")
    consumer = b'{"stream_name":"JOBS","config":{"durable_name":"worker","num_replicas":1}}'
    assert '"num_replicas":1' in (request_body("$JS.API.CONSUMER.CREATE.JOBS.worker", consumer) or "")


def test_no_payload_is_an_empty_request_and_only_a_json_object_is_a_request_body() -> None:
    info = "$JS.API.STREAM.INFO.EVENTS"
    assert request_body(info, b"") == request_body(info, b"{}") == request_body(info, b'{"deleted_details":false}') == "{}"
    assert request_body(info, b"[1, 2]") is None
    assert request_body(info, b"{not json") is None


def test_a_response_is_its_type_its_error_and_the_message_it_carries() -> None:
    created = b'{"type":"io.nats.jetstream.api.v1.stream_create_response","config":{"name":"A"},"created":"2026-12-05T19:11:45Z"}'
    assert response_body(created) == "<stream_create_response>"
    missing = (b'{"type":"io.nats.jetstream.api.v1.consumer_info_response",'
               b'"error":{"code":404,"err_code":10014,"description":"consumer not found"}}')
    assert response_body(missing) == (
        '<consumer_info_response> error {"code":404,"description":"consumer not found","err_code":10014}')
    got = (b'{"type":"io.nats.jetstream.api.v1.stream_msg_get_response",'
           b'"message":{"subject":"orders.1","seq":1,"data":"b3JkZXIgMQ==","time":"2026-12-05T19:11:45Z"}}')
    assert response_body(got) == '<stream_msg_get_response> message {"data":"b3JkZXIgMQ==","seq":1,"subject":"orders.1"}'


def test_a_publish_ack_or_any_other_payload_is_not_a_response() -> None:
    assert response_body(b'{"stream":"EVENTS","seq":1}') is None
    assert response_body(b'{"type":"io.nats.micro.v1.info_response"}') is None
    assert response_body(b"hello") is None


def test_an_ephemeral_consumers_name_is_told_by_its_create_or_info_response_a_durables_not() -> None:
    from conformance.servers.jsapi import ephemeral_consumer

    create = b'{"type":"io.nats.jetstream.api.v1.consumer_create_response","name":"qJUso8vJ","config":{}}'
    info = b'{"type":"io.nats.jetstream.api.v1.consumer_info_response","name":"x1","config":{"ack_policy":"none"}}'
    durable = b'{"type":"io.nats.jetstream.api.v1.consumer_create_response","name":"w","config":{"durable_name":"w"}}'
    assert ephemeral_consumer(create) == "qJUso8vJ"
    assert ephemeral_consumer(info) == "x1"
    assert ephemeral_consumer(durable) is None
    assert ephemeral_consumer(b'{"type":"io.nats.jetstream.api.v1.stream_create_response","name":"S","config":{}}') is None
