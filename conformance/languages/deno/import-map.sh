#!/bin/sh
# `sh import-map.sh RULES [FOLDER]`: print an import map (JSON) for the sources in FOLDER
# (default: here) that resolves each URL they import matching one of RULES (see url-imports)
# to that rule's target. A URL in a comment is mapped too: harmless, the map only redirects.
set -eu
rules=$1
folder=${2:-.}
tab=$(printf '\t')
sources() {
    find "$folder" -type f \( -name '*.js' -o -name '*.mjs' -o -name '*.ts' -o -name '*.mts' \
        -o -name '*.jsx' -o -name '*.tsx' \) -not -path '*/node_modules/*' -exec cat {} +
}
# "URL<tab>target" for each URL found (the target's \1, \2 are the rule's groups); the first
# rule that matches a URL wins.
sep=$(printf '\001')
grep -v -e '^#' -e '^[[:space:]]*$' "$rules" | while IFS="$tab" read -r pattern target; do
    sources | grep -oE "$pattern" | sed -E "s${sep}^${pattern}\$${sep}&${tab}${target}${sep}" || true
done | awk -F "$tab" '!seen[$1]++' | sort -t "$tab" -k1,1 | {
    printf '{\n  "imports": {'
    separator=""
    while IFS="$tab" read -r url target; do
        printf '%s\n    "%s": "%s"' "$separator" "$url" "$target"
        separator=","
    done
    printf '\n  }\n}\n'
}
