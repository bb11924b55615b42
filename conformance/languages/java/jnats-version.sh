#!/bin/sh
# Print the jnats version the port's build.gradle names (`io.nats:jnats:X`, as NATS by
# Example's shared docker/java/build.gradle does), for Maven's -Djnats.version; print nothing
# when there is no build.gradle or it names none: the pom's own version is used then.
# Snapshots are not on Maven Central: X.Y.Z-SNAPSHOT is built with the release before it,
# X.Y.(Z-1) (2.19.2-SNAPSHOT: 2.19.1).
set -eu
[ -f build.gradle ] || exit 0
version=$(grep -oE "io\.nats:jnats:[0-9][^'\"[:space:])]*" build.gradle | head -n 1 | cut -d: -f3)
case "$version" in
    *-SNAPSHOT)
        release=${version%-SNAPSHOT}
        patch=${release##*.}
        if [ "$patch" -gt 0 ] 2>/dev/null; then
            echo "${release%.*}.$((patch - 1))"
        else
            echo "build.gradle names jnats $version, a snapshot with no earlier release in its series on Maven Central: name a release there" >&2
            exit 1
        fi
        ;;
    *) echo "$version" ;;
esac
