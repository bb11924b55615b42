"""Recordings to regenerate: a recording older than its port's sources in the checkout's git
history is stale; with those of a failed run and those that differ while the port runs clean,
`nbe drift`, the Markdown report and the conformance page list them with the command that
regenerates them. The histories are made here, in a copy of the upstream-layout fixture tree."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from conftest import REPO
from conformance.project.staleness import UNCOMMITTED, Commit, Stale, stale_recordings, to_regenerate
from conformance.reports import drift_markdown, drift_text, html, markdown
from conformance.result import CheckResult, Status, causes

FIXTURE = REPO / "tests" / "fixtures" / "upstream"
PUB_SUB = "messaging/pub-sub/python"
REQUEST_REPLY = "messaging/request-reply/python"  # its recording ends in `exit status 1`
RECORDED, CHANGED = 1_700_000_000, 1_710_000_000  # 2023-11-14 and 2024-03-09


@pytest.fixture
def project(tmp_path):
    """Overrides conftest's seed project: a copy of the upstream-layout fixture tree."""
    root = tmp_path / "upstream"
    shutil.copytree(FIXTURE, root)
    return root


def git(root, *args, when=RECORDED):
    env = {**os.environ, "GIT_AUTHOR_DATE": f"@{when} +0000", "GIT_COMMITTER_DATE": f"@{when} +0000"}
    done = subprocess.run(["git", "-c", "user.name=nbe", "-c", "user.email=nbe@example.invalid", *args], cwd=root,
                          env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def with_history(root):
    """Everything committed at RECORDED, then a later commit that changes the pub-sub port's source
    (and nothing of the request-reply port). Returns the two commits' short hashes."""
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "recordings")
    main = root / "examples" / PUB_SUB / "main.py"
    main.write_text(main.read_text() + "# a later change to the source\n")
    git(root, "commit", "-q", "-am", "a source change", when=CHANGED)
    return git(root, "rev-parse", "--short", "HEAD~1"), git(root, "rev-parse", "--short", "HEAD")


def test_a_recording_older_than_its_ports_sources_is_stale(project):
    recorded, changed = with_history(project)
    found = stale_recordings(project, [PUB_SUB, REQUEST_REPLY, "messaging/pub-sub/go"])
    assert found == {PUB_SUB: Stale(Commit(recorded, RECORDED), Commit(changed, CHANGED))}
    assert str(found[PUB_SUB]) == (f"stale: its sources changed ({changed}, 2024-03-09) "
                                   f"after its recording ({recorded}, 2023-11-14)")
    assert stale_recordings(project, [REQUEST_REPLY]) == {}  # only the ports asked about


def test_the_working_tree_counts_a_recording_made_again_and_a_source_not_yet_committed(project):
    recorded, changed = with_history(project)
    (project / "examples" / PUB_SUB / "output.cast").write_text("{}\n")  # untracked: no history yet
    (project / "examples" / PUB_SUB / "output.txt").write_text("made again\n")
    main = project / "examples" / REQUEST_REPLY / "main.py"
    main.write_text(main.read_text() + "# not committed\n")
    found = stale_recordings(project, [PUB_SUB, REQUEST_REPLY])
    assert found == {REQUEST_REPLY: Stale(Commit(recorded, RECORDED), UNCOMMITTED)}
    assert "its sources changed (changes not committed yet)" in str(found[REQUEST_REPLY])


def test_no_history_no_staleness(project):
    assert stale_recordings(project, [PUB_SUB]) == {}


def result(target, status, **extra):
    fields = {"runtime": "local", "expected_kind": "recording", **extra}
    return CheckResult(target=target, status=status, reason="", duration=0.1, **fields)


