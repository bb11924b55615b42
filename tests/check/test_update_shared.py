"""--update of the canonical output that several ports share: written only when every port that
shares it ran and printed the same thing, never from a subset, never as the last writer wins.
Two real ports (the seed's Python and Go ports of request-reply) against a real nats-server."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import REPO, SEED_EXAMPLE, snapshot

EXAMPLE = SEED_EXAMPLE
PYTHON, GO = f"{EXAMPLE}/python", f"{EXAMPLE}/go"
CANONICAL = Path("expected") / EXAMPLE / "output.txt"
SEED_OUTPUT = (REPO / CANONICAL).read_text()


@pytest.fixture
def two_ports(project: Path) -> Path:
    """The seed example with its Python and Go ports, sharing the canonical output."""
    shutil.copytree(REPO / "examples" / EXAMPLE / "go", project / "examples" / EXAMPLE / "go")
    return project


def greet_sam_in_go(root: Path) -> None:
    main = root / "examples" / EXAMPLE / "go" / "main.go"
    main.write_text(main.read_text().replace('"joe", "sue", "bob"', '"joe", "sam", "bob"'))


def verdicts(nbe, *targets: str) -> dict[str, str]:
    run = nbe("run", *targets, "--runtime", "local", "--jobs", "2")
    return {line.split()[1]: line.split()[0] for line in run.stdout.splitlines()
            if line.split() and line.split()[0] in ("PASS", "FAIL", "ERROR", "SKIP", "TIMEOUT")}


def test_ports_that_disagree_write_nothing_and_each_is_an_update_conflict(nbe, two_ports):
    greet_sam_in_go(two_ports)
    before = snapshot(two_ports)
    run = nbe("run", EXAMPLE, "--runtime", "local", "--update", "--jobs", "2")
    assert run.returncode == 1, run.stdout + run.stderr
    conflict = f"update conflict: 2 ports print 2 different outputs for {CANONICAL.as_posix()}; nothing written"
    assert f"ERROR   {GO}" in run.stdout and f"ERROR   {PYTHON}" in run.stdout
    assert run.stdout.count(conflict) == 2
    # the groups, as nbe drift shows them, with the lines that differ
    assert "2 distinct outputs among 2 ports" in run.stdout
    assert "+b'hello, sam'" in run.stdout and "-b'hello, sue'" in run.stdout
    assert snapshot(two_ports) == before
    assert "updated" not in run.stdout


def test_one_port_never_rewrites_the_output_other_ports_share(nbe, two_ports):
    greet_sam_in_go(two_ports)
    before = snapshot(two_ports)
    assert verdicts(nbe) == {PYTHON: "PASS", GO: "FAIL"}
    run = nbe("run", GO, "--runtime", "local", "--update")
    assert run.returncode == 1, run.stdout + run.stderr
    assert (f"not updated: {CANONICAL.as_posix()} is shared with 1 port not checked in this run ({PYTHON})"
            in run.stdout)
    assert f"nbe run {EXAMPLE} --update" in run.stdout and "--update --override" in run.stdout
    assert snapshot(two_ports) == before
    # the port that was not selected keeps the verdict it had
    assert verdicts(nbe) == {PYTHON: "PASS", GO: "FAIL"}


def test_the_failure_hint_names_both_ways_for_a_shared_output(nbe, two_ports):
    greet_sam_in_go(two_ports)
    run = nbe("run", GO, "--runtime", "local")
    assert run.returncode == 1
    hint = next(line for line in run.stdout.splitlines() if "to accept it:" in line)
    assert f"nbe run {EXAMPLE} --update" in hint and "shared with 1 other port" in hint
    assert f"nbe run {GO} --update --override" in hint
    assert f"to accept it: nbe run {GO} --update\n" not in run.stdout


def test_ports_that_agree_update_the_shared_output_and_all_pass_after(nbe, two_ports):
    (two_ports / CANONICAL).write_text(SEED_OUTPUT.replace("sue", "zed"))
    run = nbe("run", EXAMPLE, "--runtime", "local", "--update", "--jobs", "2")
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.count(f"updated {CANONICAL.as_posix()}") == 2
    assert (two_ports / CANONICAL).read_text() == SEED_OUTPUT
    assert not list((two_ports / "expected").rglob("*.actual"))
    assert verdicts(nbe) == {PYTHON: "PASS", GO: "PASS"}


def test_a_subset_whose_output_already_matches_writes_nothing_and_passes(nbe, two_ports):
    greet_sam_in_go(two_ports)
    before = snapshot(two_ports)
    run = nbe("run", PYTHON, "--runtime", "local", "--update")
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"PASS    {PYTHON}" in run.stdout and "updated" not in run.stdout
    assert snapshot(two_ports) == before


def test_override_records_one_language_and_leaves_the_shared_output(nbe, two_ports):
    greet_sam_in_go(two_ports)
    run = nbe("run", GO, "--runtime", "local", "--update", "--override")
    assert run.returncode == 0, run.stdout + run.stderr
    override = two_ports / "expected" / EXAMPLE / "go.txt"
    assert f"recorded the override {override.relative_to(two_ports).as_posix()}" in run.stdout
    assert override.read_text() == SEED_OUTPUT.replace("sue", "sam")
    assert (two_ports / CANONICAL).read_text() == SEED_OUTPUT
    after = nbe("run", "--runtime", "local", "--jobs", "2")
    assert after.returncode == 0, after.stdout
    assert f"compared with the override {override.relative_to(two_ports).as_posix()}" in after.stdout


def test_override_for_a_port_that_prints_the_canonical_output_writes_nothing(nbe, two_ports):
    run = nbe("run", PYTHON, "--runtime", "local", "--update", "--override")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "no override written" in run.stdout
    assert not (two_ports / "expected" / EXAMPLE / "python.txt").exists()


def test_override_without_update_is_a_usage_error(nbe, two_ports):
    run = nbe("run", GO, "--override")
    assert run.returncode == 2
    assert "--override needs --update" in run.stderr


def test_a_port_that_cannot_run_here_is_named_as_not_rechecked(nbe, two_ports):
    meta = two_ports / "examples" / EXAMPLE / "meta.yaml"
    meta.write_text(meta.read_text() + "languages:\n  go: {skip: not on this machine}\n")
    (two_ports / CANONICAL).write_text(SEED_OUTPUT.replace("sue", "zed"))
    run = nbe("run", EXAMPLE, "--runtime", "local", "--update")
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"updated {CANONICAL.as_posix()}" in run.stdout
    assert f"not re-checked here (cannot run): {GO}" in run.stdout
    assert (two_ports / CANONICAL).read_text() == SEED_OUTPUT


def test_a_port_that_failed_to_run_blocks_the_shared_write(nbe, two_ports):
    (two_ports / "examples" / EXAMPLE / "go" / "main.go").write_text("package main\n\nfunc main() { panic(1) }\n")
    (two_ports / CANONICAL).write_text(SEED_OUTPUT.replace("sue", "zed"))
    before = snapshot(two_ports)
    run = nbe("run", EXAMPLE, "--runtime", "local", "--update", "--jobs", "2")
    assert run.returncode == 1
    assert f"gave no output to agree on: {GO} (error)" in run.stdout
    assert snapshot(two_ports) == before
