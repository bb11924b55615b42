"""The wire transcript, as a plain function over excerpts of real nats-server 2.15.1 -DV logs
(a Python client, nats-py 2.16.0, running the examples), trimmed to what each test needs."""

from __future__ import annotations

import json
import random

import pytest

from conformance.servers.wire import Transcript, by_connection, renumbered_inboxes, transcript

# examples/messaging/request-reply/python, whole, from the server's ready line to its exit
REQUEST_REPLY = r"""
[19197] 2026/12/05 19:11:44.198214 [INF]     _ ___ _____ ___ _____ ___ ___   _   __  __
[19197] 2026/12/05 19:11:44.198963 [INF] Listening for client connections on 127.0.0.1:45595
[19197] 2026/12/05 19:11:44.198979 [INF] Server is ready
[19197] 2026/12/05 19:11:44.427303 [DBG] 127.0.0.1:39386 - cid:5 - Client connection created
[19197] 2026/12/05 19:11:44.427896 [TRC] 127.0.0.1:39386 - cid:5 - <<- [CONNECT {"echo": true, "headers": true, "lang": "python3", "no_responders": true, "pedantic": false, "protocol": 1, "verbose": false, "version": "2.16.0"}]
[19197] 2026/12/05 19:11:44.428307 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - <<- [PING]
[19197] 2026/12/05 19:11:44.428313 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - ->> [PONG]
[19197] 2026/12/05 19:11:44.428706 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - <<- [SUB greet.*  1]
[19197] 2026/12/05 19:11:44.428720 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - <<- [SUB _INBOX.lxE6b0yKvpV01afk4SWndy.*  2]
[19197] 2026/12/05 19:11:44.428726 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - <<- [PUB greet.joe _INBOX.lxE6b0yKvpV01afk4SWndy.lxE6b0yKvpV01afk4SWnii83f4 0]
[19197] 2026/12/05 19:11:44.428759 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - ->> [MSG greet.joe 1 _INBOX.lxE6b0yKvpV01afk4SWndy.lxE6b0yKvpV01afk4SWnii83f4 0]
[19197] 2026/12/05 19:11:44.428994 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - <<- [PUB _INBOX.lxE6b0yKvpV01afk4SWndy.lxE6b0yKvpV01afk4SWnii83f4  10]
[19197] 2026/12/05 19:11:44.429002 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - <<- MSG_PAYLOAD: ["hello, joe"]
[19197] 2026/12/05 19:11:44.429026 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - ->> [MSG _INBOX.lxE6b0yKvpV01afk4SWndy.lxE6b0yKvpV01afk4SWnii83f4 2 10]
[19197] 2026/12/05 19:11:44.429029 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - ->> MSG_PAYLOAD: ["hello, joe"]
[19197] 2026/12/05 19:11:44.429327 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - <<- [PUB greet.sue _INBOX.lxE6b0yKvpV01afk4SWndy.lxE6b0yKvpV01afk4SWnnS388f 0]
[19197] 2026/12/05 19:11:44.429380 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - ->> [MSG greet.sue 1 _INBOX.lxE6b0yKvpV01afk4SWndy.lxE6b0yKvpV01afk4SWnnS388f 0]
[19197] 2026/12/05 19:11:44.429600 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - <<- [PUB _INBOX.lxE6b0yKvpV01afk4SWndy.lxE6b0yKvpV01afk4SWnnS388f  10]
[19197] 2026/12/05 19:11:44.429608 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - <<- MSG_PAYLOAD: ["hello, sue"]
[19197] 2026/12/05 19:11:44.429616 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - ->> [MSG _INBOX.lxE6b0yKvpV01afk4SWndy.lxE6b0yKvpV01afk4SWnnS388f 2 10]
[19197] 2026/12/05 19:11:44.429619 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - ->> MSG_PAYLOAD: ["hello, sue"]
[19197] 2026/12/05 19:11:44.429830 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - <<- [PUB greet.bob _INBOX.lxE6b0yKvpV01afk4SWndy.lxE6b0yKvpV01afk4SWnsCb157 0]
[19197] 2026/12/05 19:11:44.429873 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - ->> [MSG greet.bob 1 _INBOX.lxE6b0yKvpV01afk4SWndy.lxE6b0yKvpV01afk4SWnsCb157 0]
[19197] 2026/12/05 19:11:44.430098 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - <<- [PUB _INBOX.lxE6b0yKvpV01afk4SWndy.lxE6b0yKvpV01afk4SWnsCb157  10]
[19197] 2026/12/05 19:11:44.430108 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - <<- MSG_PAYLOAD: ["hello, bob"]
[19197] 2026/12/05 19:11:44.430131 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - ->> [MSG _INBOX.lxE6b0yKvpV01afk4SWndy.lxE6b0yKvpV01afk4SWnsCb157 2 10]
[19197] 2026/12/05 19:11:44.430133 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - ->> MSG_PAYLOAD: ["hello, bob"]
[19197] 2026/12/05 19:11:44.430386 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - <<- [PING]
[19197] 2026/12/05 19:11:44.430391 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - ->> [PONG]
[19197] 2026/12/05 19:11:44.430412 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - <<- [UNSUB 1 ]
[19197] 2026/12/05 19:11:44.430416 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - <-> [DELSUB 1]
[19197] 2026/12/05 19:11:44.430647 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - <<- [PUB greet.joe _INBOX.lxE6b0yKvpV01afk4SWndy.lxE6b0yKvpV01afk4SWnwwd2ea 0]
[19197] 2026/12/05 19:11:44.430954 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - <<- [PING]
[19197] 2026/12/05 19:11:44.430960 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - ->> [PONG]
[19197] 2026/12/05 19:11:44.431046 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - <<- [UNSUB 2 ]
[19197] 2026/12/05 19:11:44.431050 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - <-> [DELSUB 2]
[19197] 2026/12/05 19:11:44.431242 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - <<- [PING]
[19197] 2026/12/05 19:11:44.431248 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - ->> [PONG]
[19197] 2026/12/05 19:11:44.431532 [DBG] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - Client connection closed: Client Closed
[19197] 2026/12/05 19:11:44.755393 [INF] Trapped "terminated" signal
[19197] 2026/12/05 19:11:44.755787 [DBG] Client accept loop exiting..
[19197] 2026/12/05 19:11:44.755812 [DBG] SYSTEM - System connection closed: Client Closed
[19197] 2026/12/05 19:11:44.755825 [INF] Server Exiting..
"""

EXPECTED_REQUEST_REPLY = """\
c1 connect lang=python3 version=2.16.0
c1 > SUB greet.* s1
c1 > SUB _INBOX.1.* s2
c1 > PUB greet.joe _INBOX.1.2 ""
c1 < MSG greet.joe s1 _INBOX.1.2 ""
c1 > PUB _INBOX.1.2 "hello, joe"
c1 < MSG _INBOX.1.2 s2 "hello, joe"
c1 > PUB greet.sue _INBOX.1.3 ""
c1 < MSG greet.sue s1 _INBOX.1.3 ""
c1 > PUB _INBOX.1.3 "hello, sue"
c1 < MSG _INBOX.1.3 s2 "hello, sue"
c1 > PUB greet.bob _INBOX.1.4 ""
c1 < MSG greet.bob s1 _INBOX.1.4 ""
c1 > PUB _INBOX.1.4 "hello, bob"
c1 < MSG _INBOX.1.4 s2 "hello, bob"
c1 > UNSUB s1
c1 > PUB greet.joe _INBOX.1.5 ""
c1 > UNSUB s2
"""

