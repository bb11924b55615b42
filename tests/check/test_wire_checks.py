"""`nbe run --wire`: what a port did on its server (the transcript of its connections, from the
server's trace) judged beside what it printed, against expected/<cat>/<ex>/wire.txt, in both
runtimes; `--update --wire` records it under stdout's rules."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import SEED_EXAMPLE
from port_check import require_docker, stand_in_image

SEED_PORT = f"{SEED_EXAMPLE}/python"

# The seed's four lines, printed without a connection: a port that teaches nothing about NATS.
PRINTS_ONLY = """\
print("b'hello, joe'")
print("b'hello, sue'")
print("b'hello, bob'")
print("no responders")
"""


def _runtime_args(runtime: str) -> list[str]:
    if runtime == "local":
        return ["--runtime", "local"]
    require_docker("python")
    return ["--runtime", "docker", "--image", f"python={stand_in_image('python')}"]


@pytest.mark.parametrize("runtime", ["local", "docker"])
def test_a_port_that_only_prints_passes_run_and_fails_wire(nbe, project, runtime):
    (project / "examples" / SEED_PORT / "main.py").write_text(PRINTS_ONLY)
    printed = nbe("run", SEED_PORT, *_runtime_args(runtime), timeout=900)
    assert printed.returncode == 0, printed.stdout + printed.stderr  # stdout alone cannot tell
    wired = nbe("run", SEED_PORT, "--wire", "--json", str(project / "report.json"), "--junit",
                str(project / "junit.xml"), "--markdown", str(project / "summary.md"), *_runtime_args(runtime),
                timeout=900)
    assert wired.returncode == 1, wired.stdout + wired.stderr
    assert f"FAIL    {SEED_PORT}" in wired.stdout
    assert "wire: differs from expected/messaging/request-reply/wire.txt" in wired.stdout
    assert '-c1 > PUB greet.joe _INBOX.1.2 ""' in wired.stdout  # the request it never made
    result = json.loads((project / "report.json").read_text())["results"][0]
    assert result["status"] == "fail" and result["cause"] == "wire"
    assert result["diff"] == ""  # stdout matched: the diff is the wire's own
    assert result["aspects"]["wire"]["status"] == "fail"
    assert "-c1 > SUB greet.* s1" in result["aspects"]["wire"]["diff"]
    assert (project / "expected" / SEED_EXAMPLE / "python.wire.actual").read_text() == ""
    from conformance.reports.presentation import look
    from conformance.result import Status

    assert f"{look(Status.FAIL).icon} fail · wire {look(Status.FAIL).icon}" in (project / "summary.md").read_text()
    assert "-c1 > SUB greet.* s1" in (project / "summary.md").read_text()
    assert "wire: differs from expected/messaging/request-reply/wire.txt" in (project / "junit.xml").read_text()


@pytest.mark.parametrize("runtime", ["local", "docker"])
def test_the_seed_meets_its_wire_file_and_leaves_no_stream(nbe, project, runtime):
    run = nbe("run", SEED_PORT, "--wire", "--state", *_runtime_args(runtime), timeout=900)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "wire: pass, same as expected/messaging/request-reply/wire.txt" in run.stdout
    if runtime == "local":
        assert "state: pass, same as expected/messaging/request-reply/state.json" in run.stdout
    else:  # the servers' namespace has no network the host could reach
        assert "state: skip, not checked: this runtime takes no snapshot of the server: --state runs locally" in run.stdout
    assert "wire rule fired: the port unsubscribes what is left" in run.stdout


def test_a_cluster_gives_one_transcript_from_three_servers(nbe, project):
    run = nbe("run", SEED_PORT, "--wire", "--cluster", "--runtime", "local", "--json", str(project / "report.json"), timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert json.loads((project / "report.json").read_text())["results"][0]["aspects"]["wire"]["status"] == "pass"


def test_without_a_wire_file_the_transcript_is_saved_and_nothing_fails(nbe, project):
    (project / "expected" / SEED_EXAMPLE / "wire.txt").unlink()
    run = nbe("run", SEED_PORT, "--wire", "--runtime", "local")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "wire: skip, not checked: no expected/messaging/request-reply/wire.txt to compare with" in run.stdout
    saved = (project / "expected" / SEED_EXAMPLE / "python.wire.actual").read_text()
    assert saved.startswith("c1 connect lang=python3 ") and '> PUB greet.joe _INBOX.1.2 ""' in saved


def test_update_wire_records_the_wire_file_and_then_it_passes(nbe, project):
    wire = project / "expected" / SEED_EXAMPLE / "wire.txt"
    wire.unlink()
    run = nbe("run", SEED_PORT, "--wire", "--update", "--runtime", "local")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "recorded expected/messaging/request-reply/wire.txt" in run.stdout
    assert wire.read_text().startswith("c1 connect lang=python3 ")
    assert not (project / "expected" / SEED_EXAMPLE / "python.wire.actual").exists()
    again = nbe("run", SEED_PORT, "--wire", "--runtime", "local")
    assert again.returncode == 0 and "wire: pass" in again.stdout, again.stdout


def test_run_without_wire_neither_traces_nor_judges_it(nbe, project):
    (project / "examples" / SEED_PORT / "main.py").write_text(PRINTS_ONLY)
    run = nbe("run", SEED_PORT, "--runtime", "local", "--json", str(project / "report.json"))
    assert run.returncode == 0 and not re.search(r"^\s+wire:", run.stdout, re.MULTILINE), run.stdout
    assert json.loads((project / "report.json").read_text())["results"][0]["aspects"] == {}


# One connection's CONNECT and SUB, as nats-server -DV logs them; the close line is the connection's end.
_OPENED = ('[1] 2026/12/05 19:10:51.631345 [TRC] 127.0.0.1:5 - cid:5 - <<- [CONNECT {"lang":"python3","version":"2"}]\n'
           '[1] 2026/12/05 19:10:51.631954 [TRC] 127.0.0.1:5 - cid:5 - "v2:python3" - <<- [SUB greet.*  1]\n')
_CLOSED = '[1] 2026/12/05 19:10:51.731345 [DBG] 127.0.0.1:5 - cid:5 - "v2:python3" - Client connection closed: EOF\n'


def _judged(tmp_path, logs, expected_text="c1 connect [..]\nc1 > SUB greet.* s1\n", wire_order="given"):
    from conformance.check.behaviour import judge_wire
    from conformance.project.expected import SHARED, ExpectedFile
    from conformance.project.meta import default_meta
    from conformance.project.ports import Port
    from conformance.runtimes.protocol import Wire

    path = tmp_path / "wire.txt"
    path.write_bytes(expected_text.encode() if isinstance(expected_text, str) else expected_text)
    expected = ExpectedFile(path, SHARED, tmp_path / "python.wire.actual", shown="wire.txt",
                            shown_actual="python.wire.actual")
    meta = default_meta("b")._replace(wire_order=wire_order)
    return judge_wire(Port("a", "b", "python"), meta, Wire(tuple(logs)), expected, None)


def _two_connections(first_publishes_first: bool) -> str:
    """Two connections, each with its own inbox, whose operations interleave one way or the other."""
    def line(time: str, cid: int, op: str) -> str:
        return f'[1] 2026/12/05 19:10:51.{time} [TRC] 127.0.0.1:{cid} - cid:{cid} - "v2:python3" - <<- [{op}]\n'

    def close(cid: int) -> str:
        return f'[1] 2026/12/05 19:10:52.000000 [DBG] 127.0.0.1:{cid} - cid:{cid} - "v2:python3" - Client connection closed: EOF\n'

    a = [line("100000", 5, 'CONNECT {"lang":"python3","version":"2"}'), line("200000", 5, "SUB _INBOX.aaa.* 1"),
         line("300000", 5, "PUB x 0")]
    b = [line("100001", 6, 'CONNECT {"lang":"python3","version":"2"}'), line("200001", 6, "SUB _INBOX.bbb.* 1"),
         line("300001", 6, "PUB y 0")]
    if not first_publishes_first:  # the second connection's SUB and PUB logged before the first's
        b = b[:1] + [entry.replace("51.2", "51.1", 1).replace("51.3", "51.1", 1) for entry in b[1:]]
    return "".join(a + b) + close(5) + close(6)


def test_order_by_connection_takes_any_interleaving_of_the_connections_but_not_a_change_within_one(tmp_path):
    grouped = ("c1 connect [..]\nc1 > SUB _INBOX.1.* s1\nc1 > PUB x \"\"\n"
               "c2 connect [..]\nc2 > SUB _INBOX.2.* s1\nc2 > PUB y \"\"\n")
    for first in (True, False):
        assert _judged(tmp_path, [_two_connections(first)], grouped, wire_order="connection").status.value == "pass"
    assert _judged(tmp_path, [_two_connections(False)], grouped).status.value == "fail"  # the given order
    swapped = grouped.replace("PUB x", "PUB z")
    assert _judged(tmp_path, [_two_connections(True)], swapped, wire_order="connection").status.value == "fail"


def test_a_trace_that_ends_early_is_an_error_that_says_so(tmp_path):
    judged = _judged(tmp_path, [_OPENED])  # the server stopped before it logged the close
    assert judged.status.value == "error"
    assert judged.reason == "the trace ends early: connection c1 not logged as closed 10s after the port's end"
    assert _judged(tmp_path, [_OPENED + _CLOSED]).status.value == "pass"


def test_an_unreadable_trace_line_is_kept_and_counted_not_a_crash(tmp_path):
    odd = '[1] 2026/12/05 19:10:51.700000 [TRC] 127.0.0.1:5 - cid:5 - "v2:python3" - <<- [PUB bad subject with spaces 1]\n'
    judged = _judged(tmp_path, [_OPENED + odd + _CLOSED])
    assert judged.status.value == "fail"
    assert "+c1 ? " in judged.diff
    assert judged.notes == ("1 traced line(s) nbe could not read are kept in the transcript as `?` lines",)


def test_a_wire_file_that_is_not_text_is_an_error_naming_it(tmp_path):
    judged = _judged(tmp_path, [_OPENED + _CLOSED], expected_text=b"\xff\xfe")
    assert judged.status.value == "error" and judged.reason.startswith("wire.txt: not UTF-8 text")


@pytest.mark.all_ports
def test_drift_wire_groups_the_ports_by_what_they_did_on_the_server(nbe, project):
    run = nbe("drift", SEED_EXAMPLE, "--wire", "--runtime", "local", timeout=1800)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"{SEED_EXAMPLE}: 2 distinct outputs among 10 ports" in run.stdout, run.stdout
    assert "c, deno, go, java, javascript, node, python, rust" in run.stdout  # the clients' headers do not count
    assert "cli, shell" in run.stdout


def test_drift_wire_of_reports_made_without_it_says_so(nbe, project):
    report = project / "report.json"
    assert nbe("run", SEED_PORT, "--runtime", "local", "--json", str(report)).returncode == 0
    run = nbe("drift", "--wire", "--json", str(report))
    assert run.returncode == 2
    assert "no result holds what its port did on the server (wire): run the checks with --wire" in run.stderr
    wired = nbe("run", SEED_PORT, "--runtime", "local", "--wire", "--json", str(report))
    assert wired.returncode == 0, wired.stdout
    grouped = nbe("drift", "--wire", "--json", str(report))
    assert grouped.returncode == 0 and '> PUB greet.joe _INBOX.1.2 ""' not in grouped.stdout  # one group: no diff
    assert "1 example, 1 port" in grouped.stdout, grouped.stdout


def _python_port_of(project, example):
    """The suite example's Python port, its meta.yaml and expected files, copied into the project."""
    import shutil

    from conftest import REPO

    shutil.copytree(REPO / "examples" / example, project / "examples" / example,
                    ignore=lambda folder, names: [n for n in names if Path(folder).name == Path(example).name
                                                  and n not in ("python", "meta.yaml")])
    shutil.copytree(REPO / "expected" / example, project / "expected" / example)
    return f"{example}/python"


