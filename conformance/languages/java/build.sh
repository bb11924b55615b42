#!/bin/sh
# `sh build.sh REPOSITORY`, in a Java port's build folder: package it with Maven into
# target/app.jar (its dependencies in target/lib/), the downloaded jars kept in REPOSITORY.
# A port with its own pom.xml is built with it. One without (NATS by Example's layout: Main.java
# at the port's root, built there by Gradle) gets the pom.xml beside this script, which
# compiles the *.java files at the root, with every dependency the tree's shared and the port's
# own build.gradle declare (maven.sh); without one, with the pom's own jnats.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
[ -f pom.xml ] || cp "$here/pom.xml" pom.xml
exec sh "$here/maven.sh" -q package -DskipTests "-Dmaven.repo.local=$1"
