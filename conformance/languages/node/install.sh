#!/bin/sh
# `sh install.sh [NPM OPTION...]`, in a node port's build folder: install its packages. `npm ci`
# installs exactly what package-lock.json pins, and refuses a lock out of step with package.json.
# NATS by Example's recipe never reads the lock of its shared docker/node/ (it copies package.json
# alone and runs `npm install`): when the lock is that shared one (package-lock.json.shared is a
# copy of it) and npm ci refuses it, the packages are installed from package.json as that recipe
# does, and the build log says so. A port's own lock is always what npm ci installs.
set -eu
if ! cmp -s package-lock.json package-lock.json.shared 2>/dev/null; then
    exec npm ci --prefer-offline --no-audit --no-fund "$@"
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if npm ci --prefer-offline --no-audit --no-fund "$@" >"$log" 2>&1; then
    cat "$log"
    exit 0
fi
if ! grep -q "are in sync" "$log"; then
    cat "$log" >&2
    exit 1
fi
echo "nbe: the tree's shared package-lock.json does not match package.json; installing from package.json, as NATS by Example's recipe does (npm install)" >&2
rm package-lock.json
npm install --no-package-lock --prefer-offline --no-audit --no-fund "$@"
