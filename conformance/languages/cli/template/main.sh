#!/bin/sh
# A new `cli` port: a POSIX shell script driving the nats command-line tool (nbe puts `nats`,
# `nsc` and `nats-server` on PATH). It reads NATS_URL (a comma-separated list),
# prints what the example shows on stdout (logs go to stderr), and exits 0 on its own.
set -eu

servers="${NATS_URL:-nats://localhost:4222}"
workdir=$(mktemp -d)
: >"$workdir/service.log"
service=""

# Never leave a background `nats` running, however the script ends.
cleanup() {
    if [ -n "$service" ]; then
        kill "$service" 2>/dev/null || true
        wait "$service" 2>/dev/null || true
    fi
    cat "$workdir/service.log" >&2 2>/dev/null || true
    rm -rf "$workdir"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

# Replace this with the example: one reply to one request.
nats reply --server "$servers" --count 1 hello 'hello, world' >"$workdir/service.log" 2>&1 &
service=$!

# `nats reply` logs "Listening on ..." once the server has its subscription.
tries=0
until grep -q 'Listening on' "$workdir/service.log"; do
    if ! kill -0 "$service" 2>/dev/null || [ "$tries" -ge 100 ]; then
        echo "the service did not start" >&2
        exit 1
    fi
    tries=$((tries + 1))
    sleep 0.1
done

# --raw prints only the reply's body; $(...) drops the blank lines after it.
reply=$(nats request --server "$servers" --timeout 1s --raw hello '')
printf '%s\n' "$reply"

wait "$service" || true
service=""
