"""Issue 18: an interrupted or timed-out run still leaves evidence. Ctrl-C or SIGTERM (a CI job
cancelled at its time limit) still writes every report asked for, with the checks that finished
and the ones it cut; a timeout shows what the port printed, in the console and in every report."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import time
import xml.etree.ElementTree as ET

import pytest

from conftest import add_hostile, as_from_a_terminal, marked_processes, snapshot
from test_gate import copies

SIGNALS = [(signal.SIGINT, 130, "Ctrl-C"), (signal.SIGTERM, 143, "SIGTERM")]


def report_flags(tmp_path):
    files = {kind: tmp_path / f"report.{kind}" for kind in ("json", "junit", "markdown", "html")}
    return files, [arg for kind, path in files.items() for arg in (f"--{kind}", str(path))]


def hanging(nbe, count):
    """Until `count` hanging ports are running (so the signal lands mid-run, not mid-start)."""
    deadline = time.monotonic() + 30
    while sum("time.sleep(3600)" in cmd for _, cmd in marked_processes(nbe.marker)) < count:
        assert time.monotonic() < deadline, "the hanging port never started"
        time.sleep(0.05)


def start(nbe, tmp_path, *args, **env):
    """nbe as a subprocess whose console output goes to a file, so a test can read it as it runs."""
    out = (tmp_path / "console.txt").open("w")
    err = (tmp_path / "stderr.txt").open("w")
    proc = subprocess.Popen(nbe.argv(*args), env=nbe.env(**env), stdout=out, stderr=err,
                            stdin=subprocess.DEVNULL, preexec_fn=as_from_a_terminal)
    return proc, tmp_path / "console.txt", tmp_path / "stderr.txt"


def stop(proc, signum):
    proc.send_signal(signum)
    proc.wait(timeout=60)


def assert_reports_hold(files, finished, cut, not_started, by):
    data = json.loads(files["json"].read_text())
    results = {r["target"]: r for r in data["results"]}
    assert set(results) == {finished, cut, *not_started}
    assert results[finished]["status"] == "pass"
    assert results[cut]["status"] == "error"
    assert results[cut]["reason"] == f"interrupted by {by} before it finished"
    assert any(by in note for note in results[cut]["notes"])
    for target in not_started:
        assert results[target]["status"] == "error"
        assert results[target]["reason"] == f"not run: interrupted by {by} before it started"
    assert data["passed"] is False and data["summary"]["pass"] == 1
    assert data["summary"]["error"] == 1 + len(not_started)
    suite = ET.parse(files["junit"]).getroot().find("testsuite")
    cases = {case.get("classname"): case for case in suite.iter("testcase")}
    assert suite.get("tests") == str(2 + len(not_started)) and suite.get("errors") == str(1 + len(not_started))
    assert cases[finished.rsplit("/", 1)[0]].find("error") is None
    error = cases[cut.rsplit("/", 1)[0]].find("error")
    assert error.get("message") == f"error: interrupted by {by} before it finished"
    markdown = files["markdown"].read_text()
    assert f"<code>{cut}</code> (local): interrupted by {by} before it finished" in markdown
    assert "✅ pass" in markdown
    page = files["html"].read_text()
    assert f"interrupted by {by} before it finished" in page and finished in page


@pytest.mark.parametrize(("signum", "code", "by"), SIGNALS)
def test_a_signal_mid_run_still_writes_every_report(nbe, project, tmp_path, signum, code, by):
    """One check at a time: the first finished, the second was cut, the third never started."""
    finished = copies(project, 1)[0]  # copies/ sorts before hostile/: it runs first
    cut, later = add_hostile(project, "hang", expected="started\n"), "hostile/hang2/python"
    for part in ("examples", "expected"):
        shutil.copytree(project / part / "hostile" / "hang", project / part / "hostile" / "hang2")
    before = snapshot(project)
    files, flags = report_flags(tmp_path)
    summary = tmp_path / "step-summary.md"
    proc, console, stderr = start(nbe, tmp_path, "run", "copies", "hostile", "--runtime", "local", "--jobs", "1",
                                  "--timeout", "60", *flags, GITHUB_STEP_SUMMARY=str(summary))
    hanging(nbe, 1)
    stop(proc, signum)
    assert proc.returncode == code, console.read_text() + stderr.read_text()
    assert f"PASS    {finished}" in console.read_text()
    assert_reports_hold(files, finished, cut, [later], by)
    assert f"interrupted by {by} before it finished" in summary.read_text()
    assert snapshot(project) == before
    # the fixture asserts that no port, server or temp dir is left


@pytest.mark.parametrize(("signum", "code", "by"), SIGNALS)
def test_a_signal_during_a_parallel_run_still_writes_every_report(nbe, project, tmp_path, signum, code, by):
    finished = copies(project, 1)[0]
    cut = add_hostile(project, "hang", expected="started\n")
    files, flags = report_flags(tmp_path)
    proc, console, stderr = start(nbe, tmp_path, "run", "copies", "hostile", "--runtime", "local", "--jobs", "2",
                                  "--timeout", "60", *flags)
    deadline = time.monotonic() + 60
    while f"PASS    {finished}" not in console.read_text():
        assert proc.poll() is None and time.monotonic() < deadline, console.read_text() + stderr.read_text()
        time.sleep(0.05)
    hanging(nbe, 1)
    stop(proc, signum)
    assert proc.returncode == code, console.read_text() + stderr.read_text()
    assert_reports_hold(files, finished, cut, [], by)


def test_a_timeout_shows_what_the_port_printed_everywhere(nbe, project, tmp_path):
    target = add_hostile(project, "talk_then_hang", expected="connected to the server\n")
    files, flags = report_flags(tmp_path)
    run = nbe("run", target, "--runtime", "local", "--timeout", "2", *flags)
    assert run.returncode == 1, run.stdout + run.stderr
    console = run.stdout.splitlines()
    for line in ("    stdout (last lines):", "      connected to the server", "      waiting for the reply",
                 "    stderr (last lines):", "      about to wait for ever"):
        assert line in console, run.stdout  # without -v
    assert "killed after 2s (the port's whole process group)" in run.stdout
    result = json.loads(files["json"].read_text())["results"][0]
    assert result["status"] == "timeout"
    assert result["stdout"] == "connected to the server\nwaiting for the reply\n"
    assert "about to wait for ever" in result["stderr_tail"]
    case = ET.parse(files["junit"]).getroot().find("testsuite/testcase")
    assert case.find("error").get("type") == "timeout"
    assert "waiting for the reply" in case.find("system-out").text
    assert "about to wait for ever" in case.find("system-err").text
    markdown = files["markdown"].read_text()
    assert "stdout (last lines):\nconnected to the server\nwaiting for the reply\n" in markdown
    assert "stderr (last lines):\nabout to wait for ever\n" in markdown
    page = files["html"].read_text()
    assert "waiting for the reply" in page and "about to wait for ever" in page
