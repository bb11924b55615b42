"""Every result that is not a pass names its cause from one vocabulary (causes.py): the pure
reading of a result, and real runs whose cause is asserted end to end."""

from __future__ import annotations

import json

from conformance.result import CheckResult, Status, causes

from conftest import add_hostile


def result(status: Status, reason: str, **fields) -> CheckResult:
    return CheckResult(target="a/b/go", runtime="local", status=status, reason=reason, duration=0.0, **fields)


def test_every_cause_has_a_description():
    names = [v for k, v in vars(causes).items() if k.isupper() and isinstance(v, str) and not k.startswith("_")]
    assert names and all(name in causes.DESCRIPTIONS for name in names)


def test_a_pass_has_no_cause_and_a_given_cause_is_kept():
    assert causes.cause_of(result(Status.PASS, "")) == ""
    assert causes.cause_of(result(Status.FAIL, "output differs", cause=causes.ORDER)) == causes.ORDER


def test_results_are_read_for_their_cause():
    cases = {
        causes.CONTENT: result(Status.FAIL, "output differs from x"),
        causes.FAILED_RECORDING: result(Status.FAIL, "output differs from x",
                                        notes=("the recording is of a failed run: it ends in 'exit status 1'",)),
        causes.TIMEOUT: result(Status.TIMEOUT, "killed after 30s"),
        causes.PORT_FAILED: result(Status.ERROR, "the port exited with code 1"),
        causes.NEEDS: result(Status.SKIP, "cargo not found (the rust toolchain)"),
        causes.NOT_A_PORT: result(Status.SKIP, "not a port: it has no main.sh"),
        causes.LISTED_SKIP: result(Status.SKIP, "skipped in meta.yaml: no such API"),
        causes.NO_EXPECTED: result(Status.ERROR, "expected file missing: expected/a/b/output.txt"),
        causes.NBE: result(Status.ERROR, "nats-server did not start"),
        causes.MACHINE: result(Status.ERROR, "build failed (exit code 1): go build",
                               details="dial tcp: lookup proxy.golang.org: Temporary failure in name resolution"),
        causes.CLIENT_API: result(Status.ERROR, "build failed (exit code 101): cargo build",
                                  details="error[E0599]: no method named `get_stream` found\n --> src/main.rs:12:5"),
    }
    for expected, given in cases.items():
        assert causes.cause_of(given) == expected, given.reason


def test_a_compile_error_in_the_ports_source_is_the_client_api_and_a_recipe_fault_is_nbes():
    go = "./main.go:14:9: js.AddStream undefined (type nats.JetStreamContext has no field or method AddStream)"
    assert causes.build_failure_cause(go) == causes.CLIENT_API
    assert causes.build_failure_cause("make: *** No targets specified and no makefile found.  Stop.") == causes.NBE


def test_real_runs_carry_their_cause_in_the_console_and_the_json(nbe, project, tmp_path):
    passing = "messaging/request-reply/python"
    crashing = add_hostile(project, "exit_nonzero")
    report = tmp_path / "r.json"
    run = nbe("run", "--runtime", "local", "--json", str(report))
    assert run.returncode == 1, run.stdout + run.stderr
    by_target = {r["target"]: r for r in json.loads(report.read_text())["results"]}
    assert by_target[passing]["cause"] is None
    assert by_target[crashing]["status"] == "error" and by_target[crashing]["cause"] == causes.PORT_FAILED
    assert f"[{causes.DESCRIPTIONS[causes.PORT_FAILED]}]" in run.stdout