# the first request of two runs of request-reply: the second (another run on another server) with
# its sids as another client would number them (3 and 8, not 1 and 2)
FIRST_REQUEST_RUN_1 = r"""
[15079] 2026/12/05 19:10:51.631345 [TRC] 127.0.0.1:56552 - cid:5 - <<- [CONNECT {"echo": true, "headers": true, "lang": "python3", "no_responders": true, "pedantic": false, "protocol": 1, "verbose": false, "version": "2.16.0"}]
[15079] 2026/12/05 19:10:51.631542 [TRC] 127.0.0.1:56552 - cid:5 - "v2.16.0:python3" - <<- [PING]
[15079] 2026/12/05 19:10:51.631546 [TRC] 127.0.0.1:56552 - cid:5 - "v2.16.0:python3" - ->> [PONG]
[15079] 2026/12/05 19:10:51.631954 [TRC] 127.0.0.1:56552 - cid:5 - "v2.16.0:python3" - <<- [SUB greet.*  1]
[15079] 2026/12/05 19:10:51.631967 [TRC] 127.0.0.1:56552 - cid:5 - "v2.16.0:python3" - <<- [SUB _INBOX.aFNW0BuWSSdcSySPFJvoiB.*  2]
[15079] 2026/12/05 19:10:51.631972 [TRC] 127.0.0.1:56552 - cid:5 - "v2.16.0:python3" - <<- [PUB greet.joe _INBOX.aFNW0BuWSSdcSySPFJvoiB.aFNW0BuWSSdcSySPFJvomr5966 0]
[15079] 2026/12/05 19:10:51.631991 [TRC] 127.0.0.1:56552 - cid:5 - "v2.16.0:python3" - ->> [MSG greet.joe 1 _INBOX.aFNW0BuWSSdcSySPFJvoiB.aFNW0BuWSSdcSySPFJvomr5966 0]
[15079] 2026/12/05 19:10:51.632152 [TRC] 127.0.0.1:56552 - cid:5 - "v2.16.0:python3" - <<- [PUB _INBOX.aFNW0BuWSSdcSySPFJvoiB.aFNW0BuWSSdcSySPFJvomr5966  10]
[15079] 2026/12/05 19:10:51.632161 [TRC] 127.0.0.1:56552 - cid:5 - "v2.16.0:python3" - <<- MSG_PAYLOAD: ["hello, joe"]
[15079] 2026/12/05 19:10:51.632176 [TRC] 127.0.0.1:56552 - cid:5 - "v2.16.0:python3" - ->> [MSG _INBOX.aFNW0BuWSSdcSySPFJvoiB.aFNW0BuWSSdcSySPFJvomr5966 2 10]
[15079] 2026/12/05 19:10:51.632179 [TRC] 127.0.0.1:56552 - cid:5 - "v2.16.0:python3" - ->> MSG_PAYLOAD: ["hello, joe"]
[15079] 2026/12/05 19:10:51.633379 [TRC] 127.0.0.1:56552 - cid:5 - "v2.16.0:python3" - <<- [UNSUB 1 ]
[15079] 2026/12/05 19:10:51.633384 [TRC] 127.0.0.1:56552 - cid:5 - "v2.16.0:python3" - <-> [DELSUB 1]
"""
FIRST_REQUEST_RUN_2 = r"""
[4623] 2026/12/05 19:15:19.620779 [TRC] 127.0.0.1:42936 - cid:6 - <<- [CONNECT {"echo": true, "headers": true, "lang": "python3", "no_responders": true, "pedantic": false, "protocol": 1, "verbose": false, "version": "2.16.0"}]
[4623] 2026/12/05 19:15:19.620878 [TRC] 127.0.0.1:42936 - cid:6 - "v2.16.0:python3" - <<- [PING]
[4623] 2026/12/05 19:15:19.620882 [TRC] 127.0.0.1:42936 - cid:6 - "v2.16.0:python3" - ->> [PONG]
[4623] 2026/12/05 19:15:19.621324 [TRC] 127.0.0.1:42936 - cid:6 - "v2.16.0:python3" - <<- [SUB greet.*  3]
[4623] 2026/12/05 19:15:19.621341 [TRC] 127.0.0.1:42936 - cid:6 - "v2.16.0:python3" - <<- [SUB _INBOX.BQfYmpuEWYDMY0R27y8FQn.*  8]
[4623] 2026/12/05 19:15:19.621346 [TRC] 127.0.0.1:42936 - cid:6 - "v2.16.0:python3" - <<- [PUB greet.joe _INBOX.BQfYmpuEWYDMY0R27y8FQn.BQfYmpuEWYDMY0R27y8FV28063 0]
[4623] 2026/12/05 19:15:19.621365 [TRC] 127.0.0.1:42936 - cid:6 - "v2.16.0:python3" - ->> [MSG greet.joe 3 _INBOX.BQfYmpuEWYDMY0R27y8FQn.BQfYmpuEWYDMY0R27y8FV28063 0]
[4623] 2026/12/05 19:15:19.621586 [TRC] 127.0.0.1:42936 - cid:6 - "v2.16.0:python3" - <<- [PUB _INBOX.BQfYmpuEWYDMY0R27y8FQn.BQfYmpuEWYDMY0R27y8FV28063  10]
[4623] 2026/12/05 19:15:19.621604 [TRC] 127.0.0.1:42936 - cid:6 - "v2.16.0:python3" - <<- MSG_PAYLOAD: ["hello, joe"]
[4623] 2026/12/05 19:15:19.621633 [TRC] 127.0.0.1:42936 - cid:6 - "v2.16.0:python3" - ->> [MSG _INBOX.BQfYmpuEWYDMY0R27y8FQn.BQfYmpuEWYDMY0R27y8FV28063 8 10]
[4623] 2026/12/05 19:15:19.621636 [TRC] 127.0.0.1:42936 - cid:6 - "v2.16.0:python3" - ->> MSG_PAYLOAD: ["hello, joe"]
[4623] 2026/12/05 19:15:19.622889 [TRC] 127.0.0.1:42936 - cid:6 - "v2.16.0:python3" - <<- [UNSUB 3 ]
[4623] 2026/12/05 19:15:19.622893 [TRC] 127.0.0.1:42936 - cid:6 - "v2.16.0:python3" - <-> [DELSUB 3]
"""
EXPECTED_FIRST_REQUEST = """\
c1 connect lang=python3 version=2.16.0
c1 > SUB greet.* s1
c1 > SUB _INBOX.1.* s2
c1 > PUB greet.joe _INBOX.1.2 ""
c1 < MSG greet.joe s1 _INBOX.1.2 ""
c1 > PUB _INBOX.1.2 "hello, joe"
c1 < MSG _INBOX.1.2 s2 "hello, joe"
c1 > UNSUB s1
"""

