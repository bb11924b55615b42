"""Server topologies against the real nats-server, in both runtimes: JetStream on by default
and off on request (with a hint when a port trips over that), and a three-server cluster from
meta.yaml or --cluster that a port can put an R3 stream on at once."""

from __future__ import annotations

from pathlib import Path

from conftest import add_hostile
from test_docker import docker_nbe, engine  # noqa: F401 (fixtures)

from conformance.servers.local import find_binary

CLUSTER_OUTPUT = "servers 3\nconnected to 3 distinct servers\nreplicas 3 placed on 3\norder 0\norder 1\norder 2\n"
STREAM_OUTPUT = "stored at 1 hello\n"


def add_cluster_example(project: Path, *, in_meta: bool = True) -> str:
    target = add_hostile(project, "cluster_r3", expected=CLUSTER_OUTPUT, timeout=60)
    if in_meta:
        add_server_key(project, target, "server:\n  topology: cluster\n")
    return target


def add_server_key(project: Path, target: str, yaml: str) -> None:
    meta = project / "examples" / Path(target).parent / "meta.yaml"
    meta.write_text(meta.read_text() + yaml)


def test_a_cluster_example_gets_three_routed_servers_and_an_r3_stream_locally(nbe, project):
    target = add_cluster_example(project)
    run = nbe("run", target, "--runtime", "local")
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"PASS    {target}" in run.stdout


def test_a_cluster_example_gets_three_routed_servers_and_an_r3_stream_in_docker(docker_nbe, project):
    target = add_cluster_example(project)
    run = docker_nbe(target)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"PASS    {target}" in run.stdout


def test_the_cluster_flag_runs_a_single_example_on_a_cluster(nbe, project):
    target = add_cluster_example(project, in_meta=False)
    single = nbe("run", target, "--runtime", "local")
    assert single.returncode == 1
    assert "expected three servers in NATS_URL" in single.stdout
    clustered = nbe("run", target, "--runtime", "local", "--cluster")
    assert clustered.returncode == 0, clustered.stdout + clustered.stderr
    assert f"PASS    {target}" in clustered.stdout


def test_jetstream_is_on_with_no_server_key(nbe, project):
    target = add_hostile(project, "jetstream_stream", expected=STREAM_OUTPUT)
    run = nbe("run", target, "--runtime", "local")
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"PASS    {target}" in run.stdout


def test_jetstream_off_fails_such_a_port_with_a_hint(nbe, project):
    target = add_hostile(project, "jetstream_stream", expected=STREAM_OUTPUT)
    add_server_key(project, target, "server:\n  jetstream: false\n")
    run = nbe("run", target, "--runtime", "local")
    assert run.returncode == 1
    assert f"ERROR   {target}" in run.stdout
    assert "ServiceUnavailableError" in run.stdout  # the client's own words, in the stderr tail
    assert "the port exited with code 1; JetStream is off for this example " \
           "(meta.yaml server: {jetstream: false})" in run.stdout


def test_jetstream_off_gives_the_hint_in_docker_too(docker_nbe, project):
    target = add_hostile(project, "jetstream_stream", expected=STREAM_OUTPUT)
    add_server_key(project, target, "server:\n  jetstream: false\n")
    run = docker_nbe(target)
    assert run.returncode == 1
    assert "JetStream is off for this example (meta.yaml server: {jetstream: false})" in run.stdout


def test_a_port_failing_for_another_reason_gets_no_jetstream_hint(nbe, project):
    target = add_hostile(project, "exit_nonzero")
    add_server_key(project, target, "server:\n  jetstream: false\n")
    run = nbe("run", target, "--runtime", "local")
    assert run.returncode == 1
    assert f"ERROR   {target}" in run.stdout
    assert "JetStream is off" not in run.stdout


def test_a_cluster_server_that_dies_at_start_fails_the_check_at_once_with_its_log(nbe, project, tmp_path):
    target = add_cluster_example(project)
    wrapper = tmp_path / "second-server-dies"
    wrapper.write_text(f"#!/bin/sh\ncase \" $* \" in *' n2 '*) echo 'fatal: n2 cannot start, on purpose' >&2; "
                       f"exit 7;; esac\nexec {find_binary()} \"$@\"\n")
    wrapper.chmod(0o755)
    run = nbe("run", target, "--runtime", "local", NBE_NATS_SERVER=str(wrapper))
    assert run.returncode == 1
    assert f"ERROR   {target}" in run.stdout
    assert "nats-server did not start" in run.stdout
    assert "cluster server n2: nats-server exited before it was ready (exit code 7)" in run.stdout
    assert "fatal: n2 cannot start, on purpose" in run.stdout


def test_an_unknown_topology_names_the_file_line_and_the_supported_ones(nbe, project):
    target = add_hostile(project, "jetstream_stream", expected=STREAM_OUTPUT)
    add_server_key(project, target, "server:\n  topology: mesh\n")
    run = nbe("run", target, "--runtime", "local")
    assert run.returncode == 2
    assert "hostile/jetstream_stream/meta.yaml:5: server.topology: unsupported topology 'mesh' " \
           "(supported: single, cluster)" in run.stderr
