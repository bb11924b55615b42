#!/bin/sh
# Queue Groups
#
# Subscriptions that name the same queue group share the work: each message
# published to the subject is delivered to only one member of the group, chosen
# by the server at random. Subscriptions outside the group are unaffected, and a
# plain subscription on the same subject still receives every message.
#
# Which member gets which message is up to the server, so this example prints
# counts that do not depend on that choice: how many messages the group
# received in total, how many distinct ones, and how many the plain subscriber
# received.
#
# Here it is done from a shell script with the `nats` command-line tool: each
# subscription is a `nats sub` process in the background writing what it
# receives to a file, the publisher one `nats pub` process, and awk, sort and
# uniq count what arrived.

set -eu

# The server URLs: the nats tool takes a comma-separated list as it is.
servers="${NATS_URL:-nats://localhost:4222}"

COUNT=30

# Everything the background processes write goes to files in here; their logs
# are shown on stderr when the script ends (stdout is for the example).
workdir=$(mktemp -d)
pids=""

# Never leave a subscriber running, however the script ends.
cleanup() {
    for pid in $pids; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    cat "$workdir"/*.log >&2 2>/dev/null || true
    rm -rf "$workdir"
}
trap cleanup EXIT
# A signal ends the script through `exit`, so the EXIT trap runs then too.
trap 'exit 1' HUP INT TERM

# subscribe NAME [FLAGS]: a `nats sub` on `tasks` in the background that
# prints every message it receives to $workdir/NAME.out, as a line `[#N]
# Received on "SUBJECT"` followed by the body. The tool logs "Subscribing on"
# before its subscription reaches the server, so that is no sign it is in
# place. Instead the same process also subscribes to `ready.NAME`, after
# `tasks`, and this publishes there until one of those messages comes back
# (at most 5 seconds). The server handles one connection's subscriptions in
# order, so by then the subscription on `tasks` is in place too.
subscribe() {
    name=$1
    shift
    out="$workdir/$name.out"
    : >"$out"
    nats sub --server "$servers" "$@" tasks "ready.$name" >"$out" 2>"$workdir/$name.log" &
    pids="$pids $!"
    tries=0
    until grep -q "Received on \"ready.$name\"" "$out"; do
        if [ "$tries" -ge 50 ]; then
            echo "the subscriber $name did not start" >&2
            exit 1
        fi
        tries=$((tries + 1))
        nats pub --server "$servers" "ready.$name" '' 2>>"$workdir/pub.log"
        sleep 0.1
    done
}

# Three members of the queue group `workers`...
for member in member1 member2 member3; do
    subscribe "$member" --queue workers
done

# ...and a plain subscriber, not in the group, so it sees every message.
subscribe plain

# One `nats pub` publishes all the messages, `task 1` to `task 30`: its
# template fills in {{Count}}, the number of each message. It flushes each one
# before the next, and shows its progress on stdout: that goes to the log.
nats pub --server "$servers" tasks 'task {{Count}}' --count "$COUNT" >>"$workdir/pub.log" 2>&1
echo "published $COUNT messages to tasks"

# tasks FILE...: the bodies of the `tasks` messages in the files, one a line.
# The line after `Received on "tasks"` is the body (no headers here).
tasks() {
    awk '/^\[#[0-9]+\] Received on "tasks"$/ { getline; print }' "$@"
}

# Wait until the plain subscriber has every message and the members, between
# them, as many; or give up after five seconds and print what arrived.
tries=0
while [ "$tries" -lt 50 ]; do
    if [ "$(tasks "$workdir/plain.out" | wc -l)" -ge "$COUNT" ] &&
        [ "$(tasks "$workdir"/member*.out | wc -l)" -ge "$COUNT" ]; then
        break
    fi
    tries=$((tries + 1))
    sleep 0.1
done

tasks "$workdir/plain.out" | sort >"$workdir/plain.sorted"
tasks "$workdir"/member*.out | sort >"$workdir/delivered.sorted"

plain=$(wc -l <"$workdir/plain.sorted")
delivered=$(wc -l <"$workdir/delivered.sorted")
distinct=$(uniq "$workdir/delivered.sorted" | wc -l)
echo "plain subscriber received $((plain))"
echo "queue group received $((delivered)) in total, $((distinct)) distinct"

# Exactly once: what the members got between them, sorted, is what the plain
# subscriber got (every message, once).
if cmp -s "$workdir/delivered.sorted" "$workdir/plain.sorted"; then
    exactly_once=yes
else
    exactly_once=no
fi
echo "every message went to exactly one member: $exactly_once"
