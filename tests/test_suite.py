"""The whole suite in every language: each port of each suite example, run through nbe, meets
its example's canonical output; a client's gap is only what meta.yaml says (`xfail` or `skip`,
with its reason), nothing else skips.

The local runtime runs every port. The Docker runtime runs every port of DOCKER_EXAMPLES (plus,
in test_suite_python.py, the Python port of every example): the full Docker matrix does not fit
CI's time on a fresh machine, where each port image is built cold. NBE_SUITE_DOCKER=all runs the
full Docker matrix here too (the workflow always does).

Each runtime is one `nbe run --jobs 2` over the suite (as a user runs it), with `--wire` (and,
locally, `--state`): a port passes only when what it did on its server meets its example's wire
and state files too. Each port is then its own test item, reading its verdict from the JSON report."""

from __future__ import annotations

import json
import os
import shutil
import uuid
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, SUITE, Nbe, marked_processes, snapshot
from conformance.project.meta import load_meta
from port_check import require_docker, stand_in_image

DOCKER_EXAMPLES = ["messaging/pub-sub", "kv/intro"]


def _expected_statuses() -> dict[str, str]:
    """target -> the status it must have: pass, or the kind of its known gap in meta.yaml."""
    expected = {}
    for example in SUITE:
        folder = REPO / "examples" / example
        known = load_meta(folder / "meta.yaml", f"examples/{example}/meta.yaml").known
        for port in sorted(p for p in folder.iterdir() if p.is_dir()):
            gap = known.get(port.name)
            expected[f"{example}/{port.name}"] = gap.kind if gap else "pass"
    return expected


EXPECTED = _expected_statuses()
DOCKER_TARGETS = [t for t in EXPECTED if os.environ.get("NBE_SUITE_DOCKER") == "all"
                  or any(t.startswith(f"{example}/") for example in DOCKER_EXAMPLES)]


def _run_suite(tmp_path_factory: pytest.TempPathFactory, nbe_cache: Path, runtime: str,
               examples: list[str], *extra: str) -> dict[str, dict[str, Any]]:
    """One nbe run over `examples` in a copy of the project; target -> its JSON result."""
    base = tmp_path_factory.mktemp(f"suite-{runtime}")
    root = base / "project"
    ignore = shutil.ignore_patterns(".nbe", "node_modules", "target", "__pycache__")
    shutil.copytree(REPO / "examples", root / "examples", ignore=ignore)
    shutil.copytree(REPO / "expected", root / "expected")
    (base / "tmp").mkdir()
    nbe = Nbe(root, base / "tmp", uuid.uuid4().hex, nbe_cache)
    before = snapshot(root)
    report = base / "report.json"
    run = nbe("run", *examples, "--runtime", runtime, "--jobs", "2", "--json", str(report), *extra,
              timeout=3600)
    leftovers = nbe.leftovers()
    for pid, _ in marked_processes(nbe.marker):
        os.kill(pid, 9)
    assert not leftovers, f"nbe left things behind: {leftovers}"
    assert snapshot(root) == before, "a run without --update changed an expected file"
    assert report.exists(), run.stdout + run.stderr
    results = {r["target"]: r for r in json.loads(report.read_text())["results"]}
    results["<console>"] = {"stdout": run.stdout, "returncode": run.returncode}
    return results


@pytest.fixture(scope="module")
def local_results(tmp_path_factory: pytest.TempPathFactory, nbe_cache: Path) -> dict[str, dict[str, Any]]:
    return _run_suite(tmp_path_factory, nbe_cache, "local", SUITE, "--wire", "--state")


@pytest.fixture(scope="module")
def docker_results(tmp_path_factory: pytest.TempPathFactory, nbe_cache: Path) -> dict[str, dict[str, Any]]:
    languages = sorted({t.rsplit("/", 1)[1] for t in DOCKER_TARGETS})
    for language in languages:
        require_docker(language)
    images = [arg for language in languages for arg in ("--image", f"{language}={stand_in_image(language)}")]
    examples = sorted({t.rsplit("/", 1)[0] for t in DOCKER_TARGETS})
    return _run_suite(tmp_path_factory, nbe_cache, "docker", examples, "--wire", *images)


def _verdict(results: dict[str, dict[str, Any]], target: str) -> None:
    assert target in results, f"{target} got no verdict:\n{results['<console>']['stdout']}"
    result = results[target]
    want = EXPECTED[target]
    aspect_diffs = "".join(aspect.get("diff") or "" for aspect in result.get("aspects", {}).values())
    shown = (f"{target}: {result['status']} ({result.get('reason')})\n"
             f"{result.get('diff') or result.get('details') or aspect_diffs}{result.get('stderr_tail') or ''}")
    assert result["status"] == want, shown
    if want == "pass":
        # A port meets the canonical output as it is: no rule or mask stands in for a fix.
        assert not result.get("rules_fired"), shown
        # ... and its example's wire and state files (each difference a named rule there): every
        # aspect the run asked for was checked, none skipped for want of a file
        for name, aspect in result["aspects"].items():
            skipped_by_runtime = aspect["status"] == "skip" and "runtime takes no snapshot" in aspect["reason"]
            assert aspect["status"] == "pass" or skipped_by_runtime, (
                f"{target}: {name}: {aspect['status']} ({aspect['reason']})\n{aspect.get('diff') or ''}")


@pytest.mark.parametrize("target", list(EXPECTED))
def test_every_port_meets_its_example_locally(local_results, target: str) -> None:
    _verdict(local_results, target)


@pytest.mark.parametrize("target", DOCKER_TARGETS)
def test_ports_meet_their_example_in_docker(docker_results, target: str) -> None:
    _verdict(docker_results, target)


def test_every_language_has_a_port_or_a_reason_for_each_example() -> None:
    """The suite is complete: each language the seed is written in has a port of every suite
    example, or meta.yaml says why not."""
    languages = {"python", "go", "javascript", "rust", "java", "c", "cli", "deno"}
    missing = []
    for example in SUITE:
        folder = REPO / "examples" / example
        known = load_meta(folder / "meta.yaml", example).known
        missing += [f"{example}/{language}" for language in sorted(languages)
                    if not (folder / language).is_dir() and language not in known]
    assert not missing, f"no port and no reason in meta.yaml: {missing}"
