"""A port's own recording is what a terminal showed (NATS by Example records a port's run with
asciinema): the port is run on a pseudo-terminal (a TTY container in Docker), compared with the
recording with volatile values masked by default, and a failing comparison names its cause when
the judge knows it: another order, volatile values only, a recording of a failed run. A
canonical `expected/` file keeps the strict stdout-only contract.

The fixture examples are tests/fixtures/upstream/examples/recordings/*/python."""

from __future__ import annotations

import os
import shutil
import sys
import time

import pytest

from conformance.compare import recordings
from conformance.compare.masks import DEFAULT, mask_rules
from conformance.compare.outputs import compare_output
from conformance.runtimes.capture import run_captured

from conftest import REPO, add_hostile
from test_upstream_layout import results

FIXTURE = REPO / "tests" / "fixtures" / "upstream"
EXAMPLES = "examples/recordings"
TERMINAL_NOTE = "run on a terminal as its recording was made: stdout and stderr together, shown as stdout"


@pytest.fixture
def upstream(tmp_path):
    root = tmp_path / "upstream"
    shutil.copytree(FIXTURE, root)
    return root


def runtime_args(runtime):
    if runtime == "local":
        return ["--runtime", "local"]
    from port_check import require_docker, stand_in_image

    require_docker("python")
    return ["--runtime", "docker", "--image", f"python={stand_in_image('python')}"]


# -- the port runs as it was recorded: on a terminal


def _script(code):
    return [sys.executable, "-c", code]


def test_a_terminal_run_gets_stdout_and_stderr_together_in_the_order_they_were_written():
    code = ("import sys\n"
            "print('out', sys.stdout.isatty(), sys.stderr.isatty())\n"
            "print('err', file=sys.stderr)\n"
            "print('out again')\n")
    captured = run_captured(_script(code), cwd="/", env=dict(os.environ), timeout=20, terminal=True)
    assert captured.returncode == 0 and captured.terminal
    assert captured.stdout.replace(b"\r\n", b"\n") == b"out True True\nerr\nout again\n"
    assert captured.stderr_tail == b""
    apart = run_captured(_script(code), cwd="/", env=dict(os.environ), timeout=20)
    assert (apart.stdout, apart.stderr_tail, apart.terminal) == (b"out False False\nout again\n", b"err\n", False)


def test_a_terminal_run_is_killed_whole_at_the_timeout_and_capped():
    started = time.monotonic()
    captured = run_captured(["sh", "-c", "sleep 60 & echo $!; wait"], cwd="/", env=dict(os.environ),
                            timeout=1, terminal=True)
    assert captured.timed_out and captured.returncode is None
    assert time.monotonic() - started < 10
    child = int(captured.stdout.split()[0])
    for _ in range(100):  # killed with its group; reaped by whoever inherited it
        if not _alive(child):
            break
        time.sleep(0.05)
    assert not _alive(child)
    flood = run_captured(["sh", "-c", "yes"], cwd="/", env=dict(os.environ), timeout=20, stdout_cap=4096,
                         terminal=True)
    assert flood.stdout_overflow and len(flood.stdout) == 4096 and flood.returncode is None


def _alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


# -- volatile values: masked by default for a recording, never a word or a number


def recorded_match(expected, actual):
    return compare_output(expected, actual, mask_rules(DEFAULT), order_any=False)[0]


@pytest.mark.parametrize(("recorded", "now"), [
    ("13:57:13 Published 5 bytes", "09:01:02 Published 5 bytes"),
    ("WithDeadline(2023-09-23 10:53:56.341777834 +0000 UTC m=+10.007327001 [9.997053125s])",
     "WithDeadline(2026-01-05 08:00:01.5 +0000 UTC m=+10.002147015 [9.994985894s])"),
    ('  "first_ts": "2023-09-23T10:53:46.343861293Z",', '  "first_ts": "0001-01-01T00:00:00Z",'),
    ("firstTime=2024-08-08T16:15:24.030760988Z[GMT], lastTime=1970-01-01T00:00Z[GMT]",
     "firstTime=2026-12-05T13:44:39.725464776Z[GMT], lastTime=0001-01-01T00:00Z[GMT]"),
    ("created: 2023-10-23 16:19:19.91124471 +00:00:00,", "created: 0001-01-01 0:00:00.0 +00:00:00,"),
    ("The iterate completed in 2004ms.", "The iterate completed in 2006ms."),
    ("Got 0 messages in PT1S", "Got 0 messages in PT0.999S"),
    ("Deliver subject: '_INBOX.UG16KTAeW94CBpUY0Fdin1'", "Deliver subject: '_INBOX.U0vUJQuYYUg1xVSTjSN0Iz'"),
    ("Reply vrDAoffRuCYuLRRsIoEajr", "Reply Kun9uZ59WYGZRwOq4xyzvC"),
    ('leader: "NAJOLBYQCDR5GVGWQBLW3JJ27IDTTEAG6XXQ7ZXHZVXBKWKBMVFOILR7"',
     'leader: "NBBGKR4H2AXFH7KP6T45L5GVGCGZPKYK3GB44QUWPFCTR4VGIZHQBU2C"'),
    ("Created consumer H9O2LjJO", "Created consumer 1WnW4eCe"),
    ('The ConsumerContext for "vDwA32dwL9" was loaded', 'The ConsumerContext for "8AqXs0Sp_K" was loaded'),
    ("Ephemeral name is 'puewS9qj9u'", "Ephemeral name is 'rX8WZCeWSa'"),
    ("digest=SHA-256=U_40yxhKLPMn3kHxhYzHqhcJf9FhxYfSj4flpC8b8Fk=",
     "digest=SHA-256=QAnZsMPGSYEZesbnxbkah1VWW5jonz59pnd_cHHwGEQ="),
    ("sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
     "sha256 60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"),
])
def test_a_recordings_volatile_values_are_masked_by_default(recorded, now):
    assert recorded_match(recorded + "\n", now + "\n")
    assert not compare_output(recorded + "\n", now + "\n", (), order_any=False)[0]  # a canonical file's default