# a client of its own (a socket) with verbose on: the server acknowledges each op with +OK
VERBOSE_CLIENT = r"""
[26330] 2026/12/05 19:13:35.001087 [DBG] 127.0.0.1:54780 - cid:5 - Client connection created
[26330] 2026/12/05 19:13:35.001528 [TRC] 127.0.0.1:54780 - cid:5 - <<- [CONNECT {"verbose": true, "pedantic": false, "headers": true, "no_responders": true, "lang": "raw", "version": "0.1", "name": "my app", "protocol": 1}]
[26330] 2026/12/05 19:13:35.001701 [TRC] 127.0.0.1:54780 - cid:5 - "v0.1:raw:my app" - ->> [OK]
[26330] 2026/12/05 19:13:35.001706 [TRC] 127.0.0.1:54780 - cid:5 - "v0.1:raw:my app" - <<- [PING]
[26330] 2026/12/05 19:13:35.001708 [TRC] 127.0.0.1:54780 - cid:5 - "v0.1:raw:my app" - ->> [PONG]
[26330] 2026/12/05 19:13:35.001720 [TRC] 127.0.0.1:54780 - cid:5 - "v0.1:raw:my app" - <<- [SUB foo grp 7]
[26330] 2026/12/05 19:13:35.001728 [TRC] 127.0.0.1:54780 - cid:5 - "v0.1:raw:my app" - ->> [OK]
[26330] 2026/12/05 19:13:35.001732 [TRC] 127.0.0.1:54780 - cid:5 - "v0.1:raw:my app" - <<- [SUB bar 8]
[26330] 2026/12/05 19:13:35.001735 [TRC] 127.0.0.1:54780 - cid:5 - "v0.1:raw:my app" - ->> [OK]
[26330] 2026/12/05 19:13:35.001738 [TRC] 127.0.0.1:54780 - cid:5 - "v0.1:raw:my app" - <<- [UNSUB 8 2]
[26330] 2026/12/05 19:13:35.001741 [TRC] 127.0.0.1:54780 - cid:5 - "v0.1:raw:my app" - ->> [OK]
[26330] 2026/12/05 19:13:37.153791 [DBG] 127.0.0.1:54780 - cid:5 - "v0.1:raw:my app" - Client Ping Timer
[26330] 2026/12/05 19:13:37.153832 [TRC] 127.0.0.1:54780 - cid:5 - "v0.1:raw:my app" - ->> [PING]
[26330] 2026/12/05 19:13:37.604531 [DBG] 127.0.0.1:54780 - cid:5 - "v0.1:raw:my app" - Client connection closed: Client Closed
[26330] 2026/12/05 19:13:37.604565 [TRC] 127.0.0.1:54780 - cid:5 - "v0.1:raw:my app" - <-> [DELSUB 7]
[26330] 2026/12/05 19:13:37.604585 [TRC] 127.0.0.1:54780 - cid:5 - "v0.1:raw:my app" - <-> [DELSUB 8]
"""


def test_a_request_reply_run_reads_as_its_operations():
    assert transcript([REQUEST_REPLY]) == Transcript(
        text=EXPECTED_REQUEST_REPLY, connections=1, unparsed=0, open_connections=())


def test_two_runs_with_other_inboxes_sids_cids_ports_and_times_read_the_same():
    first, second = transcript([FIRST_REQUEST_RUN_1]), transcript([FIRST_REQUEST_RUN_2])
    assert first.text == second.text == EXPECTED_FIRST_REQUEST


def test_keep_alives_acknowledgements_info_and_bookkeeping_are_dropped():
    # 2.15.1 traces no INFO to a client (an async one, on a cluster's change, goes untraced):
    # this one has the shape of the other ops it traces
    info = ('[26330] 2026/12/05 19:13:35.001739 [TRC] 127.0.0.1:54780 - cid:5 - "v0.1:raw:my app" - '
            '->> [INFO {"server_id":"NC7U35PZ62AMMMD7HEZT66ZPS53JPP5V3QOAXWR7M3DNLTAIW2OECKFT","connect_urls":[]}]\n'
            '[26330] 2026/12/05 19:13:35.001740 [INF] 127.0.0.1:54780 - cid:5 - "v0.1:raw:my app" - '
            'Slow Consumer Detected: WriteDeadline of 10s exceeded with 1 chunks of 27 total bytes.\n')
    result = transcript([VERBOSE_CLIENT + info])
    assert result.text == ("c1 connect lang=raw version=0.1 name=my app\n"
                           "c1 > SUB foo grp s1\n"
                           "c1 > SUB bar s2\n"
                           "c1 > UNSUB s2 2\n")
    assert (result.connections, result.unparsed, result.open_connections) == (1, 0, ())


def test_an_error_from_the_server_is_kept():
    # a socket's HPUB whose sizes did not fit its bytes (a real run's lines, their times made up)
    log = r"""
[26010] 2026/12/05 19:12:57.095972 [TRC] 127.0.0.1:37820 - cid:5 - "v0.1:raw:my app" - <<- [HPUB foo 46 48]
[26010] 2026/12/05 19:12:57.095976 [TRC] 127.0.0.1:37820 - cid:5 - "v0.1:raw:my app" - ->> [-ERR Unknown Protocol Operation]
[26010] 2026/12/05 19:12:57.095981 [ERR] 127.0.0.1:37820 - cid:5 - "v0.1:raw:my app" - Client parser ERROR, state=41, i=154: proto='"hi\r"...'
[26010] 2026/12/05 19:12:57.095984 [DBG] 127.0.0.1:37820 - cid:5 - "v0.1:raw:my app" - Client connection closed: Protocol Violation
"""
    result = transcript([log])
    # the HPUB's payload never came: its headers were shorter than it said
    assert result.text == ("c1 > HPUB foo (payload not traced)\n"
                           "c1 < -ERR 'Unknown Protocol Operation'\n")
    assert (result.unparsed, result.open_connections) == (0, ())


def test_payloads_fold_into_their_operation_whatever_comes_between():
    # the client's PUB, another connection's SUB, then a delivery to the client (another
    # goroutine's) before the PUB's payload line: times edited to interleave them so
    json = r"""
[19963] 2026/12/05 19:11:51.988871 [TRC] 127.0.0.1:39974 - cid:5 - "v2.16.0:python3" - <<- [PUB orders.new  37]
[19963] 2026/12/05 19:11:51.988872 [TRC] 127.0.0.1:54794 - cid:9 - "v0.1:raw" - <<- [SUB x 1]
[19963] 2026/12/05 19:11:51.988873 [TRC] 127.0.0.1:39974 - cid:5 - "v2.16.0:python3" - ->> [MSG orders.new 1 23]
[19963] 2026/12/05 19:11:51.988875 [TRC] 127.0.0.1:39974 - cid:5 - "v2.16.0:python3" - <<- MSG_PAYLOAD: ["{\"id\": 1, \"item\": \"coffee\", \"qty\": 2}"]
[19963] 2026/12/05 19:11:51.988876 [TRC] 127.0.0.1:39974 - cid:5 - "v2.16.0:python3" - ->> MSG_PAYLOAD: ["{\"id\": 2, \"item\": \"tea\""]
"""
    assert transcript([json]).text == r"""c1 > PUB orders.new "{\"id\": 1, \"item\": \"coffee\", \"qty\": 2}"
c2 > SUB x s1
c1 < MSG orders.new s1 "{\"id\": 2, \"item\": \"tea\""
"""
    assert transcript([json], payload_limit=10).text.splitlines()[0] == (
        r'c1 > PUB orders.new "{\"id\": 1, …" (+27 bytes)')


