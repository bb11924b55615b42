"""Reports CI systems read: the JSON contract, JUnit, Markdown, and merging shard reports."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from conformance.reports import junit, markdown
from conformance.result import CheckResult, Status
from test_gate import copies

SEED = "messaging/request-reply"

# The contract: renaming or removing any of these needs a new schema_version.
ENVELOPE_KEYS = {"schema", "schema_version", "nbe_version", "runtime", "duration", "passed", "summary", "results"}
RESULT_KEYS = {"target", "example", "language", "runtime", "status", "reason", "duration", "attempts",
               "expected_file", "override", "actual_file", "rules_fired", "exit_code", "diff", "stdout",
               "stderr_tail", "details", "updated", "started_at", "notes", "expected_kind", "server_version",
               "cause", "aspects"}
STATUSES = {"pass", "fail", "error", "timeout", "skip", "xfail", "xpass", "flaky"}


def test_the_json_report_keeps_its_contract(nbe, project, tmp_path):
    copies(project, 1)
    (project / "expected" / "copies" / "rr0" / "output.txt").write_text("changed\n")
    report = tmp_path / "r.json"
    assert nbe("run", "--runtime", "local", "--json", str(report)).returncode == 1
    data = json.loads(report.read_text())
    assert set(data) == ENVELOPE_KEYS
    assert (data["schema"], data["schema_version"]) == ("nbe-results", 2)
    assert set(data["summary"]) == STATUSES
    assert data["passed"] is False and data["summary"]["fail"] == 1 and data["summary"]["pass"] == 1
    for result in data["results"]:
        assert set(result) == RESULT_KEYS
        assert result["status"] in STATUSES
        assert result["server_version"] is None  # no matrix: the server nbe is installed with
    failed = next(r for r in data["results"] if r["status"] == "fail")
    assert failed["example"] == "copies/rr0" and failed["language"] == "python"
    assert "-changed" in failed["diff"]
    assert failed["cause"] == "content"  # every non-pass names its cause; a pass none
    assert next(r for r in data["results"] if r["status"] == "pass")["cause"] is None


def test_junit_parses_and_carries_the_diff_and_output_tails(nbe, project, tmp_path):
    (project / "expected" / SEED / "output.txt").write_text("b'hello, joe'\nsomething else\n")
    report = tmp_path / "junit.xml"
    assert nbe("run", "--runtime", "local", "--junit", str(report)).returncode == 1
    suite = ET.parse(report).getroot().find("testsuite")
    assert suite.get("tests") == "1" and suite.get("failures") == "1"
    case = suite.find("testcase")
    assert (case.get("classname"), case.get("name")) == (SEED, "python")
    failure = case.find("failure")
    assert failure.get("message").startswith("fail: output differs")
    assert "-something else" in failure.text and "+no responders" in failure.text
    assert "hello, bob" in case.find("system-out").text


def fake(target, status, runtime="local", **extra):
    return CheckResult(target=target, runtime=runtime, status=status, reason=f"{status.value} reason",
                       duration=0.1, **extra)


def test_junit_names_are_unique_and_control_characters_are_escaped():
    results = [fake("a/b/go", Status.PASS), fake("a/b/go", Status.ERROR, runtime="docker", details="bell\x07"),
               fake("a/b/c", Status.SKIP), fake("a/b/rust", Status.XFAIL), fake("a/b/java", Status.XPASS)]
    root = ET.fromstring(junit.render(results, duration=1.0))
    names = [(c.get("classname"), c.get("name")) for c in root.iter("testcase")]
    assert len(names) == len(set(names)) == 5
    assert ("a/b", "go[docker]") in names
    suite = root.find("testsuite")
    assert (suite.get("failures"), suite.get("errors"), suite.get("skipped")) == ("1", "1", "2")
    assert "bell\\x07" in root.find(".//error").text


def test_markdown_has_the_matrix_and_stays_under_its_limit():
    huge = "+" + "x" * 40_000
    results = [fake(f"cat/ex{n}/go", Status.FAIL, diff=huge) for n in range(60)]
    results.append(fake("cat/ex0/python", Status.PASS))
    text = markdown.render(results)
    assert len(text.encode()) < 1024 * 1024
    assert "| example | go | python |" in text
    assert "| cat/ex0 | ❌ fail | ✅ pass |" in text
    assert "<details>" in text and "more failing checks not shown" in text


def test_the_step_summary_is_appended_when_github_asks_for_it(nbe, project, tmp_path):
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    assert nbe("run", "--runtime", "local", GITHUB_STEP_SUMMARY=str(summary)).returncode == 0
    text = summary.read_text()
    assert text.startswith("earlier step\n") and "## nbe conformance: ✅ passed" in text


def comparable(data):
    return sorted((r["target"], r["status"], r["stdout"], r["diff"], r["expected_file"]) for r in data["results"])


def test_merging_shard_reports_equals_one_full_run(nbe, project, tmp_path):
    copies(project, 4)
    (project / "expected" / "copies" / "rr2" / "output.txt").write_text("off\n")
    full = tmp_path / "full.json"
    nbe("run", "--runtime", "local", "--json", str(full))
    shards = []
    for k in (1, 2):
        shards.append(tmp_path / f"shard{k}.json")
        nbe("run", "--runtime", "local", "--shard", f"{k}/2", "--json", str(shards[-1]))
    merged, merged_xml, merged_md = tmp_path / "merged.json", tmp_path / "merged.xml", tmp_path / "merged.md"
    run = nbe("report", "merge", *map(str, shards), "--json", str(merged), "--junit", str(merged_xml),
              "--markdown", str(merged_md))
    assert run.returncode == 1, run.stdout + run.stderr  # the merged report holds a failure
    full_data, merged_data = json.loads(full.read_text()), json.loads(merged.read_text())
    assert comparable(merged_data) == comparable(full_data)
    assert merged_data["summary"] == full_data["summary"]
    assert len(list(ET.parse(merged_xml).getroot().iter("testcase"))) == 5
    assert "copies/rr2" in merged_md.read_text()
    overlap = nbe("report", "merge", str(shards[0]), str(shards[0]), "--json", str(tmp_path / "x.json"))
    assert overlap.returncode == 2 and "must not overlap" in overlap.stderr
    (tmp_path / "bad.json").write_text("{}")
    bad = nbe("report", "merge", str(tmp_path / "bad.json"))
    assert bad.returncode == 2 and "not an nbe JSON report" in bad.stderr


def test_a_merge_of_two_runtimes_shows_both_in_the_markdown_and_console_matrix(nbe, project, tmp_path):
    """Shards of the local and the docker runtime: one runtime's result never hides the other's."""
    copies(project, 1)
    local = tmp_path / "local.json"
    assert nbe("run", "--runtime", "local", "--json", str(local)).returncode == 0
    data = json.loads(local.read_text())
    data["runtime"] = "docker"  # stands in for a docker shard: the merge reads only the JSON
    for result in data["results"]:
        result["runtime"] = "docker"
        if result["target"] == f"{SEED}/python":
            result["status"], result["reason"] = "fail", "output differs"
    docker = tmp_path / "docker.json"
    docker.write_text(json.dumps(data))
    merged_md = tmp_path / "merged.md"
    run = nbe("report", "merge", str(local), str(docker), "--markdown", str(merged_md))
    assert run.returncode == 1, run.stdout + run.stderr
    text = merged_md.read_text()
    assert "| example | python (docker) | python (local) |" in text
    assert f"| {SEED} | ❌ fail | ✅ pass |" in text
    assert "| copies/rr0 | ✅ pass | ✅ pass |" in text


def test_the_console_matrix_has_a_column_per_runtime():
    import io

    from conformance.reports.console import ConsoleReporter

    out = io.StringIO()
    ConsoleReporter(out, colour=False).finished(
        [fake("a/b/go", Status.PASS), fake("a/b/go", Status.FAIL, runtime="docker")], 1.0)
    header, row = [line.split("  ") for line in out.getvalue().splitlines()[1:3]]
    assert [cell.strip() for cell in header if cell.strip()] == ["go (docker)", "go (local)"]
    assert [cell.strip() for cell in row if cell.strip()] == ["a/b", "fail", "pass"]


def test_every_status_has_one_look_used_by_every_report():
    from conformance.compare.words import quantity
    from conformance.reports.presentation import LOOKS

    assert set(LOOKS) == set(Status)
    results = [fake(f"a/b/l{n}", status) for n, status in enumerate(Status)]
    text = markdown.render(results)
    for status in Status:
        assert f"{LOOKS[status].icon} {status.value}" in text
    root = ET.fromstring(junit.render(results, duration=1.0))
    kinds = {c.get("name"): [child.tag for child in c if child.tag != "system-out"] for c in root.iter("testcase")}
    for n, status in enumerate(Status):
        assert kinds[f"l{n}"] == ([LOOKS[status].junit] if LOOKS[status].junit else [])


def test_a_count_of_one_is_singular_in_the_console_the_reports_and_the_page(nbe, project, tmp_path):
    """A real run of one port that exits non-zero: "1 error", "1 check", never "1 errors"."""
    from conftest import add_hostile
    from conformance.compare.words import quantity
    from conformance.reports.presentation import counted

    assert [counted(Status.ERROR, n) for n in (1, 2)] == ["1 error", "2 errors"]
    assert [counted(Status.PASS, n) for n in (1, 2)] == ["1 passed", "2 passed"]
    assert [quantity(n, "check") for n in (0, 1, 2)] == ["0 checks", "1 check", "2 checks"]
    target = add_hostile(project, "exit_nonzero")
    report, page, summary = tmp_path / "r.json", tmp_path / "page.html", tmp_path / "r.md"
    run = nbe("run", target, "--runtime", "local", "--json", str(report), "--html", str(page),
              "--markdown", str(summary))
    assert run.returncode == 1, run.stdout + run.stderr
    assert run.stdout.splitlines()[-1].startswith("1 error in "), run.stdout
    assert "\n1 error\n" in summary.read_text()
    text = page.read_text()
    assert "✗ 1 error</li>" in text and "1 check · runtime local" in text and "1 errors" not in text
    merged = nbe("report", "merge", str(report))
    assert merged.stdout == "merged 1 report: 1 check\n"
    html = nbe("report", "html", str(report), "-o", str(tmp_path / "again.html"))
    assert html.stdout == f"wrote {tmp_path / 'again.html'}: 1 check from 1 report\n"


def test_checks_stopped_by_fail_fast_are_counted_in_the_singular_too():
    import io

    from conformance.reports.console import ConsoleReporter

    out = io.StringIO()
    ConsoleReporter(out, colour=False).finished([fake("a/b/go", Status.ERROR)], 1.0, not_run=1)
    assert out.getvalue() == "stopped at the first failure (--fail-fast): 1 check not run\n1 error in 1.00s\n"
