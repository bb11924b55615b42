#!/usr/bin/env bash
# Build local stand-ins for the upstream base images (python:3.12-slim, ...)
# on a machine that has no container registry: `docker pull` cannot work, so
# each base is a Debian rootfs made with debootstrap and loaded with
# `docker import`.
#
# Usage: scripts/build-base-images.sh [--force] [--list] [LANG...]
#   LANG     one or more of the languages listed by --list (default: debian python)
#   --force  rebuild even if an image with the tag already exists
#
# Env:
#   NBE_DEBIAN_MIRROR  apt mirror to bootstrap from (default: read from the
#                      host's apt sources, so the same mirror the host uses)
#   NBE_DEBIAN_SUITE   default bookworm
#   NBE_HOST_CA_BUNDLE CA bundle to bake in (default /etc/ssl/certs/ca-certificates.crt)
#   NBE_DEBOOTSTRAP_CACHE  where downloaded .debs are kept between runs
#
# Adding a language: put a Dockerfile at scripts/base-images/<name>.Dockerfile
# (FROM the Debian base, given as the build argument BASE_IMAGE) and, when it
# needs host files such as a toolchain newer than Debian's, an executable
# scripts/base-images/<name>.context that prints the folder to use as the
# build context. It is tagged nbe-base/<name>:local.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SUITE="${NBE_DEBIAN_SUITE:-bookworm}"
CA_BUNDLE="${NBE_HOST_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"
CACHE_DIR="${NBE_DEBOOTSTRAP_CACHE:-/var/cache/nbe-debootstrap}"
DERIVED_DIR="$SCRIPT_DIR/base-images"
# known languages, in build order: debootstrapped ones, then one per base-images/<lang>.Dockerfile
LANGS=(debian python)
for f in "$DERIVED_DIR"/*.Dockerfile; do [ -f "$f" ] && LANGS+=("$(basename "$f" .Dockerfile)"); done
DEFAULT_LANGS=("${LANGS[@]}")
FORCE=0

# Tag of the plain Debian base, also what nbe images could build FROM.
DEBIAN_TAG="nbe-base/debian:${SUITE}"

# Env baked into every image. Registries are reached through a TLS proxy that
# only the host's CA bundle trusts; pip/requests/node/curl/git each have their
# own knob and some (pip's vendored certifi) ignore the system store, so set
# them all to the system bundle path.
CA_PATH=/etc/ssl/certs/ca-certificates.crt
COMMON_ENV=(
    "LANG=C.UTF-8"
    "SSL_CERT_FILE=$CA_PATH"
    "SSL_CERT_DIR=/etc/ssl/certs"
    "REQUESTS_CA_BUNDLE=$CA_PATH"
    "CURL_CA_BUNDLE=$CA_PATH"
    "PIP_CERT=$CA_PATH"
    "NODE_EXTRA_CA_CERTS=$CA_PATH"
    "GIT_SSL_CAINFO=$CA_PATH"
)

BUILT_FLAGS=()                 # "--image LANG=TAG" lines printed at the end

log() { printf '[build-base-images] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; }

# --- host inspection --------------------------------------------------------

# Print the first apt URI on the host that serves "$1" (a suite), reading both
# one-line sources.list files and deb822 *.sources files. Never hardcoded, so
# the image uses whatever mirror the host is allowed to reach.
host_mirror_for_suite() {
    local suite="$1" f
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        # deb [opts] URI SUITE COMPONENTS...
        awk -v s="$suite" '
            $1 == "deb" {
                i = 2
                if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
                if ($(i+1) == s) { print $i; exit }
            }' "$f"
    done
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        # Stanzas separated by blank lines; keys are case-insensitive.
        awk -v s="$suite" '
            function flush() {
                if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " s " ") && uris != "" && enabled != "no") {
                    split(uris, u, " "); print u[1]; found = 1; exit
                }
                types = suites = uris = ""; enabled = ""
            }
            /^[ \t]*$/ { flush(); next }
            /^[ \t]*#/ { next }
            {
                line = $0; key = tolower(line); sub(/:.*/, "", key)
                val = line; sub(/^[^:]*:[ \t]*/, "", val); gsub(/[ \t]+/, " ", val)
                if (key == "types") types = val
                else if (key == "suites") suites = val
                else if (key == "uris") uris = val
                else if (key == "enabled") enabled = tolower(val)
            }
            END { if (!found) flush() }' "$f"
    done
}