def test_payload_bytes_as_the_trace_escapes_them_and_the_cut_in_bytes():
    log = r"""
[26330] 2026/12/05 19:13:35.202208 [TRC] 127.0.0.1:54780 - cid:5 - "v0.1:raw:my app" - <<- [PUB foo 3]
[26330] 2026/12/05 19:13:35.202234 [TRC] 127.0.0.1:54780 - cid:5 - "v0.1:raw:my app" - <<- MSG_PAYLOAD: ["\x00\xe9\xff"]
[26330] 2026/12/05 19:13:35.202269 [TRC] 127.0.0.1:54780 - cid:5 - "v0.1:raw:my app" - <<- [PUB foo 7]
[26330] 2026/12/05 19:13:35.202272 [TRC] 127.0.0.1:54780 - cid:5 - "v0.1:raw:my app" - <<- MSG_PAYLOAD: ["héllo\t"]
"""
    assert transcript([log]).text == ('c1 > PUB foo "\\u0000\\\\xe9\\\\xff"\n'
                                      'c1 > PUB foo "héllo\\t"\n')
    # é is two bytes, a byte that is not UTF-8 one
    assert transcript([log], payload_limit=1).text == ('c1 > PUB foo "\\u0000…" (+2 bytes)\n'
                                                       'c1 > PUB foo "h…" (+6 bytes)\n')


def test_headers_apart_from_the_body_status_first_names_in_order():
    # 2.15.1 sends the no-responders status untraced: this HMSG is its trace's shape with the
    # bytes it has on the wire
    no_responders = r"""
[19197] 2026/12/05 19:11:44.428720 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - <<- [SUB _INBOX.lxE6b0yKvpV01afk4SWndy.*  2]
[19197] 2026/12/05 19:11:44.430647 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - <<- [PUB greet.joe _INBOX.lxE6b0yKvpV01afk4SWndy.lxE6b0yKvpV01afk4SWnwwd2ea 0]
[19197] 2026/12/05 19:11:44.430650 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - ->> [HMSG _INBOX.lxE6b0yKvpV01afk4SWndy.lxE6b0yKvpV01afk4SWnwwd2ea 2 41 41]
[19197] 2026/12/05 19:11:44.430652 [TRC] 127.0.0.1:39386 - cid:5 - "v2.16.0:python3" - ->> MSG_PAYLOAD: ["NATS/1.0 503\r\nNats-Subject: greet.joe\r\n\r\n"]
"""
    assert transcript([no_responders]).text.splitlines()[2:] == [
        'c1 < HMSG _INBOX.1.2 s1 [NATS/1.0 503; Nats-Subject: greet.joe] ""']
    unordered = r"""
[26330] 2026/12/05 19:13:35.201771 [TRC] 127.0.0.1:54780 - cid:5 - "v0.1:raw:my app" - <<- [HPUB foo 48 50]
[26330] 2026/12/05 19:13:35.201776 [TRC] 127.0.0.1:54780 - cid:5 - "v0.1:raw:my app" - <<- MSG_PAYLOAD: ["NATS/1.0\r\nNats-Msg-Id: x1\r\nBeta: b\r\nAlpha: 1\r\n\r\nhi"]
"""
    assert transcript([unordered]).text == 'c1 > HPUB foo [NATS/1.0; Alpha: 1; Beta: b; Nats-Msg-Id: x1] "hi"\n'
    kv_watch = r"""
[19544] 2026/12/05 19:11:47.062046 [TRC] 127.0.0.1:44692 - cid:5 - "v2.16.0:python3" - ->> [HMSG $KV.profiles.sue.color 2 $JS.ACK.KV_profiles.VeImpljo.1.2.2.1796497907059122058.1 52 57]
[19544] 2026/12/05 19:11:47.062048 [TRC] 127.0.0.1:44692 - cid:5 - "v2.16.0:python3" - ->> MSG_PAYLOAD: ["NATS/1.0\r\nNats-Expected-Last-Subject-Sequence: 1\r\n\r\ngreen"]
"""
    assert transcript([kv_watch]).text == (
        "c1 < HMSG $KV.profiles.sue.color s1 $JS.ACK.KV_profiles.VeImpljo.1.2.2.<time>.1 "
        '[NATS/1.0; Nats-Expected-Last-Subject-Sequence: 1] "green"\n')