def _limits_stream(project):
    return _python_port_of(project, "jetstream/limits-stream")


def test_a_port_on_a_cluster_gets_one_transcript_of_its_three_servers(nbe, project):
    port = _python_port_of(project, "jetstream/replicated-stream")  # one connection through each server
    report = project / "report.json"
    run = nbe("run", port, "--wire", "--state", "--runtime", "local", "--json", str(report), timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "state: pass, same as expected/jetstream/replicated-stream/state.json" in run.stdout
    assert "wire: pass, same as expected/jetstream/replicated-stream/wire.txt" in run.stdout
    transcript = json.loads(report.read_text())["results"][0]["aspects"]["wire"]["actual"]
    assert [line.split(" connect")[0] for line in transcript.splitlines() if " connect " in line] == ["c1", "c2", "c3"]
    assert "c1 > PUB $JS.API.STREAM.CREATE.ORDERS" in transcript  # created through the first server


def test_a_stream_made_with_other_limits_prints_the_same_and_fails_state_naming_the_field(nbe, project):
    port = _limits_stream(project)
    assert nbe("run", port, "--state", "--runtime", "local").returncode == 0  # as recorded
    main = project / "examples" / port / "main.py"
    main.write_text(main.read_text().replace("max_age=3600)", "max_age=3600, max_msgs_per_subject=100)"))
    printed = nbe("run", port, "--runtime", "local")
    assert printed.returncode == 0, printed.stdout  # the lines it prints are the same
    run = nbe("run", port, "--state", "--runtime", "local", "--json", str(project / "report.json"))
    assert run.returncode == 1, run.stdout + run.stderr
    assert "state: differs from expected/jetstream/limits-stream/state.json" in run.stdout
    assert '-        "max_msgs_per_subject": -1,' in run.stdout
    assert '+        "max_msgs_per_subject": 100,' in run.stdout
    result = json.loads((project / "report.json").read_text())["results"][0]
    assert result["cause"] == "state" and result["aspects"]["state"]["status"] == "fail"


def test_a_snapshot_that_cannot_be_taken_is_that_checks_error(tmp_path):
    from conformance.check.behaviour import judge_state
    from conformance.project.expected import SHARED, ExpectedFile
    from conformance.project.meta import default_meta
    from conformance.project.ports import Port
    from conformance.runtimes.protocol import Snapshot
    from conformance.servers.state import SnapshotError, read_jsz

    with pytest.raises(SnapshotError, match="Connection refused"):
        read_jsz("http://127.0.0.1:9", timeout=2)  # the discard port: nothing listens
    expected = ExpectedFile(tmp_path / "state.json", SHARED, tmp_path / "python.state.actual", shown="state.json")
    judged = judge_state(Port("a", "b", "python"), default_meta("b"),
                         Snapshot(error="the snapshot could not be taken: refused"), expected, None)
    assert judged.status.value == "error" and judged.reason == "the snapshot could not be taken: refused"


def test_the_page_marks_each_cell_with_its_wire_verdict_and_shows_its_diff():
    from conformance.reports import html
    from conformance.result import Aspect, CheckResult, Status

    wire = Aspect("wire", Status.FAIL, "differs from expected/a/b/wire.txt", "expected/a/b/wire.txt",
                  diff="--- expected/a/b/wire.txt\n+++ wire of a/b/python\n-c1 > PUB greet.joe _INBOX.1.2 \"\"\n")
    result = CheckResult(target="a/b/python", runtime="local", status=Status.FAIL, reason="wire: differs",
                         duration=0.1, cause="wire", aspects=(wire,), exit_code=0)
    page = html.render([result], runtime="local", duration=0.1)
    assert f'<small class="s-fail">wire {html.SYMBOLS[Status.FAIL]}</small>' in page
    assert "c1 &gt; PUB greet.joe _INBOX.1.2" in page


def test_a_port_nbe_gives_no_server_is_not_judged_on_it(nbe, project):
    import shutil

    from conftest import REPO

    fixture = REPO / "tests" / "fixtures" / "upstream"  # its docker/cli compose recipe gives the cli app no server
    root = project / "tree"
    shutil.copytree(fixture, root)
    run = nbe("--root", str(root), "run", "recipes/bash-script/cli", "--wire", "--state", "--runtime", "local",
              timeout=900)
    assert run.returncode == 0, run.stdout + run.stderr
    why = "not checked: nbe starts no server for this port (its compose recipe gives it none): nothing to read"
    assert f"wire: skip, {why}" in run.stdout and f"state: skip, {why}" in run.stdout


def test_a_log_past_the_cap_is_an_error_that_says_so_not_a_half_transcript(tmp_path):
    from conformance.check.behaviour import judge_wire
    from conformance.project.expected import SHARED, ExpectedFile
    from conformance.project.meta import default_meta
    from conformance.project.ports import Port
    from conformance.runtimes.protocol import Wire

    expected = ExpectedFile(tmp_path / "wire.txt", SHARED, tmp_path / "python.wire.actual", shown="wire.txt")
    judged = judge_wire(Port("a", "b", "python"), default_meta("b"), Wire((_OPENED,), cut=True), expected, None)
    assert judged.status.value == "error"
    assert judged.reason == "the servers' log passed nbe's cap (64 MiB a server): no transcript of this port"
