"""A long run never looks frozen: on a terminal the progress line is redrawn on a timer with each
running check's time so far; in a log (CI) a `still running` line comes every
NBE_STILL_RUNNING_EVERY seconds (30 by default) for each check still running. The timer's thread
ends with the run, however the run ends."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys

from conftest import add_hostile, as_from_a_terminal
from test_signals import wait_for_port_start

SLOW = "hostile/slow/python"  # tests/ports/slow.py: sleeps 3 s, then passes


def two_slow_ports(project) -> list[str]:
    add_hostile(project, "slow")
    shutil.copytree(project / "examples" / "hostile" / "slow", project / "examples" / "hostile" / "slow2")
    shutil.copytree(project / "expected" / "hostile" / "slow", project / "expected" / "hostile" / "slow2")
    return [SLOW, "hostile/slow2/python"]


def test_in_a_log_each_running_check_says_it_is_still_running(nbe, project):
    targets = two_slow_ports(project)
    run = nbe("run", "hostile", "--runtime", "local", "--jobs", "2", NBE_STILL_RUNNING_EVERY="1")
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    for target in targets:
        # the port sleeps 3 s: at least the lines of its first and second second, before its result
        said = [line for line in lines if line.startswith(f"still running: {target} (")]
        assert f"still running: {target} (1s)" in said and f"still running: {target} (2s)" in said, run.stdout
        assert lines.index(said[-1]) < lines.index(next(line for line in lines if target in line and "PASS" in line))
    assert "\x1b" not in run.stdout and "\r" not in run.stdout  # a log gets whole lines, no redraws


def test_a_short_run_in_a_log_says_nothing_more_by_default(nbe, project):
    add_hostile(project, "slow")
    run = nbe("run", SLOW, "--runtime", "local")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "still running" not in run.stdout  # 3 s is well under the default 30 s


def test_a_bad_interval_is_refused(nbe, project):
    run = nbe("run", "--runtime", "local", NBE_STILL_RUNNING_EVERY="soon")
    assert run.returncode == 2, run.stdout + run.stderr
    assert "NBE_STILL_RUNNING_EVERY='soon'" in run.stderr


def test_on_a_terminal_the_progress_line_counts_the_seconds_of_each_running_check(nbe, project):
    add_hostile(project, "slow")
    code, seen = nbe.on_a_terminal("run", SLOW, "--runtime", "local")
    assert code == 0, seen
    # no check started or ended at 1 s or 2 s: only the timer's redraws show them
    assert f"\r\x1b[K[0/1] running: {SLOW} (1s)" in seen, seen
    assert f"\r\x1b[K[0/1] running: {SLOW} (2s)" in seen, seen
    assert "still running" not in seen  # the redrawn line says it already


# nbe as `nbe` runs it, then the threads left in its process once its main returned
COUNTS_THREADS = """\
import sys, threading
from conformance import cli
code = cli.main(sys.argv[1:])
print("threads left:", sorted(t.name for t in threading.enumerate() if t is not threading.main_thread()),
      file=sys.stderr)
sys.exit(code)
"""


def threads_left(stderr: str) -> str:
    return next(line for line in stderr.splitlines() if line.startswith("threads left:"))


def test_no_timer_thread_is_left_after_a_run(nbe, project):
    add_hostile(project, "slow")
    done = subprocess.run([sys.executable, "-c", COUNTS_THREADS, *nbe.argv("run", SLOW, "--runtime", "local")[3:]],
                          env=nbe.env(NBE_STILL_RUNNING_EVERY="1"), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"still running: {SLOW} (1s)" in done.stdout  # the timer did run
    assert threads_left(done.stderr) == "threads left: []"


def test_no_timer_thread_is_left_after_a_run_ctrl_c_stopped(nbe, project):
    target = add_hostile(project, "hang", expected="started\n")
    proc = subprocess.Popen([sys.executable, "-c", COUNTS_THREADS,
                             *nbe.argv("run", target, "--runtime", "local", "--timeout", "60")[3:]],
                            env=nbe.env(NBE_STILL_RUNNING_EVERY="1"), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL,
                            preexec_fn=as_from_a_terminal)
    wait_for_port_start(nbe)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, out + err
    assert threads_left(err) == "threads left: []"