def test_jetstream_api_calls_and_acks_lose_what_differs_from_run_to_run():
    # examples/jetstream/limits-stream/python, its stream's creation (payloads trimmed)
    limits_stream = r"""
[19257] 2026/12/05 19:11:45.087237 [TRC] 127.0.0.1:43604 - cid:5 - "v2.16.0:python3" - <<- [SUB _INBOX.MpFtSFrnHlztlWRZsvcMeU.*  1]
[19257] 2026/12/05 19:11:45.087258 [TRC] 127.0.0.1:43604 - cid:5 - "v2.16.0:python3" - <<- [PUB $JS.API.STREAM.CREATE.EVENTS _INBOX.MpFtSFrnHlztlWRZsvcMeU.MpFtSFrnHlztlWRZsvcMi3976c 333]
[19257] 2026/12/05 19:11:45.087264 [TRC] 127.0.0.1:43604 - cid:5 - "v2.16.0:python3" - <<- MSG_PAYLOAD: ["{\"name\": \"EVENTS\", \"subjects\": [\"events.>\"], \"max_msgs\": 10}"]
[19257] 2026/12/05 19:11:45.088512 [TRC] 127.0.0.1:43604 - cid:5 - "v2.16.0:python3" - ->> [MSG _INBOX.MpFtSFrnHlztlWRZsvcMeU.MpFtSFrnHlztlWRZsvcMi3976c 1 841]
[19257] 2026/12/05 19:11:45.088519 [TRC] 127.0.0.1:43604 - cid:5 - "v2.16.0:python3" - ->> MSG_PAYLOAD: ["{\"type\":\"io.nats.jetstream.api.v1.stream_create_response\",\"created\":\"2026-12-05T19:11:45.087659073Z\",\"cluster\":{\"leader\":\"NDHFXRHJU7UULNYY6OAIFRASA4TC32VTJHUAQHC2FSRQBIALJ5OCEQYN\"},\"ts\":\"2026-12-05T19:11:45.088318101Z\",\"did_create\":true}"]
"""
    # examples/jetstream/pull-consumer/python, a fetch: its acks, a -NAK, the fetch that expired
    pull_consumer = r"""
[19694] 2026/12/05 19:11:48.902293 [TRC] 127.0.0.1:44660 - cid:5 - "v2.16.0:python3" - <<- [SUB _INBOX.GhNcse4x9jedGiyseVhaO1  2]
[19694] 2026/12/05 19:11:48.902306 [TRC] 127.0.0.1:44660 - cid:5 - "v2.16.0:python3" - <<- [PUB $JS.API.CONSUMER.MSG.NEXT.JOBS.worker _INBOX.GhNcse4x9jedGiyseVhaO1 51]
[19694] 2026/12/05 19:11:48.902309 [TRC] 127.0.0.1:44660 - cid:5 - "v2.16.0:python3" - <<- MSG_PAYLOAD: ["{\"batch\": 2, \"expires\": 999900000, \"no_wait\": true}"]
[19694] 2026/12/05 19:11:48.902508 [TRC] 127.0.0.1:44660 - cid:5 - "v2.16.0:python3" - ->> [MSG jobs.1 2 $JS.ACK.JOBS.worker.1.1.1.1796497908898780538.4 5]
[19694] 2026/12/05 19:11:48.902512 [TRC] 127.0.0.1:44660 - cid:5 - "v2.16.0:python3" - ->> MSG_PAYLOAD: ["job 1"]
[19694] 2026/12/05 19:11:48.902993 [TRC] 127.0.0.1:44660 - cid:5 - "v2.16.0:python3" - <<- [PUB $JS.ACK.JOBS.worker.1.1.1.1796497908898780538.4 _INBOX.GhNcse4x9jedGiyseVha5R.GhNcse4x9jedGiyseVhaQL3371 0]
[19694] 2026/12/05 19:11:48.906310 [TRC] 127.0.0.1:44660 - cid:5 - "v2.16.0:python3" - <<- [PUB $JS.ACK.JOBS.worker.1.3.3.1796497908899559543.2  4]
[19694] 2026/12/05 19:11:48.906323 [TRC] 127.0.0.1:44660 - cid:5 - "v2.16.0:python3" - <<- MSG_PAYLOAD: ["-NAK"]
[19694] 2026/12/05 19:11:49.908287 [TRC] 127.0.0.1:44660 - cid:5 - "v2.16.0:python3" - ->> [HMSG _INBOX.GhNcse4x9jedGiyseVhaO1 2 81 81]
[19694] 2026/12/05 19:11:49.908325 [TRC] 127.0.0.1:44660 - cid:5 - "v2.16.0:python3" - ->> MSG_PAYLOAD: ["NATS/1.0 408 Request Timeout\r\nNats-Pending-Messages: 2\r\nNats-Pending-Bytes: 0\r\n\r\n"]
"""
    result = transcript([limits_stream, pull_consumer])
    assert result.text == r"""c1 > SUB _INBOX.1.* s1
c1 > PUB $JS.API.STREAM.CREATE.EVENTS _INBOX.1.2 {"max_msgs":10,"name":"EVENTS","subjects":["events.>"]}
c1 < MSG _INBOX.1.2 s1 <stream_create_response>
c2 > SUB _INBOX.3 s1
c2 > PUB $JS.API.CONSUMER.MSG.NEXT.JOBS.worker _INBOX.3 {"batch":2,"expires":"<expires>","no_wait":true}
c2 < MSG jobs.1 s1 $JS.ACK.JOBS.worker.1.1.1.<time>.4 "job 1"
c2 > PUB $JS.ACK.JOBS.worker.1.1.1.<time>.4 _INBOX.4.5 ""
c2 > PUB $JS.ACK.JOBS.worker.1.3.3.<time>.2 "-NAK"
c2 < HMSG _INBOX.3 s1 [NATS/1.0 408 Request Timeout; Nats-Pending-Bytes: 0; Nats-Pending-Messages: 2] ""
"""


# ack subjects with a domain and an account hash (made up: the examples run with no domain)
@pytest.mark.parametrize(("subject", "shown"), [
    ("$JS.ACK.hub.wUaFXwRz.JOBS.worker.1.5.6.1796497908900159173.0",
     "$JS.ACK.hub.wUaFXwRz.JOBS.worker.1.5.6.<time>.0"),
    ("$JS.ACK.hub.wUaFXwRz.JOBS.worker.1.5.6.1796497908900159173.0.k7Xw2Qp1",
     "$JS.ACK.hub.wUaFXwRz.JOBS.worker.1.5.6.<time>.0.<random>"),
    ("$JS.ACK.JOBS.>", "$JS.ACK.JOBS.>"),
    ("$O.files.C.QgV3HGsrvFyGPYZ5IZJu8q", "$O.files.C.<nuid>"),
    ("$SRV.PING.calc.Oa3M5VHk6OahMbkbE07Q1z", "$SRV.PING.calc.<nuid>"),
    ("abcdefghijklmnopqrstuv", "abcdefghijklmnopqrstuv"),  # 22 long, but no NUID: not one upper-case letter
    ("1796497908900159173123", "1796497908900159173123"),
])
def test_ack_subjects_with_a_domain_and_nuids_in_subjects(subject, shown):
    log = f'[1] 2026/12/05 19:11:48.906310 [TRC] 127.0.0.1:44660 - cid:5 - "v2.16.0:python3" - <<- [PUB {subject}  0]'
    assert transcript([log]).text == f'c1 > PUB {shown} ""\n'


