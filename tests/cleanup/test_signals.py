"""Ctrl-C and SIGTERM during a run: everything is cleaned up, then 130 / 143."""

from __future__ import annotations

import shutil
import signal
import time

import pytest

from conftest import add_hostile, marked_processes, snapshot


def wait_for_port_start(nbe, deadline=30.0):
    """Until the hanging port's child is running (so the kill lands mid-run, not mid-start)."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if any("time.sleep(3600)" in cmd for _, cmd in marked_processes(nbe.marker)):
            return
        time.sleep(0.05)
    raise AssertionError("the hanging port never started")


@pytest.mark.parametrize(("signum", "code", "word"), [(signal.SIGINT, 130, "interrupted"),
                                                      (signal.SIGTERM, 143, "terminated")])
def test_a_signal_during_a_run_cleans_up_everything(nbe, project, signum, code, word):
    target = add_hostile(project, "hang", expected="started\n")
    before = snapshot(project)
    proc = nbe.popen("run", target, "--runtime", "local", "--timeout", "60")
    wait_for_port_start(nbe)
    assert any("nats-server" in cmd for _, cmd in marked_processes(nbe.marker))
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == code, out + err
    assert word in err
    assert snapshot(project) == before
    # the fixture asserts that no process and no temp dir is left


def test_ctrl_c_during_a_parallel_run_stops_every_worker(nbe, project):
    targets = [add_hostile(project, name, expected="started\n") for name in ("hang",)]
    for n in range(3):
        example = project / "examples" / "hostile" / f"hang{n}"
        example.mkdir()
        shutil.copytree(project / "examples" / "hostile" / "hang", example, dirs_exist_ok=True)
        (project / "expected" / "hostile" / f"hang{n}").mkdir()
        (project / "expected" / "hostile" / f"hang{n}" / "output.txt").write_text("started\n")
        targets.append(f"hostile/hang{n}/python")
    proc = nbe.popen("run", "hostile", "--runtime", "local", "--jobs", "3", "--timeout", "120")
    deadline = time.monotonic() + 30
    while sum("time.sleep(3600)" in cmd for _, cmd in marked_processes(nbe.marker)) < 3:
        assert time.monotonic() < deadline, "three hanging ports never ran at once"
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, out + err
    # the fixture asserts that no port, child, server or temp dir is left
