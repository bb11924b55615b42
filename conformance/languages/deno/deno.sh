#!/bin/sh
# How nbe builds and runs a deno port on the local runtime, in the port's build folder:
#   sh deno.sh build CACHE   install Deno (runtime/package-lock.json pins it) from npm into
#                            CACHE once, write the import map, and fetch every module the
#                            port imports (so the run needs no network and a failure is a
#                            build error)
#   sh deno.sh run CACHE     run main.js with the import map, from Deno's cache alone
# The import map (.nbe-import-map.json, written into the build folder, never into the port)
# resolves the URL imports that url-imports lists from npm. NBE_DENO_IMPORT_MAP changes that:
# `off` gives Deno no map (URL imports are fetched from their hosts), a path gives it that file.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
action=$1
cache=$2
key=$(sha256sum <"$here/runtime/package-lock.json" | cut -c1-16)
runtime="$cache/runtime-$key"
deno="$runtime/node_modules/deno/deno"

install_deno() {
    [ -x "$deno" ] && return 0
    mkdir -p "$cache"
    partial=$(mktemp -d "$runtime.partial.XXXXXX")
    trap 'rm -rf "$partial"' EXIT
    cp "$here/runtime/package.json" "$here/runtime/package-lock.json" "$partial/"
    (cd "$partial" && npm ci --prefer-offline --no-audit --no-fund) >&2
    "$partial/node_modules/deno/deno" --version >&2
    # Taken: another build installed the same Deno first; keep its folder.
    mv -T "$partial" "$runtime" 2>/dev/null || true
}

# The import-map option for `deno install` and `deno run`, as NBE_DENO_IMPORT_MAP says.
map_option() {
    case "${NBE_DENO_IMPORT_MAP:-}" in
        off) ;;
        "") echo "--import-map=.nbe-import-map.json" ;;
        *) echo "--import-map=$NBE_DENO_IMPORT_MAP" ;;
    esac
}

case "$action" in
    build)
        install_deno
        sh "$here/import-map.sh" "$here/url-imports" >.nbe-import-map.json
        # shellcheck disable=SC2046 # the option is one word or none
        "$deno" install $(map_option) --entrypoint main.js
        ;;
    run)
        # --cached-only: the build fetched every module; without it Deno may ask npm's registry
        # again, and on a terminal a slow answer draws a progress bar into the port's output.
        # shellcheck disable=SC2046
        exec "$deno" run --allow-all --cached-only $(map_option) main.js
        ;;
    *)
        echo "deno.sh: unknown action $action (build or run)" >&2
        exit 2
        ;;
esac