# examples/jetstream/replicated-stream/python on a three-server cluster, one connection to each
# server (cid:24 on all three), with some of the routes' traffic between the servers
CLUSTER_N1 = r"""
[22786] 2026/12/05 19:12:44.055289 [INF] 127.0.0.1:50025 - rid:8 - Route connection created
[22786] 2026/12/05 19:12:50.148683 [DBG] 127.0.0.1:46436 - cid:24 - Client connection created
[22786] 2026/12/05 19:12:50.149377 [TRC] 127.0.0.1:46436 - cid:24 - <<- [CONNECT {"echo": true, "headers": true, "lang": "python3", "no_responders": true, "pedantic": false, "protocol": 1, "verbose": false, "version": "2.16.0"}]
[22786] 2026/12/05 19:12:50.152546 [TRC] 127.0.0.1:46436 - cid:24 - "v2.16.0:python3" - <<- [SUB _INBOX.REZEuxnBksT8YhHnL0iL54.*  1]
[22786] 2026/12/05 19:12:50.152571 [TRC] 127.0.0.1:34838 - rid:18 - ->> [RS+ $G _INBOX.REZEuxnBksT8YhHnL0iL54.*]
[22786] 2026/12/05 19:12:50.152584 [TRC] 127.0.0.1:46436 - cid:24 - "v2.16.0:python3" - <<- [PUB $JS.API.STREAM.CREATE.ORDERS _INBOX.REZEuxnBksT8YhHnL0iL54.REZEuxnBksT8YhHnL0iL8ud6da 305]
[22786] 2026/12/05 19:12:50.152588 [TRC] 127.0.0.1:46436 - cid:24 - "v2.16.0:python3" - <<- MSG_PAYLOAD: ["{\"name\": \"ORDERS\", \"subjects\": [\"orders.>\"], \"num_replicas\": 3}"]
[22786] 2026/12/05 19:12:50.152699 [TRC] 127.0.0.1:34806 - rid:12 - ->> [HMSG $JS.API.STREAM.CREATE.ORDERS _R_.CVlemX.NF4xQz 224 529]
[22786] 2026/12/05 19:12:50.152708 [TRC] 127.0.0.1:34806 - rid:12 - ->> MSG_PAYLOAD: ["NATS/1.0\r\nNats-Request-Info: {\"acc\":\"$G\"}\r\n\r\n{\"name\": \"ORDERS\"}"]
[22786] 2026/12/05 19:12:50.217263 [TRC] 127.0.0.1:46436 - cid:24 - "v2.16.0:python3" - ->> [MSG _INBOX.REZEuxnBksT8YhHnL0iL54.REZEuxnBksT8YhHnL0iL8ud6da 1 1139]
[22786] 2026/12/05 19:12:50.217270 [TRC] 127.0.0.1:46436 - cid:24 - "v2.16.0:python3" - ->> MSG_PAYLOAD: ["{\"type\":\"io.nats.jetstream.api.v1.stream_create_response\",\"did_create\":true}"]
[22786] 2026/12/05 19:12:50.232585 [DBG] 127.0.0.1:46436 - cid:24 - "v2.16.0:python3" - Client connection closed: Client Closed
"""
CLUSTER_N2 = r"""
[22797] 2026/12/05 19:12:50.150268 [DBG] 127.0.0.1:35874 - cid:24 - Client connection created
[22797] 2026/12/05 19:12:50.150820 [TRC] 127.0.0.1:35874 - cid:24 - <<- [CONNECT {"echo": true, "headers": true, "lang": "python3", "no_responders": true, "pedantic": false, "protocol": 1, "verbose": false, "version": "2.16.0"}]
[22797] 2026/12/05 19:12:50.153333 [TRC] 127.0.0.1:50025 - rid:11 - <<- [HMSG $JS.API.STREAM.CREATE.ORDERS _R_.CVlemX.NF4xQz 224 529]
[22797] 2026/12/05 19:12:50.218429 [TRC] 127.0.0.1:35874 - cid:24 - "v2.16.0:python3" - <<- [SUB _INBOX.1xGxpZRJ1XGg7lg09dS7kh.*  1]
[22797] 2026/12/05 19:12:50.218469 [TRC] 127.0.0.1:35874 - cid:24 - "v2.16.0:python3" - <<- [PUB orders.1 _INBOX.1xGxpZRJ1XGg7lg09dS7kh.1xGxpZRJ1XGg7lg09dS7pq1a46 7]
[22797] 2026/12/05 19:12:50.218472 [TRC] 127.0.0.1:35874 - cid:24 - "v2.16.0:python3" - <<- MSG_PAYLOAD: ["order 1"]
[22797] 2026/12/05 19:12:50.219787 [TRC] 127.0.0.1:35874 - cid:24 - "v2.16.0:python3" - ->> [MSG _INBOX.1xGxpZRJ1XGg7lg09dS7kh.1xGxpZRJ1XGg7lg09dS7pq1a46 1 27]
[22797] 2026/12/05 19:12:50.219789 [TRC] 127.0.0.1:35874 - cid:24 - "v2.16.0:python3" - ->> MSG_PAYLOAD: ["{\"stream\":\"ORDERS\",\"seq\":1}"]
[22797] 2026/12/05 19:12:50.233444 [DBG] 127.0.0.1:35874 - cid:24 - "v2.16.0:python3" - Client connection closed: Client Closed
"""
CLUSTER_N3 = r"""
[22820] 2026/12/05 19:12:50.151597 [DBG] 127.0.0.1:34924 - cid:24 - Client connection created
[22820] 2026/12/05 19:12:50.151896 [TRC] 127.0.0.1:34924 - cid:24 - <<- [CONNECT {"echo": true, "headers": true, "lang": "python3", "no_responders": true, "pedantic": false, "protocol": 1, "verbose": false, "version": "2.16.0"}]
[22820] 2026/12/05 19:12:50.153278 [TRC] 127.0.0.1:50025 - rid:19 - <<- [RS+ $G _INBOX.REZEuxnBksT8YhHnL0iL54.*]
[22820] 2026/12/05 19:12:50.228404 [TRC] 127.0.0.1:34924 - cid:24 - "v2.16.0:python3" - <<- [SUB _INBOX.Yw1x9eWvqLNqmBIgORNPYB.*  1]
[22820] 2026/12/05 19:12:50.229924 [TRC] 127.0.0.1:34924 - cid:24 - "v2.16.0:python3" - <<- [PUB $JS.API.STREAM.MSG.GET.ORDERS _INBOX.Yw1x9eWvqLNqmBIgORNPYB.Yw1x9eWvqLNqmBIgORNPhrc8b1 10]
[22820] 2026/12/05 19:12:50.229932 [TRC] 127.0.0.1:34924 - cid:24 - "v2.16.0:python3" - <<- MSG_PAYLOAD: ["{\"seq\": 1}"]
[22820] 2026/12/05 19:12:50.230272 [TRC] 127.0.0.1:34924 - cid:24 - "v2.16.0:python3" - ->> [MSG _INBOX.Yw1x9eWvqLNqmBIgORNPYB.Yw1x9eWvqLNqmBIgORNPhrc8b1 1 162]
[22820] 2026/12/05 19:12:50.230275 [TRC] 127.0.0.1:34924 - cid:24 - "v2.16.0:python3" - ->> MSG_PAYLOAD: ["{\"type\":\"io.nats.jetstream.api.v1.stream_msg_get_response\",\"message\":{\"subject\":\"orders.1\",\"seq\":1,\"data\":\"b3JkZXIgMQ==\",\"time\":\"2026-12-05T19:12:50.218685719Z\"}}"]
[22820] 2026/12/05 19:12:50.234099 [DBG] 127.0.0.1:34924 - cid:24 - "v2.16.0:python3" - Client connection closed: Client Closed
"""


def test_a_clusters_logs_read_as_one_transcript_in_time_order_without_routes():
    result = transcript([CLUSTER_N1, CLUSTER_N2, CLUSTER_N3])
    assert result.text == r"""c1 connect lang=python3 version=2.16.0
c2 connect lang=python3 version=2.16.0
c3 connect lang=python3 version=2.16.0
c1 > SUB _INBOX.1.* s1
c1 > PUB $JS.API.STREAM.CREATE.ORDERS _INBOX.1.2 {"name":"ORDERS","num_replicas":3,"subjects":["orders.>"]}
c1 < MSG _INBOX.1.2 s1 <stream_create_response>
c2 > SUB _INBOX.3.* s1
c2 > PUB orders.1 _INBOX.3.4 "order 1"
c2 < MSG _INBOX.3.4 s1 "{\"stream\":\"ORDERS\",\"seq\":1}"
c3 > SUB _INBOX.5.* s1
c3 > PUB $JS.API.STREAM.MSG.GET.ORDERS _INBOX.5.6 {"seq":1}
c3 < MSG _INBOX.5.6 s1 <stream_msg_get_response> message {"data":"b3JkZXIgMQ==","seq":1,"subject":"orders.1"}
"""
    assert (result.connections, result.unparsed, result.open_connections) == (3, 0, ())


