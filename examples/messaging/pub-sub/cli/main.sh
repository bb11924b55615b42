#!/bin/sh
# Publish-Subscribe
#
# NATS delivers a message to every subscription whose subject matches at the
# moment the message is published. Subjects are dot-separated tokens, and a
# subscription may use wildcards: `*` matches exactly one token, `>` matches
# one or more tokens at the end of a subject.
#
# This example subscribes with both wildcards, publishes to a few subjects and
# prints what each subscription received. NATS core is fire-and-forget: a
# message published while nobody is subscribed is not stored, so the first
# message, sent before any subscription exists, is seen by no one.
#
# Here it is done from a shell script with the `nats` command-line tool: each
# subscription is a `nats sub` process in the background writing what it
# receives to a file, each publish a short-lived `nats pub` process, and awk
# reads the files back.

set -eu

# The server URLs: the nats tool takes a comma-separated list as it is.
servers="${NATS_URL:-nats://localhost:4222}"

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

# `nats pub` sends one message and flushes it before it exits: once it has
# returned, the server has the message. Its log line goes to a file.
publish() {
    nats pub --server "$servers" "$1" "$2" 2>>"$workdir/pub.log"
}

# subscribe NAME SUBJECT: a `nats sub` in the background that prints every
# message it receives to $workdir/NAME.out, as a line `[#N] Received on
# "SUBJECT"` followed by the body. The tool logs "Subscribing on" before its
# subscription reaches the server, so that is no sign it is in place. Instead
# the same process also subscribes to `ready.NAME`, after SUBJECT; this
# publishes there until one of those messages comes back (at most 5 seconds).
# The server handles one connection's subscriptions in order, so by then the
# subscription on SUBJECT is in place too.
subscribe() {
    out="$workdir/$1.out"
    : >"$out"
    nats sub --server "$servers" "$2" "ready.$1" >"$out" 2>"$workdir/$1.log" &
    pids="$pids $!"
    tries=0
    until grep -q "Received on \"ready.$1\"" "$out"; do
        if [ "$tries" -ge 50 ]; then
            echo "the subscription on $2 did not start" >&2
            exit 1
        fi
        tries=$((tries + 1))
        publish "ready.$1" ''
        sleep 0.1
    done
}

# Nobody is subscribed yet, so this message goes nowhere.
publish greet.early 'hello, early'
echo "published greet.early before subscribing"

# Two subscriptions: `greet.*` matches `greet.joe` but not `greet.team.bob`;
# `greet.>` matches both.
subscribe one_token 'greet.*'
subscribe any_tokens 'greet.>'

# The last message, `greet.end`, matches both wildcards: it tells each
# subscription that there is nothing more to read. Each `nats pub` has
# flushed its message before the next one starts, so the server receives
# them in this order, and delivers them to each subscription in this order.
for subject in greet.joe greet.pam greet.team.bob; do
    publish "$subject" "hello, ${subject##*.}"
done
publish greet.end goodbye
echo "published greet.joe, greet.pam, greet.team.bob, greet.end"

# Wait until both subscribers have written `greet.end` (at most 5 seconds):
# every earlier match has arrived before it.
tries=0
until grep -q 'Received on "greet.end"' "$workdir/one_token.out" &&
    grep -q 'Received on "greet.end"' "$workdir/any_tokens.out"; do
    if [ "$tries" -ge 50 ]; then
        echo "greet.end did not arrive" >&2
        exit 1
    fi
    tries=$((tries + 1))
    sleep 0.1
done

# What each subscription received, in order, up to `greet.end`. The line
# after `Received on "SUBJECT"` is the body (these messages have no headers);
# the `ready.` messages were only the readiness check above.
report() {
    awk -v pattern="$2" '
        /^\[#[0-9]+\] Received on "/ {
            subject = $0
            sub(/^[^"]*"/, "", subject)
            sub(/"$/, "", subject)
            getline body
            if (subject ~ /^ready\./) next
            printf "%s received %s: %s\n", pattern, subject, body
            count++
            if (subject == "greet.end") {
                printf "%s received %d messages\n", pattern, count
                exit
            }
        }
    ' "$workdir/$1.out"
}

report one_token 'greet.*'
report any_tokens 'greet.>'
