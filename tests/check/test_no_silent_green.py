"""A gate that ran nothing, or recorded garbage, is never green; one bad check is one error,
never a crashed run; a bug in nbe is exit 3, never mistaken for a failed check."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import add_hostile, snapshot
from test_gate import copies, git

SEED = "messaging/request-reply"
TARGET = f"{SEED}/python"


def test_an_unknown_language_is_a_usage_error_naming_the_known_ones(nbe):
    run = nbe("run", "--runtime", "local", "--language", "gox")
    assert run.returncode == 2, run.stdout + run.stderr
    assert "--language gox: no such language; did you mean: go?" in run.stderr
    assert "known: c, cli, deno, go, java, javascript, node, python, rust, shell" in run.stderr


def test_a_language_filter_that_selects_nothing_exits_2_and_says_why(nbe):
    run = nbe("run", "--runtime", "local", "--language", "go")  # defined, but the tree has no go port
    assert run.returncode == 2
    assert "--language go selects none of the 1 ports (their languages: python)" in run.stderr


def test_an_empty_tree_exits_2(nbe, project):
    import shutil

    shutil.rmtree(project / "examples" / "messaging")
    run = nbe("run", "--runtime", "local")
    assert run.returncode == 2
    assert "no ports under examples/" in run.stderr


def test_an_empty_shard_and_an_unchanged_tree_are_green_and_say_so(nbe, project):
    run = nbe("run", "--runtime", "local", "--shard", "2/2")  # one port: the second shard is empty
    assert run.returncode == 0, run.stderr
    assert "shard 2/2 holds none of the 1 selected ports; nothing to check" in run.stdout
    git(project, "init", "-q")
    git(project, "-c", "user.email=t@t", "-c", "user.name=t", "add", "-A")
    git(project, "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "tree")
    run = nbe("run", "--runtime", "local", "--changed-since", "HEAD")
    assert run.returncode == 0, run.stderr
    assert "no change since HEAD affects the 1 selected ports; nothing to check" in run.stdout


def test_a_known_failure_for_an_unknown_language_names_file_and_line(nbe, project):
    meta = project / "examples" / SEED / "meta.yaml"
    meta.write_text(meta.read_text() + "languages:\n  pyhton: {xfail: \"a typo hides nothing\"}\n")
    line = meta.read_text().splitlines().index("  pyhton: {xfail: \"a typo hides nothing\"}") + 1
    run = nbe("run", "--runtime", "local")
    assert run.returncode == 2
    assert f"examples/{SEED}/meta.yaml:{line}: languages.pyhton: no language 'pyhton' is defined" in run.stderr


def test_update_never_records_a_flood_a_timeout_or_a_failed_run(nbe, project):
    targets = {name: add_hostile(project, name) for name in ("flood", "hang", "exit_nonzero")}
    for name in targets:
        (project / "expected" / "hostile" / name / "output.txt").unlink()
    run = nbe("run", "hostile", "--runtime", "local", "--update", "--timeout", "3", "--jobs", "3")
    assert run.returncode == 1, run.stdout
    assert f"FAIL    {targets['flood']}" in run.stdout and "cap" in run.stdout
    assert f"TIMEOUT {targets['hang']}" in run.stdout
    assert f"ERROR   {targets['exit_nonzero']}" in run.stdout
    recorded = sorted(p.name for p in (project / "expected" / "hostile").rglob("output.txt"))
    assert recorded == [], f"--update recorded output of runs that went wrong: {recorded}"


def test_a_whole_tree_run_refuses_a_link_out_of_the_tree(nbe, project, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "main.py").write_text("print('escaped')\n")
    os.symlink(outside, project / "examples" / SEED / "evil")
    run = nbe("run", "--runtime", "local")
    assert run.returncode == 2
    assert "links out of the examples tree" in run.stderr
    assert "escaped" not in run.stdout


NO_PROGRAM_LANGUAGE = """\
entry: main.sh
probe: ["sh", "-c", "echo toy 1.0"]
build:
  - ["true"]
run: ["./the-program-the-build-never-made"]
"""


def test_one_broken_check_is_one_error_and_the_others_run_on(nbe, project):
    copies(project, 2)
    (project / "languages" / "toy").mkdir(parents=True)
    (project / "languages" / "toy" / "language.yaml").write_text(NO_PROGRAM_LANGUAGE)
    (project / "examples" / SEED / "toy").mkdir()
    (project / "examples" / SEED / "toy" / "main.sh").write_text("echo never run\n")
    (project / "expected" / "copies" / "rr0" / "output.txt").write_bytes(b"b'hello, joe'\n\xff\xfe\n")
    before = snapshot(project)
    run = nbe("run", "--runtime", "local", "--jobs", "2")
    assert run.returncode == 1, run.stdout + run.stderr
    assert f"ERROR   {SEED}/toy" in run.stdout and "the-program-the-build-never-made" in run.stdout
    assert "ERROR   copies/rr0/python" in run.stdout
    assert "expected/copies/rr0/output.txt: not UTF-8 text (byte 0xff at offset 14)" in run.stdout
    assert f"PASS    {TARGET}" in run.stdout and "PASS    copies/rr1/python" in run.stdout
    assert "2 passed, 2 errors" in run.stdout
    assert snapshot(project) == before


BUGGY_NBE = """\
import sys
import conformance.commands.list as listing
from conformance import cli

def broken(args):
    raise ZeroDivisionError("a bug planted by the test")

listing.main = broken
sys.exit(cli.main(sys.argv[1:]))
"""


def test_a_bug_in_nbe_exits_3_with_one_line_then_the_traceback(nbe):
    done = subprocess.run([sys.executable, "-c", BUGGY_NBE, "--root", str(nbe.root), "list"],
                          env=nbe.env(), capture_output=True, text=True, timeout=60)
    assert done.returncode == 3, done.stderr
    first, *rest = done.stderr.splitlines()
    assert first.startswith("nbe: internal error: this is a bug in nbe")
    assert rest[0] == "Traceback (most recent call last):"
    assert "ZeroDivisionError: a bug planted by the test" in done.stderr


def test_the_report_records_when_each_check_started(nbe, project, tmp_path):
    report = tmp_path / "r.json"
    assert nbe("run", "--runtime", "local", "--json", str(report)).returncode == 0
    result = json.loads(report.read_text())["results"][0]
    assert result["started_at"] > 1.7e9 and result["duration"] > 0