def test_equal_times_keep_the_order_of_the_logs_then_of_their_lines():
    def line(time: str, op: str) -> str:
        return f"[1] 2026/12/05 19:12:50.{time} [TRC] 127.0.0.1:1 - cid:1 - <<- [{op}]\n"

    first = line("200000", "SUB b 1") + line("100000", "SUB a 2") + line("200000", "SUB c 3")
    second = line("2", "SUB d 1")  # a fraction of another length: 19:12:50.2, as 19:12:50.200000
    assert transcript([first, second]).text == ("c1 > SUB a s1\nc1 > SUB b s2\nc1 > SUB c s3\nc2 > SUB d s1\n")
    assert transcript([second, first]).text == ("c1 > SUB a s1\nc2 > SUB d s1\nc1 > SUB b s2\nc1 > SUB c s3\n")


def test_an_unreadable_client_line_is_kept_and_counted():
    log = r"""
[26330] 2026/12/05 19:13:37.605040 [TRC] 127.0.0.1:54794 - cid:9 - "v0.1:raw" - <<- [SUB x 1]
[26330] 2026/12/05 19:13:37.605125 [TRC] 127.0.0.1:54794 - cid:9 - "v0.1:raw" - ->> MSG_PAYLOAD: ["z"]
[26330] 2026/12/05 19:13:37.605128 [TRC] 127.0.0.1:54794 - cid:9 - "v0.1:raw" - <<- [PUB bad subject with spaces 1]
[26330] 2026/12/05 19:13:37.605133 [ERR] 127.0.0.1:54794 - cid:9 - "v0.1:raw" - processPub Parse Error: "bad subject with spaces 1"
[26330] 2026/12/05 19:13:37.605134 [TRC] 127.0.0.1:54794 - cid:9 - "v0.1:raw" - <-> [RS+ _INBOX.QgV3HGsrvFyGPYZ5IZJv48]
[26330] 2026/12/05 19:13:37.605136 [DBG] 127.0.0.1:54794 - cid:9 - "v0.1:raw" - Client connection closed: Protocol Violation
"""
    result = transcript([log])
    # a payload with no op before it (the trace began in between), a PUB of four arguments, and
    # (made up) an op no client has: each kept as written, but for what a run changes
    assert result.text == ("c1 > SUB x s1\n"
                           'c1 ? ->> MSG_PAYLOAD: ["z"]\n'
                           "c1 ? <<- [PUB bad subject with spaces 1]\n"
                           "c1 ? <-> [RS+ _INBOX.1]\n")
    assert (result.connections, result.unparsed) == (1, 3)


def test_a_connection_without_its_close_line_is_open():
    log = VERBOSE_CLIENT + r"""
[26330] 2026/12/05 19:13:38.005505 [DBG] 127.0.0.1:54798 - cid:10 - Client connection created
[26330] 2026/12/05 19:13:38.005798 [TRC] 127.0.0.1:54798 - cid:10 - <<- [CONNECT {"verbose": false, "pedantic": false, "headers": true, "lang": "raw", "version": "0.1", "protocol": 1, "name": ""}]
[26330] 2026/12/05 19:13:38.005865 [TRC] 127.0.0.1:54798 - cid:10 - "v0.1:raw" - <<- [SUB y 1]
"""
    result = transcript([log, FIRST_REQUEST_RUN_1])
    # c1 is the request-reply excerpt's (the earliest), which ends before its close; c2 closed
    assert result.open_connections == ("c1", "c3")
    assert result.connections == 3
    assert "c3 connect lang=raw version=0.1\n" in result.text  # an empty name is no name


@pytest.mark.parametrize("logs", [
    [],
    [""],
    ["\n\n\r\n"],
    ["not a log at all\x00\xff\ufffd", "[1] 2026/12/05 19:13:38.0 [TRC]"],
    ["[1] 2026/12/05 19:13:38.005798 [TRC] 1:1 - cid:1 - <<- [CONNECT {\"lang\": [[[[[[]"],
    ["[1] 2026/12/05 19:13:38.005798 [TRC] 1:1 - cid:1 - <<- [CONNECT " + "[" * 100_000 + "]"],
    ["[1] 2026/12/05 19:13:38.005798 [TRC] 1:1 - cid:1 - <<- [HPUB a 99999 5]\n"
     '[1] 2026/12/05 19:13:38.005799 [TRC] 1:1 - cid:1 - <<- MSG_PAYLOAD: ["\\U0011ffff\\ud800\\x4\udce9"]'],
    ["[1] 2026/12/05 19:13:38.005798 [TRC] 1:1 - cid:1 - <<- [PUB a " + "9" * 5000 + "]\n"
     "[1] 2026/12/05 19:13:38.005798 [TRC] 1:1 - cid:1 - <<- [CONNECT {\"lang\": " + "9" * 5000 + "}]"],
    ["[1] 2026/12/05 19:13:38.005798 [TRC] 1:1 - cid:1 - <<- [MSG a \udce9 \x00 1]\n"
     "[1] 2026/12/05 19:13:38.005799 [TRC] 1:1 - cid:1 - \x1b[31m <<- \x85\u2028"],
])
def test_garbage_never_raises(logs):
    _well_formed(transcript(logs))


def test_real_lines_cut_and_spliced_at_random_never_raise():
    lines = "".join([REQUEST_REPLY, VERBOSE_CLIENT, CLUSTER_N1, CLUSTER_N3]).splitlines()
    noise = ["\x00", "\\", '"', "[", "]", " - ", "cid:1", "\\x", "\\U", "\udce9", "\r", "…", "MSG_PAYLOAD: ["]
    generator = random.Random(20261205)

    def mangled(line: str) -> str:
        cut, resume = generator.randrange(len(line) + 1), generator.randrange(len(line) + 1)
        return line[:cut] + generator.choice(noise) + line[resume:]

    for _ in range(300):
        picked = generator.sample(lines, 12)
        logs = ["\n".join(map(mangled, picked)), "\n".join(picked)]
        _well_formed(transcript(logs, payload_limit=generator.randrange(-2, 40)))


def _well_formed(result: Transcript) -> None:
    assert isinstance(result, Transcript)
    assert result.text == "" or result.text.endswith("\n")
    result.text.encode("utf-8")  # no lone surrogate
    for line in result.text.splitlines():
        assert line.isprintable()
        assert line.split(" ", 1)[0] in {f"c{number}" for number in range(1, result.connections + 1)}
    assert result.unparsed == sum(line.split(" ")[1:2] == ["?"] for line in result.text.splitlines())
    assert set(result.open_connections) <= {f"c{number}" for number in range(1, result.connections + 1)}


