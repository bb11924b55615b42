#!/bin/sh
# Replicated Stream
#
# In a NATS cluster, a JetStream stream can keep copies of its messages on
# several servers: its replicas. A stream with three replicas (R3) has a leader
# and two followers; a message is stored once a majority of them have it, so
# the stream survives the loss of any one server. Clients need not know which
# server leads: any server in the cluster takes JetStream requests and routes
# them to the stream's leader.
#
# This example connects to each of the three servers in NATS_URL: it creates an
# R3 stream through the first, publishes through the second and reads through
# the third. Which server leads is decided at random, so it is not printed.
#
# Here it is done from a shell script with the `nats` command-line tool: each
# step is a `nats` command given one server's URL only (--server), and the
# stream's configuration and state come from `nats stream info --json`, read
# with awk.

set -eu

# The tool's logs and reports go to a file, shown on stderr when the script
# ends (stdout is for the example).
workdir=$(mktemp -d)
log="$workdir/nats.log"
: >"$log"

cleanup() {
    cat "$log" >&2 2>/dev/null || true
    rm -rf "$workdir"
}
trap cleanup EXIT
# A signal ends the script through `exit`, so the EXIT trap runs then too.
trap 'exit 1' HUP INT TERM

# Get the list of servers: NATS_URL is comma-separated.
servers="${NATS_URL:-nats://localhost:4222}"
count=$(printf '%s\n' "$servers" | awk -F ',' '{ print NF }')
echo "servers in NATS_URL: $count"
if [ "$count" -lt 3 ]; then
    echo "this example needs three servers in NATS_URL" >&2
    exit 1
fi
server1=$(printf '%s\n' "$servers" | cut -d ',' -f 1)
server2=$(printf '%s\n' "$servers" | cut -d ',' -f 2)
server3=$(printf '%s\n' "$servers" | cut -d ',' -f 3)

# retried COMMAND...: run COMMAND, and again while it fails, 50 more times at
# most, 0.1 seconds apart (what each attempt says on stderr goes where the
# caller sends it). Right after a cluster forms, a server may not yet
# know of the JetStream API or of a new stream's subjects on the others (no
# responders), JetStream may be briefly unavailable, or the leader may not yet
# count every server as a place for a replica ("no suitable peers").
retried() {
    attempts=0
    until "$@"; do
        if [ "$attempts" -ge 50 ]; then
            return 1
        fi
        attempts=$((attempts + 1))
        sleep 0.1
    done
}

# num_replicas: the replicas a stream is configured with, from the "config"
# object of the JSON that `nats stream add --json` and `nats stream info
# --json` print.
num_replicas() {
    awk '/^  "config": \{/ { c = 1 } c && /^  \}/ { exit }
        c && /^    "num_replicas":/ { gsub(/[^0-9]/, ""); print; exit }'
}

# --defaults: every setting the command does not give as the server defaults
# it (ask nothing).
retried nats --server "$server1" stream add ORDERS --subjects 'orders.>' --replicas 3 \
    --defaults --json >"$workdir/created.json" 2>>"$log"
echo "created stream ORDERS through server 1: $(num_replicas <"$workdir/created.json") replicas"

# `nats pub -J` waits for the stream's acknowledgement and logs the sequence
# the message was stored at, on stderr: `Stored in Stream: ORDERS Sequence: 1`.
for n in 1 2 3; do
    retried nats --server "$server2" pub -J "orders.$n" "order $n" 2>"$workdir/published.log"
    cat "$workdir/published.log" >>"$log"
    seq=$(sed -n 's/.*Stored in Stream: ORDERS Sequence: \([0-9]*\).*/\1/p' "$workdir/published.log")
    echo "published orders.$n through server 2: sequence $seq"
done

# Through the third server: the stream's configuration, where it is placed
# (the leader, and its followers listed under "cluster" as "replicas"), and
# the messages it holds.
retried nats --server "$server3" stream info ORDERS --json >"$workdir/info.json" 2>>"$log"
replicas=$(num_replicas <"$workdir/info.json")
placed=$(awk '
    /^  "cluster": \{/ { c = 1 } c && /^  \}/ { exit }
    c && /^    "replicas": \[/ { r = 1; next } r && /^    \]/ { r = 0 }
    r && /^      \{/ { followers++ }
    END { print 1 + followers }
' "$workdir/info.json")
messages=$(awk '/^  "state": \{/ { s = 1 } s && /^  \}/ { exit }
    s && /^    "messages":/ { gsub(/[^0-9]/, ""); print; exit }' "$workdir/info.json")
echo "read through server 3: $replicas replicas configured, placed on $placed servers"

# `nats stream get` prints `Item: ORDERS#SEQ received TIME on Subject SUBJECT`,
# a blank line, then the message's body (it has no headers).
seq=1
while [ "$seq" -le "$messages" ]; do
    nats --server "$server3" stream get ORDERS "$seq" | awk -v seq="$seq" '
        /^Item: / { subject = $0; sub(/.* on Subject /, "", subject) }
        subject != "" && NR > 2 && NF { printf "  %s %s: %s\n", seq, subject, $0; exit }
    '
    seq=$((seq + 1))
done
