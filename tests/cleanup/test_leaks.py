"""What nbe leaves running: nothing. Not what a port started in a session of its own (out of
reach of the process-group kill), and not what was running when nbe itself was killed with
SIGKILL, where none of nbe's own cleanup can run."""

from __future__ import annotations

import time

from conftest import add_hostile, marked_processes
from test_signals import wait_for_port_start


def wait_until_none_marked(marker: str, deadline: float = 30.0) -> list[tuple[int, str]]:
    """Polls until no process carries the marker; returns what is left at the deadline."""
    end = time.monotonic() + deadline
    while (left := marked_processes(marker)) and time.monotonic() < end:
        time.sleep(0.05)
    return left


def test_daemons_a_port_starts_in_sessions_of_their_own_die_with_its_check(nbe, project):
    target = add_hostile(project, "setsid_escape", timeout=15)
    run = nbe("run", target, "--runtime", "local")
    # The daemons hold the port's stdout and stderr: the check ends when the port does, not at
    # the timeout, and passes.
    assert run.returncode == 0, run.stdout + run.stderr
    assert "PASS" in run.stdout
    assert marked_processes(nbe.marker) == []


def test_one_checks_sweep_spares_the_processes_of_a_check_beside_it(nbe, project, tmp_path):
    leak_dir = tmp_path / "leak"
    leak_dir.mkdir()
    add_hostile(project, "setsid_escape", timeout=15)
    add_hostile(project, "waits_for_sweep", timeout=15)
    run = nbe("run", "hostile", "--runtime", "local", "--jobs", "2", LEAK_DIR=str(leak_dir))
    # waits_for_sweep passes only if setsid_escape's sweep killed that port's daemon and
    # neither waits_for_sweep nor its server
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.count("PASS") == 2, run.stdout
    assert marked_processes(nbe.marker) == []


def test_kill_9_of_nbe_mid_check_takes_its_server_and_port_with_it(nbe, project):
    target = add_hostile(project, "hang", expected="started\n")
    proc = nbe.popen("run", target, "--runtime", "local", "--timeout", "60")
    wait_for_port_start(nbe)
    before = [cmd for _, cmd in marked_processes(nbe.marker)]
    assert any("nats-server" in cmd for cmd in before), before
    assert any("main.py" in cmd for cmd in before), before
    proc.kill()
    proc.communicate(timeout=30)
    assert proc.returncode == -9
    assert wait_until_none_marked(nbe.marker) == []
    assert list(nbe.tmp.iterdir()) == []  # the run's scratch folder went with it


def test_kill_9_of_nbe_mid_parallel_run_takes_every_check_with_it(nbe, project):
    add_hostile(project, "hang", expected="started\n")
    add_hostile(project, "hang_escaped", expected="started\n")
    proc = nbe.popen("run", "hostile", "--runtime", "local", "--jobs", "2", "--timeout", "60")
    deadline = time.monotonic() + 30
    # both ports' children running: hang's, and hang_escaped's in a session of its own
    while sum("time.sleep(3600)" in cmd for _, cmd in marked_processes(nbe.marker)) < 2:
        assert time.monotonic() < deadline, "the two hanging ports never ran at once"
        time.sleep(0.05)
    before = [cmd for _, cmd in marked_processes(nbe.marker)]
    assert sum("nats-server" in cmd for cmd in before) == 2, before
    assert sum("main.py" in cmd for cmd in before) == 2, before
    assert any("# escaped" in cmd for cmd in before), before
    proc.kill()
    proc.communicate(timeout=30)
    assert proc.returncode == -9
    left = wait_until_none_marked(nbe.marker)
    assert len(left) == 0, left
    assert list(nbe.tmp.iterdir()) == []
