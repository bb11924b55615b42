#!/usr/bin/env bash
# Make sure a Docker engine is running on this machine.
#
# The machine ships only the docker *client*; the engine (dockerd) comes from
# Debian's docker.io package and there is no systemd to start it, so we run it
# in the background ourselves. Safe to run any number of times.
#
# Env:
#   NBE_DOCKERD_LOG      log file for dockerd   (default /var/log/nbe-dockerd.log)
#   NBE_DOCKERD_TIMEOUT  seconds to wait        (default 60)
#   NBE_DOCKERD_ARGS     extra dockerd flags, e.g. "--storage-driver=vfs"
set -euo pipefail

LOG="${NBE_DOCKERD_LOG:-/var/log/nbe-dockerd.log}"
TIMEOUT="${NBE_DOCKERD_TIMEOUT:-60}"
PIDFILE=/var/run/docker.pid

log() { printf '[start-dockerd] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (installs packages, starts dockerd)"

# 1. Engine binary. `docker --version` alone proves nothing: it is only the client.
if ! command -v dockerd >/dev/null 2>&1; then
    log "dockerd not found; installing docker.io from apt"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    # docker.io pulls in containerd, runc and iptables (needed for bridge networks).
    apt-get install -y -q --no-install-recommends docker.io >/dev/null
    command -v dockerd >/dev/null 2>&1 || die "docker.io installed but dockerd still missing"
fi

# 2. Already up? Then nothing to do.
if docker info >/dev/null 2>&1; then
    log "docker engine already running ($(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?'))"
    exit 0
fi

# 3. Start it unless a dockerd is already starting (pid file with a live pid).
if [ -s "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    log "dockerd (pid $(cat "$PIDFILE")) exists but is not answering yet; waiting"
else
    mkdir -p "$(dirname "$LOG")"
    log "starting dockerd in the background (log: $LOG)"
    # setsid + nohup: detach from this shell's process group so dockerd keeps
    # running after the calling command/session step returns.
    # shellcheck disable=SC2086  # NBE_DOCKERD_ARGS is intentionally word-split
    setsid nohup dockerd ${NBE_DOCKERD_ARGS:-} </dev/null >>"$LOG" 2>&1 &
fi

# 4. Wait for the API to answer.
for _ in $(seq 1 "$TIMEOUT"); do
    if docker info >/dev/null 2>&1; then
        log "docker engine is up: server $(docker version --format '{{.Server.Version}}'), storage driver $(docker info --format '{{.Driver}}')"
        exit 0
    fi
    sleep 1
done

log "last lines of $LOG:"
tail -n 30 "$LOG" >&2 || true
die "docker engine did not answer 'docker info' within ${TIMEOUT}s"
