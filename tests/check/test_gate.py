"""nbe as a CI gate: parallel checks, shards, changed-since, fail-fast, retries, known failures."""

from __future__ import annotations

import json
import shutil
import subprocess

from conftest import add_hostile

SEED = "messaging/request-reply"


def copies(project, count: int) -> list[str]:
    """`count` more examples that are copies of the seed, each with its own expected output."""
    targets = []
    for n in range(count):
        for part in ("examples", "expected"):
            shutil.copytree(project / part / SEED, project / part / "copies" / f"rr{n}")
        targets.append(f"copies/rr{n}/python")
    return targets


def test_parallel_checks_do_not_interfere(nbe, project, tmp_path):
    targets = copies(project, 8)
    report = tmp_path / "report.json"
    run = nbe("run", "copies", "--runtime", "local", "--jobs", "4", "--json", str(report))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "8 checks, 4 at a time" in run.stdout
    results = json.loads(report.read_text())["results"]
    assert sorted(r["target"] for r in results) == sorted(targets)
    assert {r["stdout"] for r in results} == {(project / "expected" / SEED / "output.txt").read_text()}
    assert most_at_once(results) >= 2, "the checks never overlapped in time"


def most_at_once(results) -> int:
    """The largest number of checks that were running at the same moment."""
    events = sorted([(r["started_at"], 1) for r in results] + [(r["started_at"] + r["duration"], -1) for r in results])
    running = peak = 0
    for _, change in events:
        running += change
        peak = max(peak, running)
    return peak


def test_the_summary_matrix_has_examples_as_rows_and_languages_as_columns(nbe, project):
    copies(project, 2)
    run = nbe("run", "--runtime", "local", "--jobs", "2")
    assert run.returncode == 0, run.stdout
    lines = run.stdout.splitlines()
    header = next(line for line in lines if line.strip().startswith("python"))
    assert header.split() == ["python"]
    assert any(line.split() == ["copies/rr0", "pass"] for line in lines)
    assert any(line.split() == [SEED, "pass"] for line in lines)


def test_shards_are_disjoint_and_cover_everything(nbe, project):
    copies(project, 6)
    listed = set()
    for k in (1, 2, 3):
        run = nbe("run", "--runtime", "local", "--shard", f"{k}/3", "--jobs", "2")
        assert run.returncode == 0, run.stdout
        mine = {line.split()[1] for line in run.stdout.splitlines() if line.startswith("PASS")}
        assert mine and not (mine & listed)
        listed |= mine
    assert listed == {f"copies/rr{n}/python" for n in range(6)} | {f"{SEED}/python"}


def test_a_bad_shard_is_a_usage_error(nbe):
    for shard in ("0/3", "4/3", "x", "1/0"):
        assert nbe("run", "--shard", shard).returncode == 2


def git(project, *args):
    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)


def changed(nbe, rev="HEAD"):
    run = nbe("run", "--runtime", "local", "--changed-since", rev, "--language", "python")
    assert run.returncode in (0, 1), run.stderr
    return {line.split()[1] for line in run.stdout.splitlines() if line[:7].strip() in ("PASS", "FAIL", "ERROR", "SKIP")}


