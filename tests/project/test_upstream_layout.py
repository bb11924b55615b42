"""A tree in NATS by Example's own layout (tests/fixtures/upstream), checked as it is: client
folders, optional meta.yaml, ordering lists, per-port terminal recordings, shared build files."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import REPO

FIXTURE = REPO / "tests" / "fixtures" / "upstream"


@pytest.fixture
def project(tmp_path):
    """Overrides conftest's seed project: a copy of the upstream-layout fixture tree."""
    root = tmp_path / "upstream"
    shutil.copytree(FIXTURE, root)
    return root


def results(nbe, *args, timeout=600):
    report = nbe.tmp.parent / "report.json"
    run = nbe("run", *args, "--json", str(report), timeout=timeout)
    data = json.loads(report.read_text()) if report.exists() else {"results": []}
    report.unlink(missing_ok=True)
    return run, {r["target"]: r for r in data["results"]}


def test_list_shows_every_folder_in_the_trees_order_and_why_some_cannot_run(nbe):
    run = nbe("list")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    examples = [line.split(":")[0] for line in lines if not line.startswith(" ")]
    # examples/meta.yaml lists messaging before jetstream; messaging/meta.yaml pub-sub first
    # topologies: not listed, so after the listed ones; the folders of one case per point of the
    # layout (dockerfiles/, recipes/, recordings/) are not listed either, so in name order
    assert examples == ["messaging/pub-sub", "messaging/request-reply", "jetstream/limits-stream",
                        "dockerfiles/own-recipe", "recipes/bash-script", "recipes/cmake", "recipes/compose-services",
                        "recipes/gradle-dependency", "recipes/missing-requirement", "recipes/pinned-tool",
                        "recipes/stale-shared-lock",
                        "recordings/concurrent", "recordings/failed-run", "recordings/stderr-logs",
                        "recordings/volatile", "topologies/cluster"]
    assert "messaging/request-reply: Request Reply" in lines  # no meta.yaml: titled by its folder
    rows = {line.split()[0]: line for line in lines if line.startswith(" ")}
    assert "no language definition for 'csharp' here; to run it, install the .NET SDK" in rows["messaging/pub-sub/csharp"]
    assert "no language definition for 'crystal'" in rows["messaging/pub-sub/crystal"]
    assert "not a port: no language definition for 'web' and no main.sh" in rows["messaging/pub-sub/web"]
    for name in ("csharp", "crystal", "web"):
        assert "docker: yes" not in rows[f"messaging/pub-sub/{name}"]
    assert "local: yes" in rows["messaging/pub-sub/python"]


RUNNABLE = {
    "messaging/pub-sub/python": "pass", "messaging/pub-sub/go": "pass", "messaging/pub-sub/node": "pass",
    "messaging/pub-sub/deno": "pass", "messaging/pub-sub/java": "pass", "messaging/pub-sub/cli": "pass",
    "messaging/pub-sub/scripts": "pass", "messaging/request-reply/python": "pass",
    "jetstream/limits-stream/python": "pass", "topologies/cluster/python": "pass",
}
NOT_RUNNABLE = {"messaging/pub-sub/crystal": "skip", "messaging/pub-sub/csharp": "skip", "messaging/pub-sub/web": "skip"}
STAND_INS = {"python": "python", "go": "go", "node": "node", "deno": "deno", "java": "java", "cli": "cli",
             "shell": "shell"}


# the folders that model a whole small tree; the one-case-per-point folders have tests of their own
# (test_upstream_recipes, test_upstream_recording, test_port_dockerfile), some of them failing on purpose
TREE = ("messaging", "jetstream", "topologies")


def test_a_whole_tree_run_gives_every_folder_a_verdict(nbe):
    run, found = results(nbe, *TREE, "--runtime", "local", "--jobs", "2", timeout=1800)
    assert run.returncode == 0, run.stdout + run.stderr
    assert {target: r["status"] for target, r in found.items()} == {**RUNNABLE, **NOT_RUNNABLE}
    assert "JetStream" not in run.stdout  # JetStream is on without any meta.yaml saying so