debian_mirror() {
    if [ -n "${NBE_DEBIAN_MIRROR:-}" ]; then echo "$NBE_DEBIAN_MIRROR"; return; fi
    local m
    m="$(host_mirror_for_suite "$SUITE" | head -n1)"
    [ -n "$m" ] || die "no apt source for suite '$SUITE' on this host; set NBE_DEBIAN_MIRROR"
    echo "${m%/}"
}

ensure_tools() {
    command -v docker >/dev/null 2>&1 || die "docker client missing"
    if ! docker info >/dev/null 2>&1; then
        log "docker engine not answering; running start-dockerd.sh"
        "$SCRIPT_DIR/start-dockerd.sh"
    fi
    if ! command -v debootstrap >/dev/null 2>&1; then
        log "installing debootstrap"
        DEBIAN_FRONTEND=noninteractive apt-get update -q
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap >/dev/null
    fi
    [ -s "$CA_BUNDLE" ] || die "host CA bundle $CA_BUNDLE missing or empty"
}

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# --- the generic builder ----------------------------------------------------

# build_debian_image LANG TAG "PKGS" SETUP_FN [ENV=VAL ...] [-- DOCKER_CHANGE ...]
#   LANG      nbe language key, for the printed --image flag ("" = print none)
#   PKGS      extra Debian packages (space separated) on top of minbase
#   SETUP_FN  function called with the rootfs path to finish it (or "true")
#   ENV=VAL   image env on top of COMMON_ENV
#   after --  raw `docker import --change` lines (CMD, WORKDIR, ...)
build_debian_image() {
    local lang="$1" tag="$2" pkgs="$3" setup_fn="$4"; shift 4
    local envs=() changes=() in_changes=0 a
    for a in "$@"; do
        if [ "$a" = "--" ]; then in_changes=1; continue; fi
        if [ "$in_changes" = 1 ]; then changes+=("$a"); else envs+=("$a"); fi
    done

    if [ -n "$lang" ]; then BUILT_FLAGS+=("--image $lang=$tag"); fi
    if image_exists "$tag" && [ "$FORCE" = 0 ]; then
        log "$tag already exists; reusing it (--force to rebuild)"
        return 0
    fi

    local mirror work rootfs start
    mirror="$(debian_mirror)"
    # /var/tmp rather than /tmp: tmpfs /tmp can be small or mounted nodev.
    work="$(mktemp -d /var/tmp/nbe-rootfs.XXXXXX)"
    rootfs="$work/rootfs"
    # Remove the half-built rootfs whatever happens (also unmount anything
    # debootstrap may have left mounted if it was interrupted).
    # shellcheck disable=SC2064
    trap "cleanup_rootfs '$work'" EXIT
    start=$(date +%s)

    mkdir -p "$CACHE_DIR"
    local include="ca-certificates${pkgs:+,${pkgs// /,}}"
    log "debootstrap $SUITE (minbase + $include) from $mirror"
    if ! debootstrap --variant=minbase --include="$include" --cache-dir="$CACHE_DIR" \
            "$SUITE" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1; then
        tail -n 40 "$work/debootstrap.log" >&2
        [ -f "$rootfs/debootstrap/debootstrap.log" ] && tail -n 40 "$rootfs/debootstrap/debootstrap.log" >&2
        die "debootstrap failed for $tag"
    fi

    install_ca_bundle "$rootfs"
    write_apt_sources "$rootfs" "$mirror"
    "$setup_fn" "$rootfs"
    slim_rootfs "$rootfs"

    local import_args=() e c
    for e in "${COMMON_ENV[@]}" "${envs[@]}"; do import_args+=(--change "ENV $e"); done
    for c in "${changes[@]}"; do import_args+=(--change "$c"); done
    import_args+=(--message "nbe local base image built by build-base-images.sh")

    log "importing $tag"
    local old_id
    old_id="$(docker image inspect -f '{{.Id}}' "$tag" 2>/dev/null || true)"
    # --numeric-owner: ownership must come from the rootfs' own passwd, not the host's.
    tar --numeric-owner -C "$rootfs" -c . | docker import "${import_args[@]}" - "$tag" >/dev/null
    # On --force, drop the image the tag used to point at so rebuilds don't pile
    # up untagged copies (kept if a container or child image still uses it).
    if [ -n "$old_id" ] && [ "$old_id" != "$(docker image inspect -f '{{.Id}}' "$tag")" ]; then
        docker image rm "$old_id" >/dev/null 2>&1 || true
    fi

    cleanup_rootfs "$work"; trap - EXIT
    log "built $tag in $(( $(date +%s) - start ))s ($(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%.0f MB", $1/1000000}'))"
}

