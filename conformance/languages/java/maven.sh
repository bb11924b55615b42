#!/bin/sh
# `sh maven.sh MAVEN-ARGUMENT...`, in a Java port's build folder: run Maven (batch mode) with
# those arguments, its pom.xml first given the dependencies of the tree's build.gradle files when
# it is nbe's (the one beside this script, for a port in NATS by Example's layout; a port's own
# pom.xml is left as it is). Every dependency that the tree's shared build.gradle
# (build.gradle.shared) and the port's own build.gradle declare goes in, the port's version
# winning for the same artifact: jnats as the pom's jnats.version, the others where its marker
# comment is. A declaration is read in the usual forms, `implementation 'g:a:v'` ("g:a:v", in
# parentheses, with a classifier or @ext) or `implementation group: 'g', name: 'a', version: 'v'`,
# for the configurations implementation, api, compile, compileOnly, runtimeOnly and runtime (test
# ones are not the port's). Snapshots are not on Maven Central: X.Y.Z-SNAPSHOT is built with the
# release before it, X.Y.(Z-1) (2.19.2-SNAPSHOT: 2.19.1). Other repositories a build.gradle names
# are not used: a dependency that Maven finds absent from Maven Central is left out, the build log
# says so, and Maven runs again (a port that needs it then fails to compile; one that does not is
# built).
set -eu
marker="<!-- build.gradle's dependencies -->"
grep -qF "$marker" pom.xml || exec mvn -B "$@"
configuration="^[[:space:]]*(implementation|api|compile|compileOnly|runtimeOnly|runtime)[[:space:](]+"
text="['\"]([^'\"]+)['\"]"
is="[[:space:]]*[:=][[:space:]]*"
declared=$(cat build.gradle.shared build.gradle 2>/dev/null | sed -nE \
    -e "s/${configuration}['\"]([^'\":]+):([^'\":]+):([^'\":@]+)[^'\"]*['\"].*/\\2:\\3:\\4/p" \
    -e "s/${configuration}group${is}${text}[[:space:]]*,[[:space:]]*name${is}${text}[[:space:]]*,[[:space:]]*version${is}${text}.*/\\2:\\3:\\4/p")
awk -v declared="$declared" -v marker="$marker" '
    function release(artifact, version,   base, patch) {
        if (version !~ /-SNAPSHOT$/) return version
        base = substr(version, 1, length(version) - 9)
        patch = base; sub(/.*\./, "", patch)
        if (patch !~ /^[0-9]+$/ || patch == 0) {
            print "build.gradle names " artifact ":" version ", a snapshot with no earlier release in its series on Maven Central: name a release there" > "/dev/stderr"
            failed = 1; exit 1
        }
        sub(/[0-9]+$/, patch - 1, base)
        return base
    }
    BEGIN {
        n = split(declared, lines, "\n")
        for (i = 1; i <= n; i++) {
            if (split(lines[i], part, ":") != 3) continue
            key = part[1] ":" part[2]
            if (!(key in version)) order[++count] = key
            version[key] = release(key, part[3])
        }
    }
    /<jnats.version>/ && ("io.nats:jnats" in version) {
        sub(/<jnats.version>[^<]*</, "<jnats.version>" version["io.nats:jnats"] "<")
    }
    index($0, marker) {
        for (i = 1; i <= count; i++) {
            if (order[i] == "io.nats:jnats") continue
            split(order[i], part, ":")
            printf "    <dependency><groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version></dependency>\n", part[1], part[2], version[order[i]]
        }
        next  # filled: a second run leaves the pom as it is
    }
    { print }
    END { if (failed) exit 1 }
' pom.xml > pom.xml.filled
mv pom.xml.filled pom.xml

log=$(mktemp)
trap 'rm -f "$log"' EXIT
while ! mvn -B "$@" >"$log" 2>&1; do
    # Maven names what it could not resolve. Of what it found absent (not a failed transfer), each
    # artifact that is one of the dependencies added above is left out, and Maven runs again.
    absent=$(grep -E "Could not find artifact|Failure to find|was not found in" "$log" |
        grep -oE "[[:alnum:]_.-]+:[[:alnum:]_.-]+:jar:[[:alnum:]_.-]+" | sort -u)
    left=""
    for missing in $absent; do
        group=${missing%%:*}
        rest=${missing#*:}
        line="<dependency><groupId>$group</groupId><artifactId>${rest%%:*}</artifactId>"
        grep -qF "$line" pom.xml || continue
        grep -vF "$line" pom.xml > pom.xml.left || true
        mv pom.xml.left pom.xml
        echo "nbe: left out $group:${rest%%:*}:${missing##*:}, which build.gradle declares: Maven Central does not have it" >&2
        left=yes
    done
    [ -n "$left" ] || { cat "$log"; exit 1; }
done
cat "$log"
