"""--shard K/N balanced: by the durations of the last run (nbe's history), the longest first,
each to the shard with the least time so far; with no history, each language's checks dealt
round the shards. Every check in exactly one shard; the same history, the same split; a sharded
run leaves the history as it found it, so the shards of one split all read the same one."""

from __future__ import annotations

import json
import marshal
import subprocess
import sys
from collections import Counter

import pytest

from conformance.check import history
from conformance.languages import Languages
from conformance.project import find_project
from conformance.project.selection import FIRST_RUN_SECONDS, estimates, select
from conformance.reports import json_report
from conformance.result import CheckResult, Status
from conftest import REPO
from test_gate import copies


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An nbe cache of this test's own."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("NBE_CACHE_DIR", str(folder))
    return folder


def split(n: int) -> list[list]:
    """This repository's own tree (every language), in N shards."""
    project = find_project(str(REPO))
    languages = Languages(project.root)
    return [select(project, languages, [], shard_of=f"{k}/{n}", shard_durations=history.durations)[0] for k in range(1, n + 1)]


def test_with_no_history_each_language_is_dealt_round_the_shards(cache):
    shards = split(4)
    names = [check.name for shard in shards for check in shard]
    assert len(names) == len(set(names)) == len(select(find_project(str(REPO)), Languages(REPO), [])[0])
    counts = [Counter(check.port.language for check in shard) for shard in shards]
    for language in set().union(*counts):
        per_shard = [count[language] for count in counts]
        assert max(per_shard) - min(per_shard) <= 1, (language, per_shard)  # not 7 of the 10 Rust ports in one


def test_with_history_the_longest_checks_go_to_different_shards(cache):
    ordered = sorted(check.name for shard in split(4) for check in shard)
    # the checks that every 4th by name would put in one shard take long; the others a second
    durations = {name: (100.0 if index % 4 == 0 and index < 16 else 1.0) for index, name in enumerate(ordered)}
    cache.mkdir(exist_ok=True)
    (cache / history.FILE).write_bytes(marshal.dumps(durations))
    shards = split(4)
    sums = [sum(durations[c.name] for c in shard) for shard in shards]
    assert [sum(durations[c.name] == 100.0 for c in shard) for shard in shards] == [1, 1, 1, 1]
    assert max(sums) - min(sums) <= 1.0, sums
    assert sorted(c.name for shard in shards for c in shard) == ordered  # each check once
    assert [[c.name for c in shard] for shard in split(4)] == [[c.name for c in shard] for shard in shards]


def test_a_check_never_timed_costs_its_languages_mean_else_its_languages_first_run(cache):
    project = find_project(str(REPO))
    checks = [c for c in select(project, Languages(project.root), ["messaging/request-reply"])[0]
              if c.port.language in ("python", "go", "rust")]
    by_language = {c.port.language: c.name for c in checks}
    known = {by_language["python"]: 3.0, by_language["go"]: 7.0}
    others = [c for c in select(project, Languages(project.root), ["messaging/pub-sub"])[0]
              if c.port.language in ("python", "go", "rust")]
    cost = estimates(checks + others, {**known, **{c.name: 5.0 for c in others if c.port.language == "python"}})
    pub_sub = {c.port.language: c.name for c in others}
    assert cost[by_language["python"]] == 3.0  # its own time
    assert cost[pub_sub["go"]] == 7.0  # the mean of its language's timed checks
    assert cost[by_language["rust"]] == cost[pub_sub["rust"]] == FIRST_RUN_SECONDS["rust"]  # none timed


def test_a_sharded_run_leaves_the_history_alone_so_every_shard_of_a_split_reads_the_same(nbe, project, tmp_path):
    copies(project, 5)
    assert nbe("run", "--runtime", "local", "--jobs", "2").returncode == 0  # a full run: the history learns
    remembered = (nbe.cache / history.FILE).read_bytes()
    seen: list[str] = []
    for k in (1, 2, 3):
        report = tmp_path / f"shard{k}.json"
        run = nbe("run", "--runtime", "local", "--jobs", "2", "--shard", f"{k}/3", "--json", str(report))
        assert run.returncode == 0, run.stdout + run.stderr
        seen += [r["target"] for r in json.loads(report.read_text())["results"]]
        assert (nbe.cache / history.FILE).read_bytes() == remembered, f"shard {k}/3 changed the history"
    assert sorted(seen) == sorted({f"copies/rr{n}/python" for n in range(5)} | {"messaging/request-reply/python"})


def fake(target: str, runtime: str, duration: float) -> CheckResult:
    return CheckResult(target=target, runtime=runtime, status=Status.PASS, reason="", duration=duration)


def test_a_reports_durations_are_recorded_for_the_next_split(cache, tmp_path):
    report = tmp_path / "merged.json"
    results = [fake("a/b/go", "local", 2.0), fake("a/b/go", "docker", 9.5), fake("a/b/rust", "local", 30.0)]
    json_report.write(report, json_report.envelope(results, runtime="docker+local", duration=40.0))
    done = subprocess.run([sys.executable, "-m", "conformance.check.history", "record", str(report)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert history.durations() == {"a/b/go": 9.5, "a/b/rust": 30.0}  # a check on two runtimes: its longest
    (tmp_path / "bad.json").write_text("{}")
    refused = subprocess.run([sys.executable, "-m", "conformance.check.history", "record", str(tmp_path / "bad.json")],
                             capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2 and "not an nbe JSON report" in refused.stderr