cleanup_rootfs() {
    local work="$1"
    [ -d "$work" ] || return 0
    # Unmount deepest first; debootstrap mounts proc/sys and may leave them on failure.
    awk -v w="$work/" 'index($2, w) == 1 {print $2}' /proc/mounts | sort -r |
        while read -r m; do umount -l "$m" 2>/dev/null || true; done
    rm -rf --one-file-system "$work"
}

# The host CA bundle includes the proxy's CA. Copy it to the standard path,
# and put the host's locally added CAs where update-ca-certificates looks, so
# a Dockerfile that later runs `apt-get install ca-certificates` (which
# regenerates the bundle) still trusts the proxy.
install_ca_bundle() {
    local rootfs="$1"
    install -D -m 0644 "$CA_BUNDLE" "$rootfs$CA_PATH"
    if compgen -G "/usr/local/share/ca-certificates/*" >/dev/null; then
        mkdir -p "$rootfs/usr/local/share/ca-certificates"
        cp -a /usr/local/share/ca-certificates/. "$rootfs/usr/local/share/ca-certificates/"
    fi
}

# debootstrap only writes the base suite; add -updates and -security (same
# mirrors as the host) so `apt-get install` in a Dockerfile sees current packages.
write_apt_sources() {
    local rootfs="$1" mirror="$2" sec
    sec="${NBE_DEBIAN_SECURITY_MIRROR:-$(host_mirror_for_suite "$SUITE-security" | head -n1)}"
    {
        echo "deb $mirror $SUITE main"
        echo "deb $mirror $SUITE-updates main"
        [ -n "$sec" ] && echo "deb ${sec%/} $SUITE-security main"
    } >"$rootfs/etc/apt/sources.list"
}