@pytest.mark.parametrize(("recorded", "now"), [
    ("13:57:13 Published 5 bytes", "13:57:13 Published 6 bytes"),  # a number that is no value of a mask
    ("13:57:13 Published 5 bytes", "09:01:02 Sent 5 bytes"),  # a word, beside a masked time
    ('  "messages": 12,', '  "messages": 10,'),
    ("first_seq: 13,", "first_seq: 7,"),
    ("Received hello 42", "Received hello 43"),
    ("Created consumer pull-1", "Created consumer pull-2"),  # a name an author chose
    ('The consumer name is "onlyEvents1".', 'The consumer name is "onlyEvents2".'),
    ("took 250ms to start", "took 250ms to stop"),
    ("subject 'GT_7PR2.A' has 2 message(s)", "subject 'GT_7PR2.A' has 3 message(s)"),
    ("expected error: nats: wrong last sequence: 2",
     "expected error: nats: nats: API error: code=400 err_code=10071 description=wrong last sequence: 2"),
    ("version 2.10.26", "version 2.10.27"),
    ("ABCDEFGHIJKLMNOPQRSTUV", "ABCDEFGHIJKLMNOPQRSTUW"),
])
def test_a_real_change_still_fails_with_every_default_mask_on(recorded, now):
    assert not recorded_match(recorded + "\n", now + "\n")


# -- what a recording holds besides the port's output


@pytest.mark.parametrize("crash", [
    "Traceback (most recent call last):",
    "panic: runtime error: invalid memory address or nil pointer dereference",
    "thread 'main' panicked at src/main.rs:10:5:",
    'Exception in thread "main" java.lang.IllegalStateException: boom',
    "error: Uncaught (in promise) NatsError: stream not found",
])
def test_a_recording_that_shows_a_crash_is_of_a_failed_run_when_the_port_now_runs_clean(crash):
    recording = recordings.clean(f"\n\nstarting\n{crash}\n  at somewhere\n")
    assert recording.crash == crash and recording.exit_status is None
    assert recording.text == f"starting\n{crash}\n  at somewhere\n" and recording.opening_blank_lines == 2
    assert recordings.of_failed_run(recording, "starting\ndone\n")
    assert not recordings.of_failed_run(recording, f"starting\n{crash}\n")  # it still crashes: not the recording's fault
    assert not recordings.of_failed_run(recordings.clean("starting\ndone\n"), "starting\n")


# -- the fixture examples, in both runtimes


@pytest.mark.parametrize("runtime", ["local", "docker"])
def test_each_recording_gets_its_verdict_and_cause(nbe, upstream, runtime):
    nbe.root = upstream
    run, found = results(nbe, "recordings", *runtime_args(runtime))
    assert run.returncode == 1, run.stdout + run.stderr
    verdicts = {target: (r["status"], r["cause"]) for target, r in found.items()}
    assert verdicts == {
        "recordings/stderr-logs/python": ("pass", None),
        "recordings/volatile/python": ("pass", None),
        "recordings/concurrent/python": ("fail", "order"),
        "recordings/failed-run/python": ("fail", "failed-recording"),
    }
    for result in found.values():
        assert result["runtime"] == runtime and result["expected_kind"] == "recording"
        assert TERMINAL_NOTE in result["notes"] and result["stderr_tail"] == ""

    logs = found["recordings/stderr-logs/python"]
    assert logs["stdout"].splitlines()[1].endswith('Published 5 bytes to "greet.joe"')  # stderr, in its place
    assert logs["stdout"].splitlines()[2] == "hello on greet.joe"
    assert "left out 3 lines of Docker progress from the recording" in logs["notes"]
    assert [hit["description"].split(":")[0] for hit in logs["rules_fired"]] == ["mask timestamps"]

    volatile = found["recordings/volatile/python"]
    fired = {hit["description"].split(":")[0] for hit in volatile["rules_fired"]}
    assert fired == {f"mask {name}" for name in DEFAULT}  # each mask that fired, reported

    concurrent = found["recordings/concurrent/python"]
    assert concurrent["reason"] == ("output differs from examples/recordings/concurrent/python/output.txt: "
                                    "same lines, another order; `compare: {order: any}` in meta.yaml accepts it")
    assert "same lines, another order" in run.stdout

    failed = found["recordings/failed-run/python"]
    assert failed["reason"].endswith(": the recording is of a failed run; regenerate it")
    assert ("the recording is of a failed run: it shows 'Traceback (most recent call last):', "
            "which this run does not") in failed["notes"]