def test_a_connect_with_redacted_credentials_is_read():
    # the Rust client sends every credential field, which the server's trace shows as a bare [REDACTED]
    line = ('[1] 2026/12/05 19:10:51.631345 [TRC] 127.0.0.1:56552 - cid:5 - <<- [CONNECT {"verbose":false,'
            '"jwt":null,"nkey":[REDACTED],"sig":[REDACTED],"name":null,"lang":"rust","version":"0.51.0",'
            '"pass":[REDACTED],"auth_token":[REDACTED],"headers":true}]\n'
            '[1] 2026/12/05 19:10:51.731345 [DBG] 127.0.0.1:56552 - cid:5 - "v0.51.0:rust" - '
            'Client connection closed: Client Closed\n')
    found = transcript([line])
    assert found.text == "c1 connect lang=rust version=0.51.0\n"
    assert found.unparsed == 0


def test_a_message_announced_with_headers_but_sent_without_any_reads_as_a_plain_one():
    empty_headers = r"""
[26330] 2026/12/05 19:13:35.201771 [TRC] 127.0.0.1:54780 - cid:5 - "v3.4.0:nats.js" - <<- [HPUB events.1 _INBOX.AbC 0 7]
[26330] 2026/12/05 19:13:35.201776 [TRC] 127.0.0.1:54780 - cid:5 - "v3.4.0:nats.js" - <<- MSG_PAYLOAD: ["event 1"]
"""
    assert transcript([empty_headers]).text == 'c1 > PUB events.1 _INBOX.1 "event 1"\n'


def test_inboxes_are_numbered_again_once_a_rule_took_one_out():
    ruled = "c1 > PUB a _INBOX.1.3 \"\"\nc1 < MSG _INBOX.1.3 s1 \"x\"\nc1 > PUB b _INBOX.1.4 \"\"\n"
    assert renumbered_inboxes(ruled) == "c1 > PUB a _INBOX.1.2 \"\"\nc1 < MSG _INBOX.1.2 s1 \"x\"\nc1 > PUB b _INBOX.1.3 \"\"\n"
    assert renumbered_inboxes(renumbered_inboxes(ruled)) == renumbered_inboxes(ruled)


def test_by_connection_groups_each_connections_lines_in_their_own_order():
    mixed = "c1 connect a\nc2 connect b\nc2 > PUB y \"\"\nc1 > PUB x \"\"\nwritten by a rule\nc2 > UNSUB s1\n"
    assert by_connection(mixed) == ("c1 connect a\nc1 > PUB x \"\"\nwritten by a rule\n"
                                    "c2 connect b\nc2 > PUB y \"\"\nc2 > UNSUB s1\n")


def test_a_consumer_without_a_durable_name_is_numbered_wherever_its_random_name_shows():
    def line(time: str, arrow: str, op: str) -> str:
        return f'[1] 2026/12/05 19:10:51.{time} [TRC] 127.0.0.1:5 - cid:5 - "v1.55.0:go" - {arrow} {op}\n'

    created = ('{"type":"io.nats.jetstream.api.v1.consumer_create_response","stream_name":"KV_p",'
               '"name":"qJUso8vJ","config":{"deliver_subject":"_INBOX.x"}}')
    durable = ('{"type":"io.nats.jetstream.api.v1.consumer_create_response","stream_name":"KV_p",'
               '"name":"worker","config":{"durable_name":"worker"}}')
    log = "".join([
        line("100000", "<<-", "[PUB $JS.API.CONSUMER.CREATE.KV_p.qJUso8vJ.$KV.p.a _INBOX.r.1 2]"),
        line("100001", "<<-", 'MSG_PAYLOAD: ["{}"]'),
        line("200000", "->>", f"[MSG _INBOX.r.1 1 {len(created)}]"),
        line("200001", "->>", "MSG_PAYLOAD: [" + json.dumps(created) + "]"),
        line("300000", "->>", "[MSG $KV.p.a 2 $JS.ACK.KV_p.qJUso8vJ.1.1.1.1796497907059122058.0 1]"),
        line("300001", "->>", 'MSG_PAYLOAD: ["x"]'),
        line("400000", "->>", f"[MSG _INBOX.r.2 1 {len(durable)}]"),
        line("400001", "->>", "MSG_PAYLOAD: [" + json.dumps(durable) + "]"),
        line("500000", "<<-", "[PUB $JS.ACK.JOBS.worker.1.1.1.1796497907059122058.0 0]"),
    ])
    assert transcript([log]).text.splitlines() == [
        "c1 > PUB $JS.API.CONSUMER.CREATE.KV_p.<consumer 1>.$KV.p.a _INBOX.1.2 {}",
        "c1 < MSG _INBOX.1.2 s1 <consumer_create_response>",
        'c1 < MSG $KV.p.a s2 $JS.ACK.KV_p.<consumer 1>.1.1.1.<time>.0 "x"',
        "c1 < MSG _INBOX.1.3 s1 <consumer_create_response>",
        'c1 > PUB $JS.ACK.JOBS.worker.1.1.1.<time>.0 ""',  # a durable's name is the port's: it stays
    ]


def test_a_connection_that_never_sends_anything_takes_no_label():
    probe_then_client = (
        '[1] 2026/12/05 19:10:51.100000 [DBG] 127.0.0.1:4 - cid:4 - Client connection created\n'
        '[1] 2026/12/05 19:10:51.100100 [DBG] 127.0.0.1:4 - cid:4 - Client connection closed: Client Closed\n'
        '[1] 2026/12/05 19:10:51.200000 [DBG] 127.0.0.1:5 - cid:5 - Client connection created\n'
        '[1] 2026/12/05 19:10:51.200100 [TRC] 127.0.0.1:5 - cid:5 - <<- [SUB greet.* 1]\n')
    read = transcript([probe_then_client])
    assert read.text == "c1 > SUB greet.* s1\n" and read.connections == 1 and read.open_connections == ("c1",)


def test_a_payload_the_server_traced_only_the_start_of_counts_what_was_left_out_from_its_size():
    head = "x" * 65536
    big = (f'[1] 2026/12/05 19:10:51.100000 [TRC] 127.0.0.1:5 - cid:5 - "v2:python3" - <<- [PUB $O.files.C.abc 131072]\n'
           f'[1] 2026/12/05 19:10:51.100001 [TRC] 127.0.0.1:5 - cid:5 - "v2:python3" - <<- MSG_PAYLOAD: ["{head}..."]\n'
           '[1] 2026/12/05 19:10:51.100002 [TRC] 127.0.0.1:5 - cid:5 - "v2:python3" - <<- [PUB dots 3]\n'
           '[1] 2026/12/05 19:10:51.100003 [TRC] 127.0.0.1:5 - cid:5 - "v2:python3" - <<- MSG_PAYLOAD: ["..."]\n')
    assert transcript([big]).text.splitlines() == [
        f'c1 > PUB $O.files.C.abc "{"x" * 160}…" (+{131072 - 160} bytes)',
        'c1 > PUB dots "..."',  # a payload that is three dots, whole: not a cut
    ]
