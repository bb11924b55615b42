#!/bin/sh
# Key-Value Intro
#
# The key-value store is built on a JetStream stream: a bucket is a stream,
# a key is a subject in it, and every change to a key is a message. So each
# value has a revision (its sequence in the stream), a bucket can keep some
# history per key, and a client can watch keys for changes as they happen.
#
# This example creates a bucket, puts, gets and updates a key (an update names
# the revision it expects to replace, and fails if the key has moved on since),
# deletes it, reads its history, and then watches another key change.
#
# Here it is done from a shell script with the `nats` command-line tool and
# its `nats kv` commands. Where they print no revision, the script finds it
# another way: `nats kv put` and `nats kv update` print the value they stored
# but not its revision, so the script reads the key back with `nats kv get`;
# and `nats kv watch` prints changes without revisions, so the watcher here is
# what a KV watch is underneath, a consumer on the bucket's stream
# (`KV_profiles`), which `nats sub --stream` runs.

set -eu

# The server URLs: the nats tool takes a comma-separated list as it is.
servers="${NATS_URL:-nats://localhost:4222}"

# The tools' logs and reports go to files, shown on stderr when the script
# ends (stdout is for the example).
workdir=$(mktemp -d)
log="$workdir/nats.log"
: >"$log"
pids=""

# Never leave the watcher running, however the script ends.
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

kv() {
    nats --server "$servers" kv "$@"
}

# get KEY: the key's latest value and revision, as `REVISION VALUE`. `nats kv
# get` prints `profiles > KEY revision: N created @ TIME`, a blank line, then
# the value. When the key has no value it prints nothing, and says why on
# stderr, which goes to $workdir/get.err.
get() {
    kv get profiles "$1" 2>>"$workdir/get.err" | awk '
        NR == 1 { sub(/.* revision: /, ""); sub(/ .*/, ""); revision = $0 }
        NR == 3 { value = $0 }
        END { print revision, value }
    '
}

# A bucket that keeps the last five values of each key.
kv add profiles --history 5 >>"$log"
echo "created bucket profiles"

kv put profiles sue.color blue >>"$log"
# Nothing else writes to the bucket, so the key's latest revision is the
# put's.
put_revision=$(get sue.color | cut -d ' ' -f 1)
echo "put sue.color = blue: revision $put_revision"

entry=$(get sue.color)
revision=${entry%% *}
value=${entry#* }
echo "get sue.color: $value, revision $revision"

# An update only succeeds if the key is still at the revision we read.
kv update profiles sue.color green "$revision" >>"$log"
updated=$(get sue.color | cut -d ' ' -f 1)
echo "update sue.color = green at revision $revision: revision $updated"

# Revision 1 is no longer the latest, so this update is refused: the tool
# exits non-zero, with the server's "wrong last sequence" error on stderr.
if kv update profiles sue.color red "$revision" >>"$log" 2>"$workdir/update.err"; then
    echo "the update at revision $revision was not refused" >&2
    exit 1
elif grep -q 'wrong last sequence' "$workdir/update.err"; then
    echo "update sue.color = red at revision $revision: refused, wrong revision"
else
    cat "$workdir/update.err" >&2
    exit 1
fi

# A delete is a new revision too: a marker that hides the older values.
# -f: delete without asking.
kv del -f profiles sue.color >>"$log"
: >"$workdir/get.err"
if get sue.color >/dev/null && grep -q 'key not found' "$workdir/get.err"; then
    echo "get sue.color after delete: not found"
else
    cat "$workdir/get.err" >&2
    exit 1
fi

# describe KEY REVISION OPERATION [VALUE]: one change to a key, as this
# example prints it.
describe() {
    case $3 in
    PUT) operation=put ;;
    DEL | DELETE) operation=delete ;;
    PURGE) operation=purge ;;
    *) operation=$3 ;;
    esac
    printf '%s revision %s: %s%s\n' "$1" "$2" "$operation" "${4:+ $4}"
}

