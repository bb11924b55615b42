#!/bin/bash
# `bash run.sh ROOT`, in a port's build folder: run its main.sh with bash, as NATS by Example's
# images do, with `nats` and `nsc` (from build.sh's folder under ROOT) and `nats-server` (the binary
# nbe runs, $NBE_NATS_SERVER, unless the port's recipe pins its own) first on PATH. The script runs
# in a fresh copy of the folder, with a HOME and a TMPDIR of its own: what it writes (a server.conf,
# nats contexts, an nsc store, the JetStream store of a server it starts with `nats-server -js &`)
# never reaches the cached build, another check or the user's home. It runs in a session of its own,
# so whatever it leaves running in the background is killed when it ends; then the copy is removed
# and its exit status returned.
set -u
tools=$(bash "$(dirname "$0")/build.sh" "$1") || exit 1
work=$(mktemp -d "${TMPDIR:-/tmp}/nbe-script.XXXXXX") || exit 1
script=""
finish() {
    [ -z "$script" ] || kill -KILL -"$script" 2>/dev/null
    rm -rf "$work"
}
trap 'finish; exit 129' HUP
trap 'finish; exit 130' INT
trap 'finish; exit 143' TERM
mkdir "$work/bin" "$work/home" "$work/tmp"
cp -R . "$work/port"
# nats-server is the binary nbe runs, unless the port's recipe pins one of its own (build.sh).
[ -e "$tools/nats-server" ] || ln -s "${NBE_NATS_SERVER:?the nats-server binary nbe runs}" "$work/bin/nats-server"
cd "$work/port"
unset NSC_HOME NKEYS_PATH
# The XDG folders too: natscli finds its contexts there, or else in the passwd entry's home, never $HOME.
export HOME="$work/home" TMPDIR="$work/tmp" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share" \
    XDG_CACHE_HOME="$work/home/.cache" XDG_STATE_HOME="$work/home/.local/state"
PATH="$work/bin:$tools:$PATH" setsid bash main.sh </dev/null &
script=$!
wait "$script"
status=$?
finish
exit "$status"
