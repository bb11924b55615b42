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
# By default, this means that any one of subscribers could be a responder and
# reply to the client. However, because NATS is not limited to point-to-point
# interactions, the client could indicate to NATS that multiple replies should
# be allowed.
#
# This example shows the basics of the request-reply pattern including the
# standard "no responders" error if there are no subscribers available to
# handle and reply to the requesting message.
#
# Here it is done from a shell script with the `nats` command-line tool: one
# `nats reply` process in the background is the service, and each request is
# a short-lived `nats request` process.

set -eu

# The server URLs: the nats tool takes a comma-separated list as it is.
servers="${NATS_URL:-nats://localhost:4222}"

# The service logs to a file while it runs (stdout is for the example's
# output); the file is shown on stderr when the script ends.
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
# A signal ends the script through `exit`, so the EXIT trap runs then too.
trap 'exit 1' HUP INT TERM

# The service is a subscription on `greet.*` that answers each request. With
# --command, `nats reply` runs a command per request and replies with its
# output; `{{1}}` in the command is replaced by the request subject's second
# token (the name after `greet.`). printf, not echo: no newline in the reply.
#
# --count 3 makes it a service for three requests: the subscription is set to
# unsubscribe itself after the third message (the server removes it right
# after delivering that one), then the tool exits. That is how this script
# takes the service away for the "no responders" part below.
nats reply --server "$servers" --count 3 'greet.*' \
    --command "printf 'hello, %s' {{1}}" >"$service_log" 2>&1 &
service=$!

# Requests sent before the subscription reaches the server would find no
# responders. `nats reply` logs "Listening on ..." only after a round trip to
# the server, when the subscription is in place, so wait for that line (for
# at most 10 seconds) instead of sleeping for a guessed time.
tries=0
until grep -q 'Listening on' "$service_log"; do
    if ! kill -0 "$service" 2>/dev/null || [ "$tries" -ge 100 ]; then
        echo "the service did not start" >&2
        exit 1
    fi
    tries=$((tries + 1))
    sleep 0.1
done

# One request, waiting at most half a second for the reply. --raw prints just
# the reply's body on stdout, then two blank lines; progress and errors go to
# stderr. The body is given, empty, so the tool does not read one from stdin.
request() {
    nats request --server "$servers" --timeout 500ms --raw "$1" ''
}

# The tool's own output is the example's output: nbe's rules for `cli` in
# meta.yaml fold the blank lines after each reply away when comparing.
for name in joe sue bob; do
    request "greet.$name"
done

# The service answered its three requests and went away; wait until it has.
# (It exits with status 1 after draining: that is expected here.)
wait "$service" || true
service=""

# What happens if the service is unavailable? With no subscription on the
# subject, the server tells the requester at once that there are no
# responders, instead of letting the request time out. The tool says so on
# stderr, with the time of day, and still exits 0: show what it says.
request greet.joe 2>&1
