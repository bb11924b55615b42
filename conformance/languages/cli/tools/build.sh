#!/bin/bash
# `bash build.sh ROOT`: make sure `nats` and `nsc`, built from the go.mod and go.sum beside this
# script, are in ROOT/<hash of those two files>/, and print that folder. The folder is named
# by the pins alone, so every port of every language with the same pins (cli and shell) shares
# one build: a later call finds it and returns at once, and a call while another builds waits
# for it (flock). The build goes to a temporary folder renamed into place, so one that dies
# half-way is never taken for finished. Go's settings (module and build caches, -mod=readonly,
# GOTOOLCHAIN=local, no cgo) come from the language's env.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$1
key=$(cat "$here/go.mod" "$here/go.sum" | sha256sum | cut -c1-16)
dir="$root/$key"
mkdir -p "$root"
exec 9>"$dir.lock"
flock 9
if [ ! -x "$dir/nats" ] || [ ! -x "$dir/nsc" ]; then
    rm -rf "$dir"
    partial=$(mktemp -d "$dir.partial.XXXXXX")
    trap 'rm -rf "$partial"' EXIT
    (cd "$here" && go build -trimpath -o "$partial/" github.com/nats-io/natscli/nats github.com/nats-io/nsc/v2) >&2
    mv -T "$partial" "$dir"
fi
echo "$dir"
