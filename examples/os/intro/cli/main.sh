#!/bin/sh
# Object Store Intro
#
# The object store keeps files (objects) of any size in a JetStream stream. An
# object is cut into chunks, each one a message, and a last message holds the
# object's metadata: its name, size, number of chunks and a SHA-256 digest of
# its content, so a reader can check that it got back exactly what was put.
#
# This example puts an object larger than one chunk and a small one, gets the
# large one back and verifies its digest, lists the store, deletes an object
# and lists it again.
#
# Here it is done from a shell script with the `nats` command-line tool and
# its `nats object` commands, on files. They show sizes rounded (`293 KiB`),
# so the script reads each object's metadata where the store keeps it: the
# last message on the subject `$O.files.M.<name>` of the bucket's stream
# (`OBJ_files`), a JSON document that `nats stream get` prints.

set -eu

# The server URLs: the nats tool takes a comma-separated list as it is.
servers="${NATS_URL:-nats://localhost:4222}"

# The files, and the tool's logs and reports, go in here; the logs are shown
# on stderr when the script ends (stdout is for the example).
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

object() {
    nats --server "$servers" object "$@"
}

# info NAME: the object's size, number of chunks and digest, as three words.
# The metadata subject names the object in URL-safe base64; `nats stream get`
# prints the message's details, then its body, the JSON document, on a line.
info() {
    encoded=$(printf '%s' "$1" | base64 | tr '+/' '-_')
    json=$(nats --server "$servers" stream get OBJ_files --last-for "\$O.files.M.$encoded" | grep '^{')
    size=$(printf '%s\n' "$json" | sed -n 's/.*"size":\([0-9]*\).*/\1/p')
    chunks=$(printf '%s\n' "$json" | sed -n 's/.*"chunks":\([0-9]*\).*/\1/p')
    digest=$(printf '%s\n' "$json" | sed -n 's/.*"digest":"\([^"]*\)".*/\1/p')
    echo "$size $chunks ${digest:-none}"
}

# sha256_digest FILE: the digest as the object store writes it: "SHA-256="
# and the URL-safe base64 of the content's SHA-256 hash. sha256sum prints the
# hash in hex; awk turns it into printf escapes for its 32 bytes.
sha256_digest() {
    bytes=$(sha256sum "$1" | cut -c 1-64 | awk '{
        for (i = 1; i < 64; i += 2) {
            value = 16 * (index("0123456789abcdef", substr($0, i, 1)) - 1)
            value += index("0123456789abcdef", substr($0, i + 1, 1)) - 1
            printf "\\%03o", value
        }
    }')
    # shellcheck disable=SC2059 # the format is the bytes' escapes
    printf "SHA-256=%s\n" "$(printf "$bytes" | base64 | tr '+/' '-_')"
}

# print_listing: each object, sorted by name (they are listed in no set
# order), with its size. `nats object ls` lists the objects that are not
# deleted; as a table of tab-separated columns (NATS_TABLE_FORMAT=tsv), its
# rows come after a title line and a header line.
print_listing() {
    NATS_TABLE_FORMAT=tsv object ls files | awk -F '\t' 'NR > 2 && NF { print $1 }' | sort |
        while IFS= read -r name; do
            size=$(info "$name" | cut -d ' ' -f 1)
            echo "  $name: $size bytes"
        done
}

object add files >>"$log"
echo "created object store files"

# 300,000 bytes of a repeating pattern (byte n is n % 251): more than two
# chunks of 128 KiB, the default chunk size. printf writes the 251 bytes of
# one period from octal escapes; the file doubles until it is long enough.
pattern=$(awk 'BEGIN { for (n = 0; n < 251; n++) printf "\\%03o", n }')
# shellcheck disable=SC2059 # the format is the bytes' escapes
printf "$pattern" >"$workdir/data.bin"
while [ "$(wc -c <"$workdir/data.bin")" -lt 300000 ]; do
    cat "$workdir/data.bin" "$workdir/data.bin" >"$workdir/double.bin"
    mv "$workdir/double.bin" "$workdir/data.bin"
done
head -c 300000 "$workdir/data.bin" >"$workdir/data.part"
mv "$workdir/data.part" "$workdir/data.bin"

object put files "$workdir/data.bin" --name data.bin --no-progress >>"$log"
info data.bin | {
    read -r size chunks digest
    echo "put data.bin: $size bytes in $chunks chunks"
    echo "digest: $digest"
}

printf 'remember the milk' >"$workdir/notes.txt"
object put files "$workdir/notes.txt" --name notes.txt --no-progress >>"$log"
echo "put notes.txt"

# Get the object back, into a file, and compute its digest ourselves.
object get files data.bin --output "$workdir/got.bin" --no-progress >>"$log" 2>&1
got=$(wc -c <"$workdir/got.bin")
same=no
if cmp -s "$workdir/got.bin" "$workdir/data.bin"; then
    same=yes
fi
echo "got data.bin: $((got)) bytes, same as put: $same"
verified=no
if [ "$(sha256_digest "$workdir/got.bin")" = "$(info data.bin | cut -d ' ' -f 3)" ]; then
    verified=yes
fi
echo "digest verified: $verified"

echo "objects:"
print_listing

# -f: delete without asking.
object del -f files data.bin >>"$log"
echo "deleted data.bin"

echo "objects:"
print_listing
