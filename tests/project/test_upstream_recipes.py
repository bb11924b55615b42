"""NATS by Example's recipes, as that tree builds and runs its ports: main.sh under bash, a shared
package-lock.json out of step with package.json installed from package.json, every dependency a
build.gradle declares, C ports built with CMake, and a Go port whose module file lacks what it
imports named as such. One case each in tests/fixtures/upstream/examples/recipes/, its verdict and
cause asserted in both runtimes; and the recipes' scripts and the build-failure readings alone."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conformance.errors import ConfigError
from conformance.languages import BUILTIN_DIR, Languages, load_language
from conformance.result import causes
from conformance.runtimes.build_failures import diagnose
from conformance.runtimes.inputs import port_files
from conftest import REPO
from port_check import require_docker, stand_in_image

FIXTURE = REPO / "tests" / "fixtures" / "upstream"
# target: (status, cause, a piece of the reason)
CASES = {
    "recipes/bash-script/cli": ("pass", None, ""),
    "recipes/stale-shared-lock/node": ("pass", None, ""),
    "recipes/gradle-dependency/java": ("pass", None, ""),
    "recipes/cmake/c": ("pass", None, ""),
    "recipes/missing-requirement/go": ("error", causes.CLIENT_API, "github.com/nats-io/jwt/v2, which its go.mod"),
    # the tools a recipe pins with `go install`, and a compose file that tells the app of no server
    "recipes/pinned-tool/cli": ("pass", None, ""),
    "recipes/compose-services/python": ("skip", causes.NEEDS, "docker-compose.yaml runs services nbe does not "
                                                             "start (postgres); nbe provides the nats-server only"),
}


@pytest.fixture
def project(tmp_path):
    """Overrides conftest's seed project: a copy of the upstream-layout fixture tree."""
    root = tmp_path / "upstream"
    shutil.copytree(FIXTURE, root)
    return root


@pytest.mark.parametrize("runtime", ["local", "docker"])
@pytest.mark.parametrize("target", CASES)
def test_each_recipe_gives_its_verdict_and_cause(nbe, project, runtime, target):
    status, cause, reason = CASES[target]
    language = target.rsplit("/", 1)[1]
    report = nbe.tmp.parent / "report.json"
    args = ["run", target, "--runtime", runtime, "--json", str(report)]
    if runtime == "docker":
        require_docker(language)
        args += ["--image", f"{language}={stand_in_image(language)}"]
    run = nbe(*args, timeout=1800)
    [result] = json.loads(report.read_text())["results"]
    if runtime == "local" and result["status"] == "skip" != status and os.environ.get("NBE_REQUIRE_TOOLCHAINS") != "1":
        pytest.skip(result["reason"])
    assert (result["status"], result["cause"]) == (status, cause), run.stdout + run.stderr
    assert reason in result["reason"]
    assert run.returncode == (0 if status in ("pass", "skip") else 1)
    assert not list((project / "examples" / target).glob("*.shared"))  # nothing written into the port


def _language(name: str):
    language = Languages(None).get(name)
    assert language is not None
    return language


def _stub(folder: Path, name: str, script: str) -> dict[str, str]:
    """An environment whose PATH finds `name` in `folder` first: a shell script that logs its
    arguments to folder/<name>.log."""
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(f'#!/bin/sh\necho "$@" >> "{folder}/{name}.log"\n{script}')
    (folder / name).chmod(0o755)
    return {**os.environ, "PATH": f"{folder}:{os.environ['PATH']}"}


SHARED_GRADLE = """\
repositories {
    maven { url "https://example.invalid/releases/" }
}
dependencies {
    implementation 'io.nats:jnats:2.19.2-SNAPSHOT'
    implementation 'io.nats:jwt-java:2.0.0'
    implementation 'com.fasterxml.jackson.core:jackson-databind:2.17.2'
}
"""
PORT_GRADLE = """\
dependencies {
    implementation("com.google.code.gson:gson:2.11.0")
    api group: 'org.json', name: 'json', version: '20240303'
    runtimeOnly(group = "org.slf4j", name = "slf4j-simple", version = "2.0.13")
    implementation "com.fasterxml.jackson.core:jackson-databind:2.18.0@jar"
    // implementation 'commented:out:1.0'
    testImplementation 'junit:junit:4.13.2'
}
"""
# Maven, as it says an artifact is absent from Maven Central: `package`, then `dependency:go-offline`.
ABSENT = ('[ERROR] Failed to execute goal on project port: Could not resolve dependencies for project '
          'example:port:jar:1.0.0: The following artifacts could not be resolved: io.nats:jwt-java:jar:2.0.0: '
          'Could not find artifact io.nats:jwt-java:jar:2.0.0 in central (https://repo.maven.apache.org/maven2)')