def _edit(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_a_changed_word_or_number_beside_masked_values_fails(nbe, upstream):
    nbe.root = upstream
    main = upstream / EXAMPLES / "volatile/python/main.py"
    _edit(main, 'f"reply inbox: ', 'f"reply mailbox: ')
    run, found = results(nbe, "recordings/volatile", "--runtime", "local")
    result = found["recordings/volatile/python"]
    assert (result["status"], result["cause"]) == ("fail", "content"), run.stdout
    assert "-reply inbox: _INBOX.<nuid>\n+reply mailbox: _INBOX.<nuid>" in result["diff"]
    _edit(main, 'f"reply mailbox: ', 'f"reply inbox: ')
    _edit(main, "os.urandom(1000)", "os.urandom(1001)")
    run, found = results(nbe, "recordings/volatile", "--runtime", "local")
    result = found["recordings/volatile/python"]
    assert (result["status"], result["cause"]) == ("fail", "content"), run.stdout
    assert "+put 1001 bytes, digest=SHA-256=<digest>" in result["diff"]


def test_meta_yaml_still_decides_and_names_what_would_accept_the_rest(nbe, upstream):
    nbe.root = upstream
    example = upstream / EXAMPLES
    (example / "volatile/meta.yaml").write_text("title: Volatile\ncompare:\n  masks: [timestamps]\n")
    (example / "concurrent/meta.yaml").write_text("title: Concurrent\ncompare:\n  order: any\n")
    run, found = results(nbe, "recordings/volatile", "recordings/concurrent", "--runtime", "local")
    volatile = found["recordings/volatile/python"]
    assert (volatile["status"], volatile["cause"]) == ("fail", "volatile"), run.stdout
    assert volatile["reason"].endswith(
        ": only volatile values differ; `compare: {masks: [digests, nkeys, nuids, consumer-names, timestamps, "
        "monotonic, durations]}` in meta.yaml accepts them")
    assert [hit["description"].split(":")[0] for hit in volatile["rules_fired"]] == ["mask timestamps"]
    assert found["recordings/concurrent/python"]["status"] == "pass"


def test_update_writes_what_the_terminal_showed_not_the_masks(nbe, upstream):
    nbe.root = upstream
    main = upstream / EXAMPLES / "stderr-logs/python/main.py"
    _edit(main, 'print(f"{msg.data.decode()} on {msg.subject}")', 'print(f"{msg.data.decode()} from {msg.subject}")')
    run = nbe("run", "recordings/stderr-logs", "--runtime", "local", "--update")
    assert run.returncode == 0, run.stdout + run.stderr
    lines = (upstream / EXAMPLES / "stderr-logs/python/output.txt").read_text().splitlines()
    assert lines[1:3] == [lines[1][:9] + 'Published 5 bytes to "greet.joe"', "hello from greet.joe"]
    assert lines[1][2] == ":" and "<timestamp>" not in lines[1]  # a real time of day, as the terminal showed it
    assert nbe("run", "recordings/stderr-logs", "--runtime", "local").returncode == 0


# -- a canonical expected/ file keeps the strict stdout contract


VOLATILE_PORT = """\
import sys, time
print(f"started at {time.strftime('%H:%M:%S')}")
print("a log line", file=sys.stderr)
print("done")
"""


def test_a_canonical_file_is_strict_and_names_the_mask_that_would_accept_a_volatile_value(nbe, project):
    target = add_hostile(project, "flood", expected="started at 00:00:00\ndone\n")
    (project / "examples/hostile/flood/python/main.py").write_text(VOLATILE_PORT)
    run, found = results(nbe, target, "--runtime", "local")
    result = found[target]
    assert (result["status"], result["cause"]) == ("fail", "volatile"), run.stdout
    assert result["reason"] == ("output differs from expected/hostile/flood/output.txt: only volatile values "
                                "differ; `compare: {masks: [timestamps]}` in meta.yaml accepts them")
    assert result["stderr_tail"] == "a log line\n" and "a log line" not in result["stdout"]
    assert TERMINAL_NOTE not in result["notes"] and not result["rules_fired"]
