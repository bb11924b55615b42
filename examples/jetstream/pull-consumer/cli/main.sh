#!/bin/sh
# Pull Consumer
#
# A consumer is a view on a stream that remembers what it delivered and what
# was acknowledged. A pull consumer delivers only when asked: the application
# fetches a batch of messages when it is ready for them, and acknowledges each
# one when it is done. A durable consumer has a name and keeps its position on
# the server, so a worker that restarts carries on where it left off.
#
# A message that is negatively acknowledged (nak) is delivered again, and it
# comes before the messages that were never delivered. Each delivery carries a
# count, so a worker can tell a first delivery from a redelivery.
#
# Here it is done from a shell script with the `nats` command-line tool:
# `nats consumer next` is the worker. Each call pulls one message, prints it
# with its delivery count ("tries"), and then acknowledges it (--ack) or naks
# it (--nak) at once. So a "batch" here is two calls in a row, and a nak'd
# message comes back in the very next call, ahead of everything else; a
# client that fetches two messages in one pull and then acks them sees it
# only in its next batch. The tool takes the ack-or-nak choice as a flag,
# before it has seen the message, so this script decides by the order of
# deliveries: it naks the third one, which is job 3's first, and checks that
# it was.

set -eu

# The server URLs: the nats tool takes a comma-separated list as it is.
servers="${NATS_URL:-nats://localhost:4222}"

# The tools' logs and reports go to files, shown on stderr when the script
# ends (stdout is for the example).
workdir=$(mktemp -d)
log="$workdir/nats.log"
: >"$log"
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

# wait_until DESCRIPTION COMMAND...: run COMMAND every 0.1 seconds until it
# succeeds, for at most 5 seconds.
wait_until() {
    what=$1
    shift
    waited=0
    until "$@"; do
        if [ "$waited" -ge 50 ]; then
            echo "timed out waiting for $what" >&2
            exit 1
        fi
        waited=$((waited + 1))
        sleep 0.1
    done
}

nats stream add --server "$servers" JOBS --subjects 'jobs.>' --defaults >>"$log"

# One `nats pub -J` publishes the five jobs, `job 1` to `jobs.1` and so on
# (its template fills in {{Count}}), each one after the previous one was
# stored.
nats pub --server "$servers" -J 'jobs.{{Count}}' 'job {{Count}}' --count 5 >>"$log" 2>&1
echo "published 5 jobs"

# The durable consumer `worker`, which delivers on demand (--pull) and expects
# an explicit ack for each message; its other settings as the server defaults
# them (--defaults: ask nothing).
nats consumer add --server "$servers" JOBS worker --pull --ack explicit --defaults >>"$log"

# The tool sends a nak and flushes it, but does not wait for the server to
# handle it, and the server handles a consumer's acks apart from its pull
# requests: the next call could pull before the nak is in. The server
# announces every nak it handles on an advisory subject, though, so a
# `nats sub` in the background listens there, and after a nak the script
# waits for its advisory. The tool logs "Subscribing on" before its
# subscription reaches the server, so the same process also subscribes to
# `ready.naks`, after the advisory subject, and the script publishes there
# until one of those messages comes back: the server handles one connection's
# subscriptions in order, so by then the advisory subscription is in place.
naks="$workdir/naks.out"
: >"$naks"
nats sub --server "$servers" '$JS.EVENT.ADVISORY.CONSUMER.MSG_NAKED.JOBS.worker' ready.naks \
    >"$naks" 2>"$workdir/sub.log" &
pids="$pids $!"
ready() {
    grep -q 'Received on "ready.naks"' "$naks" && return 0
    nats pub --server "$servers" ready.naks '' 2>>"$log"
    return 1
}
wait_until "the advisory subscription" ready
naks_seen() {
    [ "$(grep -c 'Received on "\$JS.EVENT.ADVISORY.CONSUMER.MSG_NAKED' "$naks")" -ge "$1" ]
}

deliveries=0 # messages pulled so far
naked=0      # naks sent so far

# Four batches of up to two messages. A call waits at most a second for a
# message; when none comes, the batch ends there.
for batch in 1 2 3 4; do
    lines=""
    for _ in 1 2; do
        action=ack
        if [ "$deliveries" -eq 2 ]; then
            action=nak
        fi
        if ! out=$(nats consumer next --server "$servers" --timeout 1s JOBS worker "--$action" 2>>"$log"); then
            break
        fi
        deliveries=$((deliveries + 1))
        # The first line: `[TIME] subj: jobs.3 / tries: 1 / cons seq: 3 / ...`;
        # then, after a blank line, the message's body.
        tries=$(printf '%s\n' "$out" | sed -n 's|.* / tries: \([0-9]*\) / .*|\1|p')
        body=$(printf '%s\n' "$out" | awk 'NR > 1 && NF { print; exit }')
        if [ "$action" = nak ]; then
            if [ "$body" != "job 3" ] || [ "$tries" -ne 1 ]; then
                echo "expected job 3's first delivery to nak, got $body, delivery $tries" >&2
                exit 1
            fi
            naked=$((naked + 1))
            wait_until "the nak's advisory" naks_seen "$naked"
        fi
        lines="$lines  $body, delivery $tries: $action
"
    done
    if [ -z "$lines" ]; then
        echo "fetch $batch: no messages"
    else
        echo "fetch $batch:"
        printf '%s' "$lines"
    fi
done

# consumer_info: the consumer's deliveries, messages not yet delivered, and
# messages delivered but not yet acknowledged, as three words, from the top
# level of `nats consumer info --json`.
consumer_info() {
    nats consumer info --server "$servers" JOBS worker --json | awk '
        /^  "[a-z_]+": \{/ { section = $1 }
        /^  \}/ { section = "" }
        section == "\"delivered\":" && $1 == "\"consumer_seq\":" { delivered = $2 + 0 }
        /^  "num_pending":/ { pending = $2 + 0 }
        /^  "num_ack_pending":/ { ack_pending = $2 + 0 }
        END { print delivered, pending, ack_pending }
    '
}

# The acks, too, were sent without waiting for the server to handle them.
# It handles them in order; wait until none is left awaiting ack.
all_acked() {
    [ "$(consumer_info | cut -d ' ' -f 3)" -eq 0 ]
}
wait_until "the acks" all_acked

# The consumer's state on the server: everything handled.
consumer_info | {
    read -r delivered pending ack_pending
    echo "consumer worker: $delivered deliveries, $pending pending, $ack_pending awaiting ack"
}
