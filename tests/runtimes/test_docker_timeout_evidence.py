"""Issue 18 in the Docker runtime: a timeout's reason says what was killed (the port's container,
not a process group), and the console and reports show what the port printed before it."""

from __future__ import annotations

import json
import signal

from conftest import add_hostile
from test_docker import _wait_until, abandoned, docker_nbe, engine, nbe_made  # noqa: F401 (fixtures)


def test_a_timeout_in_docker_names_the_container_and_shows_what_the_port_printed(docker_nbe, project, tmp_path):
    target = add_hostile(project, "talk_then_hang", expected="connected to the server\n")
    report, markdown = tmp_path / "r.json", tmp_path / "r.md"
    run = docker_nbe(target, "--timeout", "3", "--json", str(report), "--markdown", str(markdown))
    assert run.returncode == 1, run.stdout + run.stderr
    assert f"TIMEOUT {target}" in run.stdout
    assert "killed after 3s (the port's container)" in run.stdout
    assert "process group" not in run.stdout
    console = run.stdout.splitlines()
    for line in ("    stdout (last lines):", "      waiting for the reply", "      about to wait for ever"):
        assert line in console, run.stdout
    result = json.loads(report.read_text())["results"][0]
    assert result["reason"] == "killed after 3s (the port's container)"
    assert result["stdout"] == "connected to the server\nwaiting for the reply\n"
    assert "about to wait for ever" in result["stderr_tail"]
    assert "stdout (last lines):\nconnected to the server\nwaiting for the reply\n" in markdown.read_text()


def test_sigterm_mid_run_in_docker_still_writes_the_report(docker_nbe, engine, project, tmp_path):
    target = add_hostile(project, "hang", expected="started\n")
    assert docker_nbe(target, "--timeout", "1").returncode == 1  # builds the image first
    report = tmp_path / "r.json"
    before, gone_before = nbe_made(engine), abandoned(engine)
    proc = docker_nbe.popen(target, "--timeout", "60", "--json", str(report))
    _wait_until(lambda: nbe_made(engine)[0] >= before[0] + 2)  # server and port containers
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, out + err
    assert not abandoned(engine) - gone_before
    data = json.loads(report.read_text())
    assert data["runtime"] == "docker"
    [result] = data["results"]
    assert (result["target"], result["runtime"], result["status"]) == (target, "docker", "error")
    assert result["reason"] == "interrupted by SIGTERM before it finished"