# Keep images small, and drop host identity files debootstrap copied in
# (docker provides resolv.conf/hostname/hosts at run time).
slim_rootfs() {
    local rootfs="$1"
    chroot "$rootfs" apt-get clean
    rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin \
           "$rootfs"/var/cache/debconf/*-old "$rootfs"/var/lib/dpkg/*-old \
           "$rootfs"/var/log/apt/* "$rootfs"/var/log/dpkg.log "$rootfs"/var/log/alternatives.log \
           "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* \
           "$rootfs"/tmp/* "$rootfs"/var/tmp/* "$rootfs"/debootstrap
    # Docs and translations: keep only licence files (as debian:*-slim does).
    find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
    find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
    find "$rootfs/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} + 2>/dev/null || true
    # ...and for packages a Dockerfile installs later.
    cat >"$rootfs/etc/dpkg/dpkg.cfg.d/nbe-slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
EOF
    # Some postinst scripts (openjdk's) fail when man1 is missing.
    mkdir -p "$rootfs/usr/share/man/man1"
    : >"$rootfs/etc/resolv.conf"
    rm -f "$rootfs/etc/hostname"
    # Same apt hygiene as the official Debian images: don't keep .debs or docs
    # from packages a Dockerfile installs later.
    cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
    echo 'APT::Install-Recommends "false";' >"$rootfs/etc/apt/apt.conf.d/docker-no-recommends"
}

# --- languages --------------------------------------------------------------

# Plain Debian: minbase + CA bundle.
lang_debian() {
    build_debian_image "" "$DEBIAN_TAG" "" true \
        -- 'CMD ["bash"]'
}

# Stand-in for python:3.X-slim. Debian 12's python3 is 3.11.
# Upstream Dockerfiles do `pip install -r requirements.txt` and
# `CMD ["python", ...]`; Debian's python is "externally managed" (PEP 668)
# and has no `python` command, so put a venv first on PATH: it provides
# python, python3, pip and a pip that may install freely.
setup_python() {
    local rootfs="$1"
    chroot "$rootfs" /usr/bin/python3 -m venv /opt/venv
    chroot "$rootfs" /opt/venv/bin/python -c 'import ssl, venv, ensurepip' >/dev/null
}
lang_python() {
    build_debian_image python "nbe-base/python:local" "python3 python3-venv" setup_python \
        "VIRTUAL_ENV=/opt/venv" \
        "PATH=/opt/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
        "PIP_DISABLE_PIP_VERSION_CHECK=1" \
        -- 'CMD ["python3"]'
}

# A stand-in built with `docker build` on top of the Debian base (faster than
# another debootstrap): scripts/base-images/<lang>.Dockerfile, with the folder
# that <lang>.context prints (if that script exists) as the build context.
build_derived_image() {
    local lang="$1" tag="nbe-base/$1:local" context start
    BUILT_FLAGS+=("--image $lang=$tag")
    if image_exists "$tag" && [ "$FORCE" = 0 ]; then
        log "$tag already exists; reusing it (--force to rebuild)"
        return 0
    fi
    image_exists "$DEBIAN_TAG" || lang_debian
    local made=""  # a context folder made for this build only, removed after it
    if [ -x "$DERIVED_DIR/$lang.context" ]; then
        context="$("$DERIVED_DIR/$lang.context")" || die "$lang.context failed"
        # context scripts that copy host files put the copy under /var/tmp/nbe-base-*
        case "$context" in /var/tmp/nbe-base-*) made="$context" ;; esac
    else
        context="$(mktemp -d)"
        made="$context"
    fi
    start=$(date +%s)
    log "building $tag from base-images/$lang.Dockerfile (context: $context)"
    docker build -q -t "$tag" --build-arg "BASE_IMAGE=$DEBIAN_TAG" \
        -f "$DERIVED_DIR/$lang.Dockerfile" "$context" >/dev/null || { [ -z "$made" ] || rm -rf "$made"; die "building $tag failed"; }
    [ -z "$made" ] || rm -rf "$made"
    log "built $tag in $(( $(date +%s) - start ))s"
}

# --- main -------------------------------------------------------------------

main() {
    local want=() l
    while [ $# -gt 0 ]; do
        case "$1" in
            --force) FORCE=1 ;;
            --list) printf '%s\n' "${LANGS[@]}"; exit 0 ;;
            -h|--help) usage; exit 0 ;;
            -*) die "unknown option $1 (try --help)" ;;
            *) want+=("$1") ;;
        esac
        shift
    done
    [ ${#want[@]} -gt 0 ] || want=("${DEFAULT_LANGS[@]}")
    for l in "${want[@]}"; do
        declare -F "lang_$l" >/dev/null || [ -f "$DERIVED_DIR/$l.Dockerfile" ] ||
            die "unknown language '$l' (known: ${LANGS[*]})"
    done
    [ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap, chroot)"
    ensure_tools

    for l in "${want[@]}"; do
        if declare -F "lang_$l" >/dev/null; then "lang_$l"; else build_derived_image "$l"; fi
    done

    echo
    echo "Local base images:"
    docker image ls --filter 'reference=nbe-base/*' --format '  {{.Repository}}:{{.Tag}}  {{.Size}}'
    if [ ${#BUILT_FLAGS[@]} -gt 0 ]; then
        echo
        echo "Pass to nbe:"
        echo "  ${BUILT_FLAGS[*]}"
    fi
}

main "$@"
