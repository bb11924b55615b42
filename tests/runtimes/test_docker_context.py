"""Which Docker engine nbe reaches: the docker CLI's own rules (DOCKER_HOST, else the context
DOCKER_CONTEXT or config.json's `currentContext` names, else the default socket). A context
that is named but broken is an error naming it, never a quiet fall back to the default socket.
These tests need no engine and no docker CLI: they write the CLI's context files themselves."""

from __future__ import annotations

import hashlib
import json

from conftest import snapshot

TARGET = "messaging/request-reply/python"


def docker_config(tmp_path, current=None):
    """An empty DOCKER_CONFIG folder; with `current`, its config.json names that context."""
    config = tmp_path / "docker-config"
    config.mkdir()
    if current:
        (config / "config.json").write_text(json.dumps({"currentContext": current}))
    return config


def context_meta(config, name):
    """Where the docker CLI keeps a context's metadata: under the SHA-256 of its name."""
    return config / "contexts" / "meta" / hashlib.sha256(name.encode()).hexdigest() / "meta.json"


def write_context(config, name, host):
    meta = context_meta(config, name)
    meta.parent.mkdir(parents=True)
    meta.write_text(json.dumps({"Name": name, "Metadata": {}, "Endpoints": {"docker": {"Host": host}}}))


def test_the_active_docker_context_is_honoured(nbe, tmp_path):
    config = docker_config(tmp_path, current="nbe-nowhere")
    write_context(config, "nbe-nowhere", "unix:///nonexistent/nbe.sock")
    run = nbe("run", TARGET, "--runtime", "docker", DOCKER_CONFIG=str(config), DOCKER_HOST="", DOCKER_CONTEXT="")
    assert run.returncode == 2
    assert "no Docker engine answered at unix:///nonexistent/nbe.sock (docker context nbe-nowhere)" in run.stderr


def test_docker_context_in_the_environment_wins_over_the_config(nbe, tmp_path):
    config = docker_config(tmp_path, current="default")
    write_context(config, "nbe-from-env", "unix:///nonexistent/from-env.sock")
    run = nbe("run", TARGET, "--runtime", "docker", DOCKER_CONFIG=str(config), DOCKER_HOST="",
              DOCKER_CONTEXT="nbe-from-env")
    assert run.returncode == 2
    assert "no Docker engine answered at unix:///nonexistent/from-env.sock (docker context nbe-from-env)" in run.stderr


def test_a_current_context_that_does_not_exist_is_an_error_naming_it(nbe, project, tmp_path):
    config = docker_config(tmp_path, current="x")
    before = snapshot(project)
    run = nbe("run", TARGET, "--runtime", "docker", DOCKER_CONFIG=str(config), DOCKER_HOST="", DOCKER_CONTEXT="")
    assert run.returncode == 2, run.stdout + run.stderr
    assert "the docker context x cannot be used: it does not exist (named by currentContext in" in run.stderr
    assert "unix:///var/run/docker.sock" not in run.stderr + run.stdout
    assert snapshot(project) == before


def test_an_unreadable_context_named_by_docker_context_is_an_error_naming_it(nbe, tmp_path):
    config = docker_config(tmp_path)
    meta = context_meta(config, "nbe-broken")
    meta.parent.mkdir(parents=True)
    meta.write_text("{ not json")
    run = nbe("run", TARGET, "--runtime", "docker", DOCKER_CONFIG=str(config), DOCKER_HOST="",
              DOCKER_CONTEXT="nbe-broken")
    assert run.returncode == 2, run.stdout + run.stderr
    assert "the docker context nbe-broken cannot be used: its metadata" in run.stderr
    assert "named by DOCKER_CONTEXT" in run.stderr


def test_auto_with_a_broken_context_runs_locally_and_names_the_context(nbe, tmp_path):
    config = docker_config(tmp_path, current="x")
    run = nbe("run", TARGET, DOCKER_CONFIG=str(config), DOCKER_HOST="", DOCKER_CONTEXT="")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "runtime local (auto: the docker context x cannot be used: it does not exist" in run.stdout


def test_docker_host_wins_over_a_broken_context(nbe, tmp_path):
    config = docker_config(tmp_path, current="x")
    run = nbe("run", TARGET, "--runtime", "docker", DOCKER_CONFIG=str(config),
              DOCKER_HOST="unix:///nonexistent/host.sock", DOCKER_CONTEXT="")
    assert run.returncode == 2
    assert "no Docker engine answered at unix:///nonexistent/host.sock (DOCKER_HOST)" in run.stderr


def test_a_contexts_tls_certificates_are_found_where_the_docker_cli_keeps_them(tmp_path, monkeypatch):
    from conformance.runtimes.docker.endpoint import find_endpoint

    config = docker_config(tmp_path, current="nbe-tls")
    write_context(config, "nbe-tls", "tcp://127.0.0.1:2376")
    tls = config / "contexts" / "tls" / hashlib.sha256(b"nbe-tls").hexdigest() / "docker"
    tls.mkdir(parents=True)
    for name in ("ca", "cert", "key"):
        (tls / f"{name}.pem").write_text("not a real certificate")
    monkeypatch.setenv("DOCKER_CONFIG", str(config))
    monkeypatch.delenv("DOCKER_HOST", raising=False)
    monkeypatch.delenv("DOCKER_CONTEXT", raising=False)
    endpoint = find_endpoint()
    assert (endpoint.url, endpoint.source) == ("tcp://127.0.0.1:2376", "docker context nbe-tls")
    assert endpoint.tls is not None and endpoint.tls.verify
    assert (endpoint.tls.ca, endpoint.tls.cert, endpoint.tls.key) == tuple(str(tls / f"{n}.pem") for n in ("ca", "cert", "key"))


def test_an_ssh_endpoint_is_refused_with_a_hint(nbe, tmp_path):
    run = nbe("run", TARGET, "--runtime", "docker", DOCKER_HOST="ssh://someone@nowhere", DOCKER_CONTEXT="")
    assert run.returncode == 2
    assert "ssh:// endpoints are not supported" in run.stderr and "(DOCKER_HOST)" in run.stderr