def test_a_terminal_recording_is_cleaned_and_the_cleaning_is_reported(nbe):
    run, found = results(nbe, "messaging", "--runtime", "local")
    pub_sub, request_reply = found["messaging/pub-sub/python"], found["messaging/request-reply/python"]
    assert pub_sub["expected_kind"] == "recording"
    assert pub_sub["expected_file"] == "examples/messaging/pub-sub/python/output.txt"
    terminal = "run on a terminal as its recording was made: stdout and stderr together, shown as stdout"
    assert pub_sub["notes"] == [terminal, "left out 5 lines of Docker progress from the recording"]
    # the line the port prints on stderr is in the recording, as a terminal showed it: it matches now
    assert request_reply["notes"] == [terminal, "the recording is of a failed run: it ends in 'exit status 1'"]
    assert "compared with the port's own recording examples/messaging/pub-sub/python/output.txt" in run.stdout


def test_a_mismatch_saves_the_actual_output_where_git_does_not_see_it(nbe, project, tmp_path):
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    main = project / "examples/messaging/pub-sub/python/main.py"
    main.write_text(main.read_text().replace('b"hello"', 'b"hi"'))
    run = nbe("run", "messaging/pub-sub/python", "--runtime", "local")
    assert run.returncode == 1
    actual = project / ".nbe/actual/messaging/pub-sub/python.actual"
    assert actual.read_text().startswith("b'hi' on subject greet.joe\n")
    assert f"actual output saved to .nbe/actual/messaging/pub-sub/python.actual" in run.stdout
    untracked = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=project,
                               capture_output=True, text=True, check=True).stdout
    assert ".nbe" not in untracked
    elsewhere = tmp_path / "actuals"
    assert nbe("run", "messaging/pub-sub/python", "--runtime", "local", "--actual-dir", str(elsewhere)).returncode == 1
    assert (elsewhere / "messaging/pub-sub/python.actual").read_text() == actual.read_text()


def test_update_rewrites_the_recording_it_compared_with_and_nothing_else(nbe, project):
    main = project / "examples/messaging/pub-sub/python/main.py"
    main.write_text(main.read_text().replace('b"hello"', 'b"hi"'))
    recording = project / "examples/messaging/pub-sub/python/output.txt"
    others = {p: p.read_bytes() for p in project.rglob("output.txt") if p != recording}
    run = nbe("run", "messaging/pub-sub/python", "--runtime", "local", "--update")
    assert run.returncode == 0, run.stdout
    assert recording.read_text() == "".join(f"b'hi' on subject greet.{n}\n" for n in ("joe", "pam", "bob"))
    assert {p: p.read_bytes() for p in others} == others
    assert nbe("run", "messaging/pub-sub/python", "--runtime", "local").returncode == 0


def test_the_fixture_tree_has_a_port_of_every_kind_the_issue_names():
    """The fixture stays what the tests claim it is."""
    assert (FIXTURE / "examples/messaging/pub-sub/python/output.txt").read_bytes().count(b"\r\n") > 3
    assert b"\x1b[" in (FIXTURE / "examples/messaging/pub-sub/python/output.txt").read_bytes()
    assert (FIXTURE / "examples/messaging/request-reply/python/output.txt").read_text().endswith("exit status 1\n")
    assert not (FIXTURE / "examples/messaging/request-reply/meta.yaml").exists()
    assert (FIXTURE / "docker/python/requirements.txt").is_file()  # shared manifests ...
    assert (FIXTURE / "examples/jetstream/limits-stream/python/requirements.txt").is_file()  # ... and a port's own
    assert not (FIXTURE / "examples/messaging/pub-sub/go/go.mod").exists() and (FIXTURE / "docker/go/go.mod").is_file()
    assert "deno.land/x/nats" in (FIXTURE / "examples/messaging/pub-sub/deno/main.js").read_text()
    assert "nats-server" in (FIXTURE / "examples/messaging/pub-sub/cli/main.sh").read_text()
    assert "cluster" in (FIXTURE / "examples/topologies/cluster/meta.yaml").read_text()


def test_the_tree_runs_in_docker_too(nbe, project):
    from port_check import require_docker, stand_in_image
    from test_docker import abandoned

    engine = require_docker("python")
    for language in STAND_INS.values():
        require_docker(language)
    images = [arg for lang in STAND_INS for arg in ("--image", f"{lang}={stand_in_image(STAND_INS[lang])}")]
    before = abandoned(engine)
    run, found = results(nbe, *TREE, "--runtime", "docker", "--jobs", "2", *images, timeout=2400)
    assert run.returncode == 0, run.stdout + run.stderr
    assert {target: r["status"] for target, r in found.items()} == {**RUNNABLE, **NOT_RUNNABLE}
    assert all(r["runtime"] == "docker" for r in found.values())
    assert not abandoned(engine) - before