ABSENT_OFFLINE = ('[ERROR] Failed to execute goal org.apache.maven.plugins:maven-dependency-plugin:3.8.1:go-offline '
                  '(default-cli) on project port: org.eclipse.aether.resolution.DependencyResolutionException: '
                  'Could not find artifact io.nats:jwt-java:jar:2.0.0 in central (https://repo.maven.apache.org/maven2)')


def _maven(tmp_path: Path, mvn: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    build = tmp_path / "build"
    build.mkdir()
    shutil.copy(BUILTIN_DIR / "java" / "pom.xml", build)
    (build / "build.gradle.shared").write_text(SHARED_GRADLE)
    (build / "build.gradle").write_text(PORT_GRADLE)
    env = _stub(tmp_path / "bin", "mvn", mvn)
    done = subprocess.run(["sh", str(BUILTIN_DIR / "java" / "maven.sh"), "-q", "package"], cwd=build, env=env,
                          capture_output=True, text=True, timeout=60)
    return done, build


def test_every_dependency_both_build_gradles_declare_goes_into_the_pom(tmp_path):
    done, build = _maven(tmp_path, "exit 0\n")
    assert done.returncode == 0, done.stderr
    pom = (build / "pom.xml").read_text()
    assert "<jnats.version>2.19.1</jnats.version>" in pom  # a snapshot: the release before it
    for group, artifact, version in [("io.nats", "jwt-java", "2.0.0"), ("com.google.code.gson", "gson", "2.11.0"),
                                     ("org.json", "json", "20240303"), ("org.slf4j", "slf4j-simple", "2.0.13"),
                                     ("com.fasterxml.jackson.core", "jackson-databind", "2.18.0")]:  # the port's wins
        assert f"<groupId>{group}</groupId><artifactId>{artifact}</artifactId><version>{version}</version>" in pom
    assert pom.count("jackson-databind") == 1
    assert "junit" not in pom and "commented" not in pom
    assert (tmp_path / "bin" / "mvn.log").read_text() == "-B -q package\n"


@pytest.mark.parametrize("absent", [ABSENT, ABSENT_OFFLINE])
def test_a_dependency_maven_central_lacks_is_left_out_and_said(tmp_path, absent):
    # fails until the pom no longer names the absent artifact
    done, build = _maven(tmp_path, f"grep -q jwt-java pom.xml && echo '{absent}' && exit 1\nexit 0\n")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "jwt-java" not in (build / "pom.xml").read_text()
    assert "gson" in (build / "pom.xml").read_text()
    assert "nbe: left out io.nats:jwt-java:2.0.0, which build.gradle declares: Maven Central does not have it" \
        in done.stderr


def test_a_failed_transfer_is_not_taken_for_an_absent_artifact(tmp_path):
    transfer = ABSENT.replace("Could not find artifact io.nats:jwt-java:jar:2.0.0 in central",
                              "Could not transfer artifact io.nats:jwt-java:jar:2.0.0 from/to central")
    done, build = _maven(tmp_path, f"echo '{transfer}'\nexit 1\n")
    assert done.returncode == 1
    assert "jwt-java" in (build / "pom.xml").read_text() and "left out" not in done.stderr


def _npm(tmp_path: Path, own_lock: bool, in_sync: bool) -> tuple[subprocess.CompletedProcess[str], str]:
    build = tmp_path / "build"
    build.mkdir(parents=True)
    (build / "package.json").write_text('{"dependencies": {"nats": "2.29.2"}}\n')
    (build / "package-lock.json").write_text('{"own": true}\n' if own_lock else '{"shared": true}\n')
    (build / "package-lock.json.shared").write_text('{"shared": true}\n')
    refuse = "" if in_sync else ('[ "$1" = ci ] && echo "npm error \\`npm ci\\` can only install packages when your '
                                 'package.json and package-lock.json or npm-shrinkwrap.json are in sync." && exit 1\n')
    env = _stub(tmp_path / "bin", "npm", refuse + "exit 0\n")
    done = subprocess.run(["sh", str(BUILTIN_DIR / "node" / "install.sh")], cwd=build, env=env,
                          capture_output=True, text=True, timeout=60)
    return done, (tmp_path / "bin" / "npm.log").read_text()


def test_a_shared_lock_out_of_step_is_left_aside_as_upstreams_recipe_does(tmp_path):
    done, calls = _npm(tmp_path, own_lock=False, in_sync=False)
    assert done.returncode == 0, done.stderr
    assert [line.split()[0] for line in calls.splitlines()] == ["ci", "install"]
    assert "installing from package.json, as NATS by Example's recipe does" in done.stderr


def test_a_lock_that_matches_or_is_the_ports_own_is_installed_with_npm_ci(tmp_path):
    done, calls = _npm(tmp_path / "matching", own_lock=False, in_sync=True)
    assert done.returncode == 0 and [line.split()[0] for line in calls.splitlines()] == ["ci"]
    done, calls = _npm(tmp_path / "own", own_lock=True, in_sync=False)
    assert done.returncode == 1 and [line.split()[0] for line in calls.splitlines()] == ["ci"]


def test_the_shared_files_a_recipe_reads_as_they_are_go_in_beside_the_ports_own(tmp_path):
    port = tmp_path / "examples" / "cat" / "ex" / "java"
    port.mkdir(parents=True)
    (port / "Main.java").write_text("class Main {}\n")
    (port / "build.gradle").write_text("// the port's\n")
    shared = tmp_path / "docker" / "java"
    shared.mkdir(parents=True)
    (shared / "build.gradle").write_text("// the tree's\n")
    files = port_files(_language("java"), port)
    assert files["build.gradle"][0] == b"// the port's\n"
    assert files["build.gradle.shared"][0] == b"// the tree's\n"


LOGS = {
    "go": [("../mod/golang.org/x/crypto@v0.18.0/blake2b/blake2bAVX2_amd64.go:9:8: missing go.sum entry for module "
            "providing package golang.org/x/sys/cpu (imported by golang.org/x/crypto/blake2b); to add:",
            causes.CLIENT_API, "go.sum lacks the module providing golang.org/x/sys/cpu"),
           ("main.go:7:2: no required module provides package github.com/nats-io/jwt/v2; to add it:",
            causes.CLIENT_API, "imports github.com/nats-io/jwt/v2, which its go.mod"),
           ("./main.go:14:9: js.AddStream undefined (type nats.JetStreamContext has no field or method AddStream)",
            causes.CLIENT_API, "main.go:14: js.AddStream undefined")],
    "c": [("CMake Error at CMakeLists.txt:1 (cmake_minimum_required):\n  CMake 3.28 or higher is required.  You are "
           "running version 3.25.1", causes.NEEDS, "needs CMake 3.28 or newer; this machine has 3.25.1"),
          ("build.sh: 17: cmake: not found", causes.NEEDS, "builds with CMake"),
          ("/tmp/b/main.c:12:5: error: too few arguments to function 'natsConnection_Connect'",
           causes.CLIENT_API, "main.c:12: too few arguments")],
    "java": [("[ERROR] /b/Main.java:[66,49] cannot find symbol\n  symbol:   method getSubjectMap()\n",
              causes.CLIENT_API, "line 66: cannot find symbol method getSubjectMap()")],
}


@pytest.mark.parametrize("name", LOGS)
def test_a_failed_build_is_named_in_a_maintainers_words(name):
    for log, cause, reason in LOGS[name]:
        found = diagnose(_language(name), log)
        assert found is not None and found.cause == cause and reason in found.reason, (log, found)
    assert diagnose(_language(name), "something else went wrong") is None


@pytest.mark.parametrize("entry, message", [
    ({"match": "(", "cause": "needs", "reason": "x"}, "not a regular expression"),
    ({"match": "x", "cause": "bad-luck", "reason": "x"}, "unknown cause 'bad-luck'"),
    ({"match": "(?P<a>x)", "cause": "needs", "reason": "{b}"}, "names b, not a group of its match"),
])
def test_a_bad_build_failure_entry_is_refused_with_its_line(tmp_path, entry, message):
    folder = tmp_path / "toy"
    folder.mkdir()
    (folder / "language.yaml").write_text(
        'entry: main.sh\nprobe: ["true"]\nrun: ["sh", "main.sh"]\nbuild_failures:\n'
        + "".join(f"  {'-' if i == 0 else ' '} {key}: '{value}'\n" for i, (key, value) in enumerate(entry.items())))
    with pytest.raises(ConfigError, match=message):
        load_language(folder, "languages/toy/language.yaml")
