"""The Java port of request-reply, in both runtimes; and ports in NATS by Example's layout
(Main.java at the port's root, no pom.xml), built with nbe's pom.xml at the jnats version the
tree's shared docker/java/build.gradle names, the release before it for a snapshot."""

import shutil

import pytest

from conftest import REPO
from port_check import check_port, require_docker, stand_in_image

pytestmark = pytest.mark.all_ports

SEED_MAIN = REPO / "examples" / "messaging" / "request-reply" / "java" / "src" / "main" / "java" / "example" / "Main.java"
# Upstream's Gradle build, reduced to what nbe reads from it: a snapshot not on Maven Central.
BUILD_GRADLE = """\
plugins {
    id 'application'
}

dependencies {
    implementation 'io.nats:jnats:2.19.2-SNAPSHOT'
}
"""
VERSION_MAIN = """\
package example;

public class Main {
  public static void main(String[] args) {
    System.out.println("jnats " + io.nats.client.Nats.CLIENT_VERSION);
  }
}
"""


@pytest.mark.parametrize("runtime", ["local", "docker"])
def test_request_reply(nbe, runtime):
    run = check_port(nbe, "java", runtime)
    assert "rule fired 3 times" in run.stdout  # the replies print as text, shown as bytes by the rule


@pytest.mark.parametrize("runtime", ["local", "docker"])
def test_main_java_at_the_root_builds_with_the_trees_jnats_version(nbe, project, runtime):
    # request-reply's Java port in upstream's layout, and an example printing the client's version
    port = project / "examples" / "messaging" / "request-reply" / "java"
    shutil.rmtree(port)
    port.mkdir()
    shutil.copy(SEED_MAIN, port / "Main.java")
    version_port = project / "examples" / "client" / "version" / "java"
    version_port.mkdir(parents=True)
    (version_port / "Main.java").write_text(VERSION_MAIN)
    (version_port.parent / "meta.yaml").write_text("title: Version\ndescription: The client's version.\n")
    (project / "expected" / "client" / "version").mkdir(parents=True)
    (project / "expected" / "client" / "version" / "output.txt").write_text("jnats 2.19.1\n")
    (project / "docker" / "java").mkdir(parents=True)
    (project / "docker" / "java" / "build.gradle").write_text(BUILD_GRADLE)
    args = ["run", "messaging/request-reply/java", "client/version/java", "--runtime", runtime]
    if runtime == "docker":
        require_docker("java")
        args += ["--image", f"java={stand_in_image('java')}"]
    run = nbe(*args, timeout=1800)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "PASS    messaging/request-reply/java" in run.stdout, run.stdout
    assert "PASS    client/version/java" in run.stdout, run.stdout  # 2.19.2-SNAPSHOT: built with 2.19.1
    assert sorted(p.name for p in port.iterdir()) == ["Main.java"]  # no pom.xml written into the port
