#!/bin/sh
# JSON Payloads
#
# NATS message payloads are opaque bytes: the server never looks inside them.
# Applications agree on an encoding, and JSON is a common choice. The
# publisher encodes an object into bytes; the subscriber decodes the bytes
# back into an object and reads its fields.
#
# Nothing stops a publisher from sending bytes that are not valid JSON, so a
# subscriber should treat a payload that fails to decode as an error to report
# and move past, not as a reason to crash.
#
# Here it is done from a shell script with the `nats` command-line tool: the
# subscriber is a `nats sub` process in the background writing what it
# receives to a file, each publish a short-lived `nats pub` process, and a
# small JSON reader in awk decodes the payloads.

set -eu

# The server URLs: the nats tool takes a comma-separated list as it is.
servers="${NATS_URL:-nats://localhost:4222}"

# Everything the background process writes goes to files in here; the logs
# are shown on stderr when the script ends (stdout is for the example).
workdir=$(mktemp -d)
pids=""

# Never leave the subscriber running, however the script ends.
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

# The subscriber: a `nats sub` on `orders.new` in the background, printing each
# message as a line `[#N] Received on "SUBJECT"` followed by the body. The
# tool logs "Subscribing on" before its subscription reaches the server, so
# that is no sign it is in place. Instead the same process also subscribes to
# `ready.orders`, after `orders.new`, and we publish there until one of those
# messages comes back (at most 5 seconds). The server handles one
# connection's subscriptions in order, so by then `orders.new` is in place.
out="$workdir/orders.out"
: >"$out"
nats sub --server "$servers" orders.new ready.orders >"$out" 2>"$workdir/sub.log" &
pids="$pids $!"
tries=0
until grep -q 'Received on "ready.orders"' "$out"; do
    if [ "$tries" -ge 50 ]; then
        echo "the subscription did not start" >&2
        exit 1
    fi
    tries=$((tries + 1))
    publish ready.orders ''
    sleep 0.1
done

# Two well-formed orders, and between them a payload that was cut short.
publish orders.new '{"id": 1, "item": "coffee", "qty": 2}'
publish orders.new '{"id": 2, "item": "tea"'
publish orders.new '{"id": 3, "item": "cake", "qty": 1}'

# Wait until the three orders have arrived (at most 2 seconds).
received() {
    grep -c 'Received on "orders.new"' "$out" || true
}
tries=0
until [ "$(received)" -ge 3 ]; do
    if [ "$tries" -ge 20 ]; then
        echo "only $(received) of 3 orders arrived" >&2
        exit 1
    fi
    tries=$((tries + 1))
    sleep 0.1
done

# The payloads, one a line, in the order they arrived: the line after
# `Received on "orders.new"` is the body (these messages have no headers).
awk '/^\[#[0-9]+\] Received on "orders\.new"$/ { getline; print }' "$out" >"$workdir/payloads"

# decode: read one JSON text from stdin and print the members of the object
# it holds as `NAME<TAB>VALUE` lines (strings unescaped, other values as they
# are written); exit 1, printing nothing, if it is not valid JSON or not an
# object. A small recursive-descent reader: values, objects, arrays, strings
# and numbers as the JSON grammar (RFC 8259) has them.
decode() {
    awk '
        { text = text $0 "\n" }
        END {
            n = length(text); pos = 1; failed = 0
            skip_space(); parse_value(0); skip_space()
            if (failed || pos <= n || !is_object) exit 1
            for (i = 1; i <= count; i++) printf "%s\t%s\n", names[i], values[i]
        }
        function skip_space() {
            while (pos <= n && index(" \t\r\n", substr(text, pos, 1))) pos++
        }
        function fail() { failed = 1; pos = n + 1; return "" }
        # Parse the value at pos; return its text. depth 0 is the whole text.
        function parse_value(depth,    c) {
            skip_space()
            c = substr(text, pos, 1)
            if (c == "{") return parse_object(depth)
            if (c == "[") return parse_array(depth)
            if (c == "\"") return parse_string()
            if (substr(text, pos, 4) == "true") { pos += 4; return "true" }
            if (substr(text, pos, 5) == "false") { pos += 5; return "false" }
            if (substr(text, pos, 4) == "null") { pos += 4; return "null" }
            if (match(substr(text, pos), /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/)) {
                c = substr(text, pos, RLENGTH); pos += RLENGTH; return c
            }
            return fail()
        }
        function parse_object(depth,    name, value) {
            if (depth == 0) is_object = 1
            pos++; skip_space()
            if (substr(text, pos, 1) == "}") { pos++; return "{}" }
            while (!failed) {
                skip_space()
                if (substr(text, pos, 1) != "\"") return fail()
                name = parse_string(); skip_space()
                if (substr(text, pos, 1) != ":") return fail()
                pos++
                value = parse_value(depth + 1)
                if (depth == 0 && !failed) { names[++count] = name; values[count] = value }
                skip_space()
                if (substr(text, pos, 1) == ",") { pos++; continue }
                if (substr(text, pos, 1) == "}") { pos++; return "{...}" }
                return fail()
            }
            return ""
        }
        function parse_array(depth) {
            pos++; skip_space()
            if (substr(text, pos, 1) == "]") { pos++; return "[]" }
            while (!failed) {
                parse_value(depth + 1); skip_space()
                if (substr(text, pos, 1) == ",") { pos++; continue }
                if (substr(text, pos, 1) == "]") { pos++; return "[...]" }
                return fail()
            }
            return ""
        }
        function parse_string(    c, s, e) {
            pos++; s = ""
            while (pos <= n) {
                c = substr(text, pos, 1)
                if (c == "\"") { pos++; return s }
                if (c < " ") return fail()
                if (c == "\\") {
                    e = substr(text, pos + 1, 1)
                    if (e == "u") {
                        if (substr(text, pos + 2, 4) !~ /^[0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f]$/) return fail()
                        # Kept as written: this reader never needs the character.
                        s = s substr(text, pos, 6); pos += 6; continue
                    }
                    if (!index("\"\\/bfnrt", e)) return fail()
                    if (e == "b") e = "\b"; else if (e == "f") e = "\f"
                    else if (e == "n") e = "\n"; else if (e == "r") e = "\r"
                    else if (e == "t") e = "\t"
                    s = s e; pos += 2; continue
                }
                s = s c; pos++
            }
            return fail()
        }
    '
}

# Decode each message as it arrived. A decode error is printed with the raw
# payload, and the loop goes on to the next message.
while IFS= read -r payload; do
    if ! fields=$(printf '%s\n' "$payload" | decode); then
        echo "decode error: $payload"
        continue
    fi
    printf '%s\n' "$fields" | awk -F '\t' '
        { field[$1] = $2 }
        END { printf "order %s: %s x %s\n", field["id"], field["qty"], field["item"] }
    '
done <"$workdir/payloads"
