#!/bin/sh
# Request-Reply
#
# The request-reply pattern allows a client to send a message and expect a
# reply of some kind. In practice, the request message will either be a
# command, which is an intention for service to carry out some work that
# results in a state change, or a query, which is a request for information.
#
# Unlike request-reply constrained protocols like HTTP, NATS is not limited to
# a strict point-to-point interaction between a client and server. The
# request-reply pattern is built on top of the core publish-subscribe model.
#
# This example shows the basics of the request-reply pattern including the
# standard "no responders" error if there are no subscribers available to
# handle and reply to the requesting message.
#
# Here it is a plain shell script: the `nats` tool (on PATH, like `nsc` and
# `nats-server`) does the messaging, and the script prints what it got, one
# reply per line, as the other clients do.

set -eu

servers="${NATS_URL:-nats://localhost:4222}"

workdir=$(mktemp -d)
service_log="$workdir/service.log"
: >"$service_log"
service=""

# Never leave the service running, however the script ends.
cleanup() {
    if [ -n "$service" ]; then
        kill "$service" 2>/dev/null || true
        wait "$service" 2>/dev/null || true
    fi
    cat "$service_log" >&2 2>/dev/null || true
    rm -rf "$workdir"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

# The service: a subscription on `greet.*` answering three requests, each with
# a greeting built from the subject's second token (`{{1}}`), then gone.
nats reply --server "$servers" --count 3 'greet.*' \
    --command "printf 'hello, %s' {{1}}" >"$service_log" 2>&1 &
service=$!

# `nats reply` logs "Listening on ..." once the server has its subscription:
# wait for that (at most 10 seconds) rather than for a guessed time.
tries=0
until grep -q 'Listening on' "$service_log"; do
    if ! kill -0 "$service" 2>/dev/null || [ "$tries" -ge 100 ]; then
        echo "the service did not start" >&2
        exit 1
    fi
    tries=$((tries + 1))
    sleep 0.1
done

# One request, waiting at most half a second. --raw prints only the reply's
# body (then blank lines, which $(...) drops); errors go to the file given.
request() {
    nats request --server "$servers" --timeout 500ms --raw "$1" '' 2>"$2"
}

for name in joe sue bob; do
    reply=$(request "greet.$name" "$workdir/request.log")
    printf '%s\n' "$reply"
done

# The service answered its three requests and unsubscribed; wait until it has
# gone (it exits with status 1 after draining: expected here).
wait "$service" || true
service=""

# With no subscription on the subject, the server tells the requester at once
# that there are no responders. The tool says so on stderr and exits 0.
reply=$(request greet.joe "$workdir/request.log")
if grep -q 'No responders' "$workdir/request.log"; then
    echo "no responders"
else
    echo "unexpected reply: $reply" >&2
    exit 1
fi
