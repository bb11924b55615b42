#!/bin/bash
# `bash build.sh ROOT`, in a port's build folder: make sure the tools its script finds on PATH
# are built under ROOT, and print the folder that holds them. nbe's own `nats` and `nsc` come
# from the go.mod and go.sum beside this script. A NATS by Example tree pins its own with
# `go install MODULE@VERSION` lines in a recipe: the port's own Dockerfile, else the tree's shared
# one (docker/<client>/Dockerfile, here as Dockerfile.shared). Each pin is built once into
# ROOT/pins/ and wins over nbe's tool of the same name (nats-server included); a pin the module
# proxy does not serve is said on stderr and nbe's tool stays. ROOT/<hash of the pins and the
# two files> links the lot, so every port with the same pins shares one folder. A call while
# another builds waits for it (flock); builds go to temporary folders renamed into place, so
# one that dies half-way is never taken for finished. Go's settings (module and build caches,
# -mod=readonly, GOTOOLCHAIN=local, no cgo) come from the language's env.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$1

recipe_pins() {  # the MODULE@VERSION of each `go install` line in the first recipe that has any
    local recipe
    for recipe in Dockerfile Dockerfile.shared; do
        [ -f "$recipe" ] || continue
        pins=$(grep -oE 'go install( +-[^ ]+)* +[^ @]+@[^ ]+' "$recipe" | awk '{print $NF}' || true)
        [ -z "$pins" ] || { echo "$pins"; return; }
    done
}

build_into() {  # build_into DIR SCRIPT: run SCRIPT (bash, in here) with $out, a fresh folder that becomes DIR
    local dir=$1 script=$2 out
    out=$(mktemp -d "$dir.partial.XXXXXX")
    if (cd "$here" && out="$out" bash -c "$script") >&2; then
        mv -T "$out" "$dir"
    else
        rm -rf "$out"
        return 1
    fi
}

pins=$(recipe_pins)
own="$root/own-$(cat "$here/go.mod" "$here/go.sum" | sha256sum | cut -c1-16)"
dir="$root/$( (cat "$here/go.mod" "$here/go.sum"; echo "$pins") | sha256sum | cut -c1-16)"
mkdir -p "$root/pins"
exec 9>"$root/.build.lock"
flock 9
if [ ! -e "$dir/.done" ]; then
    if [ ! -x "$own/nats" ] || [ ! -x "$own/nsc" ]; then
        rm -rf "$own"
        build_into "$own" 'go build -trimpath -o "$out/" github.com/nats-io/natscli/nats github.com/nats-io/nsc/v2'
    fi
    links=$(mktemp -d "$dir.partial.XXXXXX")
    ln -s "$own"/* "$links/"
    for pin in $pins; do
        folder="$root/pins/$(echo "$pin" | tr '/@' '__')"
        if [ ! -d "$folder" ]; then
            echo "nbe: building $pin, as the port's recipe pins it" >&2
            export pin
            build_into "$folder" 'GOBIN="$out" go install -trimpath "$pin"' \
                || echo "nbe: $pin could not be built here; nbe's own tool of that name is used" >&2
        fi
        [ ! -d "$folder" ] || ln -sf "$folder"/* "$links/"
    done
    touch "$links/.done"
    rm -rf "$dir"
    mv -T "$links" "$dir"
fi
echo "$dir"
