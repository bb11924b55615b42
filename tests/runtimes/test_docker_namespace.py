"""Each Docker check is one network namespace: the first server's, created with no network at
all; the port (and a cluster's other servers) join it and reach the servers on loopback."""

from __future__ import annotations

import io

from conftest import add_hostile
from test_docker import PYTHON_IMAGE, docker_nbe, engine  # noqa: F401 (fixtures)

ONE_SERVER = "interfaces lo\noutside unreachable\n127.0.0.1 4222 INFO\n"
CLUSTER = "interfaces lo\noutside unreachable\n127.0.0.1 4222 INFO\n127.0.0.1 4223 INFO\n127.0.0.1 4224 INFO\n"


def test_the_port_has_loopback_only_and_reaches_its_server_there(docker_nbe, project):
    target = add_hostile(project, "docker_loopback_only", expected=ONE_SERVER)
    run = docker_nbe(target)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"PASS    {target}" in run.stdout


def test_a_clusters_three_servers_listen_on_loopback_ports_of_one_namespace(docker_nbe, project):
    target = add_hostile(project, "docker_loopback_only", expected=CLUSTER, timeout=60)
    run = docker_nbe(target, "--cluster")
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"PASS    {target}" in run.stdout


def test_a_cluster_whose_first_server_exits_fails_at_once_with_its_log(docker_nbe, engine, project):
    """The others cannot join a namespace whose owner is gone: still the server's failure, with
    its log, never an engine refusal."""
    target = add_hostile(project, "docker_loopback_only", expected=CLUSTER, timeout=60)
    dockerfile = (f"FROM {PYTHON_IMAGE}\n"
                  'ENTRYPOINT ["sh", "-c", "echo fatal: the server cannot start, on purpose >&2; exit 3"]\n')
    engine.images.build(fileobj=io.BytesIO(dockerfile.encode()), tag="nbe-test/dying-server:2", rm=True)
    try:
        run = docker_nbe(target, "--cluster", "--server-image", "nbe-test/dying-server:2")
    finally:
        engine.images.remove("nbe-test/dying-server:2", force=True)
    assert run.returncode == 1, run.stdout
    assert "nats-server did not start" in run.stdout
    assert "(exit code 3)" in run.stdout
    assert "fatal: the server cannot start, on purpose" in run.stdout
    assert "the Docker engine refused" not in run.stdout