# The history, as a table of tab-separated columns (NATS_TABLE_FORMAT=tsv):
# a title line, a header line, then Key, Revision, Op, Created, Length and
# Value for each revision.
echo "history of sue.color:"
NATS_TABLE_FORMAT=tsv kv history profiles sue.color >"$workdir/history"
awk -F '\t' 'NR > 2 && NF >= 3 { print $1 "\t" $2 "\t" $3 "\t" $6 }' "$workdir/history" |
    while IFS="$(printf '\t')" read -r key revision operation value; do
        printf '  %s\n' "$(describe "$key" "$revision" "$operation" "$value")"
    done

# The watcher: a consumer on the bucket's stream for the subjects of the keys
# it matches (`$KV.profiles.bob.*`), that first delivers the latest value of
# each (--last-per-subject: there are none under `bob.` yet), then every change
# as it happens; it stops after three (--count 3). It prints each message as a
# line `[#N] Received JetStream message: stream: KV_profiles seq: REVISION /
# ... / subject: $KV.profiles.KEY / ...`, its headers (`KV-Operation: DEL` on a
# delete) and a blank line if it has any, then its body (`nil body` when
# empty).
watched="$workdir/watched.out"
: >"$watched"
nats --server "$servers" sub --stream KV_profiles '$KV.profiles.bob.*' --last-per-subject \
    --count 3 >"$watched" 2>"$workdir/watch.log" &
watcher=$!
pids="$pids $watcher"

# The tool creates the consumer before it starts receiving, and says nothing
# once it has. The stream counts its consumers: once it counts the watcher's,
# every change from then on reaches the watcher. Wait for that (at most 5
# seconds).
consumers() {
    nats --server "$servers" stream info KV_profiles --json |
        sed -n 's/^ *"consumer_count": \([0-9]*\).*/\1/p'
}
tries=0
until [ "$(consumers)" -ge 1 ]; do
    if [ "$tries" -ge 50 ]; then
        echo "the watcher did not start" >&2
        exit 1
    fi
    tries=$((tries + 1))
    sleep 0.1
done
echo "watching bob.*"

kv put profiles bob.color red >>"$log"
kv put profiles bob.color yellow >>"$log"
kv del -f profiles bob.color >>"$log"

# The changes the watcher received, as `KEY<TAB>REVISION<TAB>OPERATION<TAB>VALUE`.
changes() {
    awk '
        function flush() {
            if (key == "") return
            # Headers, a blank line and the body; or the body alone. Then
            # blank lines, left out here.
            while (count > 0 && block[count] == "") count--
            blank = 0
            for (i = 1; i <= count && !blank; i++) if (block[i] == "") blank = i
            operation = "PUT"
            for (i = 1; i < blank; i++)
                if (block[i] ~ /^KV-Operation: /) { operation = block[i]; sub(/^KV-Operation: /, "", operation) }
            value = block[blank + 1]
            if (value == "nil body") value = ""
            printf "%s\t%s\t%s\t%s\n", key, revision, operation, value
            key = ""
        }
        /^\[#[0-9]+\] Received JetStream message: / {
            flush()
            revision = $0; sub(/.* seq: /, "", revision); sub(/ .*/, "", revision)
            key = $0; sub(/.* subject: \$KV\.profiles\./, "", key); sub(/ .*/, "", key)
            count = 0
            next
        }
        { block[++count] = $0 }
        END { flush() }
    ' "$watched"
}

# Wait until the watcher has received the three changes and stopped (at most
# 5 seconds).
tries=0
while kill -0 "$watcher" 2>/dev/null; do
    if [ "$tries" -ge 50 ]; then
        echo "the watcher did not receive the changes" >&2
        exit 1
    fi
    tries=$((tries + 1))
    sleep 0.1
done
wait "$watcher"
pids=""

changes | while IFS="$(printf '\t')" read -r key revision operation value; do
    printf '  watched %s\n' "$(describe "$key" "$revision" "$operation" "$value")"
done
