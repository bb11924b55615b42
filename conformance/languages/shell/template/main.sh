#!/bin/sh
# A new `shell` port: a POSIX shell script, run with sh. `nats`, `nsc` and `nats-server` are on
# PATH (nbe builds the first two and gives the very nats-server it runs). It reads NATS_URL (a
# comma-separated list), prints what the example shows on stdout (logs go to stderr), and exits
# 0 on its own. A server it starts of its own in the background is killed when it ends.
set -eu

servers="${NATS_URL:-nats://localhost:4222}"

# Replace this with the example: publish one message, and show that the server is there.
nats --server "$servers" publish hello 'hello, world' >/dev/null 2>&1
echo "published to hello"