def test_changed_since_picks_the_ports_a_change_affects(nbe, project):
    copies(project, 2)
    git(project, "init", "-q")
    git(project, "-c", "user.email=t@t", "-c", "user.name=t", "add", "-A")
    git(project, "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "tree")
    assert changed(nbe) == set()
    port = project / "examples" / "copies" / "rr0" / "python" / "main.py"
    port.write_text(port.read_text() + "\n")
    assert changed(nbe) == {"copies/rr0/python"}
    git(project, "checkout", "-q", "--", ".")
    expected = project / "expected" / "copies" / "rr1" / "output.txt"
    expected.write_text(expected.read_text())  # unchanged content: not a change
    assert changed(nbe) == set()
    (project / "expected" / "copies" / "rr1" / "python.txt").write_text(expected.read_text())  # untracked
    assert changed(nbe) == {"copies/rr1/python"}
    (project / "expected" / "copies" / "rr1" / "python.txt").unlink()
    language = project / "languages" / "python"
    language.mkdir(parents=True)
    (language / "language.yaml").write_text('entry: main.py\nprobe: ["{python}", "-V"]\nrun: ["{python}", "main.py"]\n')
    assert changed(nbe) == {f"{SEED}/python", "copies/rr0/python", "copies/rr1/python"}


def test_fail_fast_starts_nothing_after_the_first_failure(nbe, project):
    targets = copies(project, 4)
    (project / "expected" / "copies" / "rr0" / "output.txt").write_text("wrong\n")
    run = nbe("run", "copies", "--runtime", "local", "--jobs", "1", "--fail-fast")
    assert run.returncode == 1
    assert f"FAIL    {targets[0]}" in run.stdout
    assert "3 checks not run" in run.stdout
    assert targets[1] not in run.stdout.split("stopped at")[0]


def test_a_pass_after_a_retry_is_flaky_never_a_plain_pass(nbe, project, tmp_path):
    target = add_hostile(project, "flaky_once", expected="ok\n")
    run = nbe("run", target, "--runtime", "local", "--retries", "2", FLAKY_STATE=str(tmp_path / "state"))
    assert run.returncode == 0, run.stdout
    assert f"FLAKY   {target}" in run.stdout
    assert "passed on attempt 2" in run.stdout
    assert "PASS    " not in run.stdout


def test_known_failures_are_xfail_and_an_unexpected_pass_fails_the_gate(nbe, project):
    meta = project / "examples" / SEED / "meta.yaml"
    meta.write_text(meta.read_text() + "languages:\n  python: {xfail: \"a known bug\"}\n")
    run = nbe("run", "--runtime", "local")
    assert run.returncode == 1
    assert f"XPASS   {SEED}/python" in run.stdout and "remove it from meta.yaml" in run.stdout
    (project / "expected" / SEED / "output.txt").write_text("not what it prints\n")
    run = nbe("run", "--runtime", "local")
    assert run.returncode == 0
    assert f"XFAIL   {SEED}/python" in run.stdout and "a known bug" in run.stdout
    meta.write_text(meta.read_text().replace("xfail:", "skip:"))
    run = nbe("run", "--runtime", "local")
    assert run.returncode == 0 and f"SKIP    {SEED}/python" in run.stdout


def test_update_never_touches_targets_that_were_not_selected(nbe, project):
    copies(project, 2)
    for n in (0, 1):
        (project / "expected" / "copies" / f"rr{n}" / "output.txt").write_text("stale\n")
    assert nbe("run", "copies/rr0", "--runtime", "local", "--update").returncode == 0
    assert (project / "expected" / "copies" / "rr1" / "output.txt").read_text() == "stale\n"
    assert (project / "expected" / "copies" / "rr0" / "output.txt").read_text() != "stale\n"


def test_changed_paths_map_to_the_ports_they_affect():
    from conformance.project.selection import _affects
    from conformance.project.ports import Port

    go, py = Port("messaging", "request-reply", "go"), Port("messaging", "request-reply", "python")
    other = Port("jetstream", "kv", "go")
    cases = {
        "examples/messaging/request-reply/go/main.go": {go},
        "examples/messaging/request-reply/go/output.txt": {go},  # a port's own recording is compared
        "examples/messaging/request-reply/go/output.cast": set(),  # --record's: read by no check
        "examples/messaging/request-reply/meta.yaml": {go, py},
        "expected/messaging/request-reply/output.txt": {go, py},
        "expected/messaging/request-reply/go.txt": {go},
        "conformance/languages/go/Dockerfile": {go, other},
        "languages/python/language.yaml": {py},
        "conformance/check/__init__.py": {go, py, other},
        "README.md": set(),
        "expected/messaging/request-reply/go.actual": {go},
        "docker/go/go.mod": {go, other},
        "docker/python/requirements.txt": {py},
        "docker/docker-compose.yaml": {go, py, other},  # the server every port runs against
        "docker/go/docker-compose.yaml": {go, other},
    }
    for path, affected in cases.items():
        assert {p for p in (go, py, other) if _affects(path, p)} == affected, path


def test_progress_is_shown_on_a_terminal_and_not_in_a_pipe(nbe, project):
    copies(project, 2)
    code, seen = nbe.on_a_terminal("run", "--runtime", "local", "--jobs", "2")
    assert code == 0, seen
    assert "] running: " in seen and "\r\x1b[K" in seen
    piped = nbe("run", "--runtime", "local", "--jobs", "2")
    assert "running:" not in piped.stdout and "\x1b" not in piped.stdout


SERIAL_LANGUAGE = """\
entry: main.sh
probe: ["sh", "-c", "echo sh"]
run: ["sh", "main.sh"]
parallel: false
"""
# Holds a directory both ports share for two seconds: a second holder means they overlapped.
SERIAL_PORT = """\
mkdir "$NBE_SERIAL_DIR/held" 2>/dev/null || { echo overlapped; exit 0; }
sleep 2
rmdir "$NBE_SERIAL_DIR/held"
echo alone
"""


def test_a_language_that_is_not_parallel_runs_one_check_at_a_time_and_its_wait_is_not_its_time(
        nbe, project, tmp_path):
    (project / "languages" / "serial").mkdir(parents=True)
    (project / "languages" / "serial" / "language.yaml").write_text(SERIAL_LANGUAGE)
    for name in ("one", "two"):
        (project / "examples" / "serial" / name / "serial").mkdir(parents=True)
        (project / "examples" / "serial" / name / "serial" / "main.sh").write_text(SERIAL_PORT)
        (project / "expected" / "serial" / name).mkdir(parents=True)
        (project / "expected" / "serial" / name / "output.txt").write_text("alone\n")
    shared = tmp_path / "shared"
    shared.mkdir()
    report = tmp_path / "report.json"
    run = nbe("run", "serial", "--runtime", "local", "--jobs", "2", "--json", str(report),
              NBE_SERIAL_DIR=str(shared))
    assert run.returncode == 0, run.stdout + run.stderr
    results = json.loads(report.read_text())["results"]
    assert [r["status"] for r in results] == ["pass", "pass"]
    # Each held the directory for two seconds, one after the other; the one that waited for
    # its turn is not charged for the other's two seconds.
    assert max(r["duration"] for r in results) < 4, results
