#!/bin/sh
# Limits-based Stream
#
# A stream stores the messages published to its subjects. Its retention
# policy decides when they go; the default, limits, keeps messages until one
# of the stream's limits is reached and then discards the oldest ones first.
# There are three limits: how many messages, how many bytes, and how old a
# message may be.
#
# This example creates a stream with all three limits, publishes past each one
# in turn and prints the stream's state after every step: how many messages it
# holds and the first and last sequence numbers still in it.
#
# Here it is done from a shell script with the `nats` command-line tool:
# `nats stream add` and `nats stream edit` manage the stream, `nats pub -J`
# publishes and waits for the stream's acknowledgement, and the state comes
# from `nats stream info --json`, read with awk.

set -eu

# The server URLs: the nats tool takes a comma-separated list as it is.
servers="${NATS_URL:-nats://localhost:4222}"

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

# state: the stream's message count and first and last sequence, as three
# words, from the "state" object of `nats stream info --json`.
state() {
    nats stream info --server "$servers" EVENTS --json | awk '
        /^  "state": \{/ { in_state = 1; next }
        in_state && /^  \}/ { exit }
        in_state {
            gsub(/[",]/, "")
            value[$1] = $2
        }
        END { print value["messages:"], value["first_seq:"], value["last_seq:"] }
    '
}

print_state() {
    state | {
        read -r messages first last
        echo "$1: $messages messages, first seq $first, last seq $last"
    }
}

# At most 10 messages and 1 KiB of data, each kept for at most an hour; every
# other setting as the server defaults it (--defaults: ask nothing).
nats stream add --server "$servers" EVENTS --subjects 'events.>' \
    --max-msgs 10 --max-bytes 1024 --max-age 1h --defaults >>"$log"
print_state "created"

# Fifteen small messages: the five oldest are discarded to stay at 10. One
# `nats pub -J` publishes them all, `event 1` to `events.1` and so on (its
# template fills in {{Count}}), each one after the previous one was stored.
nats pub --server "$servers" -J 'events.{{Count}}' 'event {{Count}}' --count 15 >>"$log" 2>&1
print_state "after 15 small messages"

# Four larger messages, 200 bytes each: now the byte limit bites first,
# and older messages go until the stream fits in 1 KiB again.
large=$(printf '%200s' '' | tr ' ' x)
for n in 16 17 18 19; do
    nats pub --server "$servers" -J "events.$n" "$large" >>"$log" 2>&1
done
print_state "after 4 messages of 200 bytes"

# Lower the age limit to one second. The duplicate window may not be
# longer than the age limit, so it is lowered too. -f: edit without asking.
nats stream edit --server "$servers" EVENTS --max-age 1s --dupe-window 1s -f >>"$log"

# The server removes expired messages on its own; wait until it has (at
# most 10 seconds).
tries=0
while [ "$tries" -lt 100 ]; do
    messages=$(state | cut -d ' ' -f 1)
    [ "$messages" -eq 0 ] && break
    tries=$((tries + 1))
    sleep 0.1
done
print_state "after the age limit passed"