def test_the_list_holds_stale_recordings_failed_runs_and_clean_ports_that_differ():
    stale = {"a/b/go": Stale(Commit("abc1234", RECORDED), Commit("def5678", CHANGED))}
    results = [
        result("a/b/go", Status.PASS, exit_code=0),
        result("a/b/go", Status.PASS, exit_code=0, runtime="docker"),  # listed once
        result("a/b/python", Status.ERROR, exit_code=1, cause=causes.FAILED_RECORDING,
               notes=("the recording is of a failed run: it ends in 'exit status 1'",)),
        result("a/b/rust", Status.FAIL, exit_code=0, cause=causes.CONTENT),
        result("a/b/java", Status.FAIL, exit_code=0, cause=causes.ORDER),  # compare: {order: any} settles it
        result("a/b/deno", Status.FAIL, exit_code=0, cause=causes.VOLATILE),  # a mask settles it
        result("a/b/node", Status.FAIL, exit_code=1, cause=causes.PORT_FAILED),  # the port to fix, not its recording
        result("a/b/c", Status.FAIL, exit_code=0, cause=causes.CONTENT, expected_kind="canonical"),
    ]
    listed = to_regenerate(results, stale)
    assert [(e.target, e.stale) for e in listed] == [("a/b/go", True), ("a/b/python", False), ("a/b/rust", False)]
    assert listed[0].reasons == ("stale: its sources changed (def5678, 2024-03-09) after its recording "
                                 "(abc1234, 2023-11-14)",)
    assert listed[1].reasons == ("the recording is of a failed run",)
    assert listed[2].reasons == ("it differs from what the port prints now, and the port runs clean",)

    command = "nbe run --update --record a/b/go a/b/python a/b/rust"
    text = drift_text.render([], listed)
    assert "3 recordings to regenerate (1 stale):\n  a/b/go: stale: its sources changed" in text
    assert f"regenerate them: {command}" in text
    for report in (drift_markdown.render([], regenerate=listed), markdown.render(results, regenerate=listed)):
        assert "### 3 recordings to regenerate (1 stale)" in report
        assert "| a/b/python | the recording is of a failed run |" in report
        assert f"```sh\n{command}\n```" in report
    page = html.render(results, runtime="local", duration=1.0, regenerate=listed)
    assert "<h2>3 recordings to regenerate (1 stale)</h2>" in page and command in page
    assert "to regenerate" not in drift_text.render([]) + markdown.render(results) + html.render(
        results, runtime="local", duration=1.0)


def test_drift_and_the_reports_list_them_and_the_command_regenerates_them(nbe, project, tmp_path):
    recorded, changed = with_history(project)
    page, summary = tmp_path / "page.html", tmp_path / "summary.md"
    run = nbe("drift", "messaging/request-reply", PUB_SUB, "--runtime", "local")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 recordings to regenerate (1 stale):" in run.stdout
    assert f"  {PUB_SUB}: stale: its sources changed ({changed}, 2024-03-09) after its recording" in run.stdout
    assert f"  {REQUEST_REPLY}: the recording is of a failed run" in run.stdout
    command = f"nbe run --update --record {PUB_SUB} {REQUEST_REPLY}"  # in the tree's order
    assert f"regenerate them: {command}" in run.stdout

    reports = nbe("run", "messaging/request-reply", PUB_SUB, "--runtime", "local", "--html", str(page),
                  GITHUB_STEP_SUMMARY=str(summary))
    assert "2 recordings to regenerate (1 stale)" in summary.read_text() and command in summary.read_text()
    assert "2 recordings to regenerate (1 stale)" in page.read_text(), reports.stdout + reports.stderr

    assert nbe("run", "--update", "--record", PUB_SUB, "--runtime", "local").returncode == 0
    again = nbe("drift", PUB_SUB, "--runtime", "local")
    assert "to regenerate" not in again.stdout  # made again, not committed yet: no longer stale


def test_a_differing_recording_is_content_drift_when_stale_and_the_clients_doing_when_not(nbe, project, tmp_path):
    """With a history, a port whose recording differs is content drift when its sources changed
    after the recording, and the client's (or server's) doing when they did not."""
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "recordings")
    main = project / "examples" / PUB_SUB / "main.py"
    main.write_text(main.read_text().replace("asyncio.run(main())", "asyncio.run(main())\n    print('one more')"))
    git(project, "commit", "-q", "-am", "a source change", when=CHANGED)
    limits = project / "examples" / "jetstream/limits-stream/python" / "output.txt"
    report = tmp_path / "r.json"
    limits.write_text(limits.read_text().replace("holds 2 of 3", "holds 3 of 3"))
    git(project, "commit", "-q", "-am", "a recording made by an older client", when=RECORDED)
    run = nbe("run", PUB_SUB, "jetstream/limits-stream/python", "--runtime", "local", "--json", str(report))
    assert run.returncode == 1, run.stdout + run.stderr

    by_target = {r["target"]: r for r in json.loads(report.read_text())["results"]}
    stale = by_target[PUB_SUB]
    assert (stale["status"], stale["cause"]) == ("fail", causes.CONTENT)
    assert any(note.startswith("the recording is stale: its sources changed") for note in stale["notes"])
    unchanged = by_target["jetstream/limits-stream/python"]
    assert (unchanged["status"], unchanged["cause"]) == ("fail", causes.CLIENT_OUTPUT)
