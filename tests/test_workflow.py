"""The GitHub workflow shipped for users cannot run here; it is checked for what can be:
valid YAML, the shape GitHub needs, and every nbe command and flag it uses exists."""

from __future__ import annotations

import re
import shlex

import pytest
import yaml

from conformance.cli import build_parser
from conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "conformance.yml"


def nbe_commands() -> list[list[str]]:
    """Every `nbe ...` command in the workflow's run steps, GitHub expressions filled in."""
    data = yaml.safe_load(WORKFLOW.read_text())
    commands = []
    for job in data["jobs"].values():
        for step in job["steps"]:
            script = re.sub(r"\$\{\{[^}]*\}\}", _sample_value, step.get("run", ""))
            script = script.replace("$CHANGED", "--changed-since HEAD~1")
            for line in re.split(r"\n(?!\s)|&&|\|\||;", script.replace(">\n", "")):
                words = shlex.split(line.replace("\n", " "), comments=True)
                if words[:1] == ["nbe"]:
                    commands.append(words[1:])
    return commands


def _sample_value(expression: re.Match[str]) -> str:
    """A value GitHub could put where the expression stands."""
    return "docker" if "runtime" in expression.group() else "1"


def test_the_workflow_is_valid_and_has_its_jobs():
    data = yaml.safe_load(WORKFLOW.read_text())
    assert set(data["jobs"]) == {"plan", "check", "report"}
    matrix = data["jobs"]["check"]["strategy"]["matrix"]
    assert matrix["runtime"] == ["local", "docker"]
    assert data["jobs"]["report"]["needs"] == ["plan", "check"]


def test_it_runs_the_gate_merges_reports_and_checks_the_toolchains():
    verbs = [words[0] for words in nbe_commands()]
    assert verbs.count("run") == 1 and "report" in verbs and "doctor" in verbs


@pytest.mark.parametrize("words", nbe_commands(), ids=lambda words: " ".join(words[:2]))
def test_every_nbe_flag_it_uses_exists(words):
    try:
        build_parser().parse_args(words)
    except SystemExit as exc:
        pytest.fail(f"nbe {' '.join(words)}: argparse refused it (exit {exc.code})")


def _version(text: str) -> tuple[int, ...]:
    """(1, 26) for "1.26" and "1.26.0" alike: setup-go's "1.26" is the newest 1.26.x."""
    parts = [int(part) for part in re.findall(r"\d+", text)[:3]]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def installed_versions() -> dict[str, tuple[int, ...]]:
    """What the workflow's check job sets up: setup-* actions and the rustup step."""
    keys = {"actions/setup-go": "go-version", "actions/setup-node": "node-version",
            "actions/setup-java": "java-version", "actions/setup-python": "python-version"}
    found = {}
    for step in yaml.safe_load(WORKFLOW.read_text())["jobs"]["check"]["steps"]:
        action = step.get("uses", "").split("@")[0]
        if action in keys:
            found[action.split("-")[1]] = _version(str(step["with"][keys[action]]))
        rustup = re.search(r"rustup default (\S+)", step.get("run", ""))
        if rustup:
            found["rust"] = _version(rustup.group(1))
    return found


def required_versions() -> dict[str, tuple[str, tuple[int, ...]]]:
    """The highest version each toolchain must have, and which file asks for it: the ports'
    manifests (go.mod, pom.xml), the language definitions' install hints, pyproject.toml."""
    required: dict[str, tuple[str, tuple[int, ...]]] = {}

    def need(tool: str, version: tuple[int, ...], source: str) -> None:
        if version > required.get(tool, ("", ()))[1]:
            required[tool] = (source, version)

    manifests = [*REPO.glob("examples/**/*"), *REPO.glob("conformance/languages/*/template/**/*")]
    for path in manifests:
        source = str(path.relative_to(REPO))
        if path.name == "go.mod":
            need("go", _version(re.search(r"^go (\S+)", path.read_text(), re.M).group(1)), source)
        elif path.name == "pom.xml":
            need("java", _version(re.search(r"<maven.compiler.release>(\d+)<", path.read_text()).group(1)), source)
    hints = {"go": r"Go (\d+\.\d+)", "node": r"Node\.js (\d+)", "rust": r"Rust (\d+\.\d+)", "java": r"JDK (\d+)"}
    for definition in REPO.glob("conformance/languages/*/language.yaml"):
        install = yaml.safe_load(definition.read_text()).get("install", "")
        for tool, pattern in hints.items():
            found = re.search(pattern, install)
            if found:
                need(tool, _version(found.group(1)), str(definition.relative_to(REPO)))
    python = re.search(r'requires-python = ">=([\d.]+)"', (REPO / "pyproject.toml").read_text())
    need("python", _version(python.group(1)), "pyproject.toml")
    return required


def test_the_workflow_installs_toolchains_that_satisfy_the_ports_and_languages():
    installed = installed_versions()
    required = required_versions()
    assert set(required) >= {"go", "node", "rust", "java", "python"}
    for tool, (source, version) in required.items():
        assert tool in installed, f"the workflow installs no {tool}, which {source} needs"
        assert installed[tool] >= version, (
            f"the workflow installs {tool} {installed[tool]}, but {source} needs {version}")


def job_steps(job: str) -> list[dict]:
    return yaml.safe_load(WORKFLOW.read_text())["jobs"][job]["steps"]


def steps_using(job: str, action: str) -> list[dict]:
    return [step for step in job_steps(job) if step.get("uses", "").split("@")[0] == action]


def _glob_regex(pattern: str) -> re.Pattern[str]:
    """A path pattern of actions/upload-artifact (@actions/glob) as a regex over a path relative
    to the workspace; a pattern that names a folder takes everything under it."""
    out = ""
    for part in pattern.strip("/").split("/"):
        if part == "**":
            out += "(?:[^/]+/)*"
            continue
        out += "".join("[^/]*" if c == "*" else "[^/]" if c == "?" else re.escape(c) for c in part) + "/"
    return re.compile(out.rstrip("/") + "(?:/.*)?")


def uploaded(path: str, step: dict) -> bool:
    """Whether the upload step takes the file: a pattern matches it, and a file under a hidden
    folder (or itself hidden) is taken only with include-hidden-files."""
    patterns = [line.strip() for line in step["with"]["path"].splitlines() if line.strip()]
    hidden = any(part.startswith(".") for part in path.split("/"))
    if hidden and step["with"].get("include-hidden-files") is not True:
        return False
    return any(_glob_regex(p).fullmatch(path) for p in patterns if not p.startswith("!"))


def actual_outputs(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.actual"))


def test_the_actual_outputs_of_failing_ports_reach_the_artifact_in_both_layouts(nbe, project, tmp_path):
    import dataclasses
    import shutil

    upload = next(step for step in steps_using("check", "actions/upload-artifact"))
    # nbe's layout: the actual output beside the expected file
    (project / "expected" / "messaging" / "request-reply" / "output.txt").write_text("something else\n")
    assert nbe("run", "messaging/request-reply/python", "--runtime", "local").returncode == 1
    # NATS by Example's layout: the port compared with its own recording, the actual output under .nbe/
    upstream = tmp_path / "upstream"
    shutil.copytree(REPO / "tests" / "fixtures" / "upstream", upstream)
    (upstream / "examples" / "messaging" / "request-reply" / "python" / "output.txt").write_text("something else\n")
    run = dataclasses.replace(nbe, root=upstream)("run", "messaging/request-reply/python", "--runtime", "local",
                                                  timeout=600)
    assert run.returncode == 1, run.stdout + run.stderr
    written = {"nbe's layout": actual_outputs(project), "upstream's layout": actual_outputs(upstream)}
    assert written == {"nbe's layout": ["expected/messaging/request-reply/python.actual"],
                       "upstream's layout": [".nbe/actual/messaging/request-reply/python.actual"]}
    for layout, paths in written.items():
        for path in paths:
            assert uploaded(path, upload), f"{layout}: {path} is not in the uploaded artifact"


def test_a_new_push_to_a_pull_request_cancels_the_run_of_the_previous_one_but_main_runs_all():
    concurrency = yaml.safe_load(WORKFLOW.read_text())["concurrency"]
    assert concurrency["cancel-in-progress"] is True
    group = concurrency["group"]
    # one group per pull request; a push's group is its own run's, so nothing cancels a run on main
    assert "github.event.pull_request.number" in group and "github.event_name == 'pull_request'" in group
    assert "github.run_id" in group and "github.ref" not in group


LOCKFILE_NAMES = {"go.sum", "Cargo.lock", "Cargo.toml", "package-lock.json", "deno.lock", "requirements.txt",
                  "pom.xml", "build.gradle", "shard.lock", "mix.lock"}


def test_pip_and_nbe_caches_are_keyed_by_the_lockfiles():
    for job in ("check", "report"):
        python = steps_using(job, "actions/setup-python")[0]["with"]
        assert python.get("cache") == "pip" and "pyproject.toml" in python.get("cache-dependency-path", ""), job
    steps = job_steps("check")
    (cache,) = steps_using("check", "actions/cache")
    assert "~/.cache/nbe" in cache["with"]["path"].split()
    key = cache["with"]["key"]
    hashed = re.search(r"hashFiles\(([^)]*)\)", key)
    assert hashed, key
    patterns = [p.strip().strip("'") for p in hashed.group(1).split(",")]
    assert "pyproject.toml" in patterns
    # every lockfile of the ports, in either layout, is in the key
    trees = [REPO / "examples", REPO / "tests" / "fixtures" / "upstream"]
    found = {p.name for tree in trees for p in tree.rglob("*") if p.name in LOCKFILE_NAMES or p.suffix == ".csproj"}
    assert found >= {"go.sum", "Cargo.lock", "package-lock.json", "requirements.txt", "pom.xml", "build.gradle"}
    for name in found:
        assert any(_glob_regex(pattern).fullmatch(f"examples/a/b/c/{name}") for pattern in patterns), name
    # each runtime and shard builds its own ports, so each keeps its own cache
    assert "matrix.runtime" in key and "matrix.shard" in key
    run_step = next(index for index, step in enumerate(steps) if "nbe run" in step.get("run", ""))
    assert steps.index(cache) < run_step


def test_every_shard_of_a_run_splits_by_the_same_durations_and_the_run_records_its_own():
    data = yaml.safe_load(WORKFLOW.read_text())
    assert data["jobs"]["check"]["needs"] == "plan"
    (plan,) = steps_using("plan", "actions/cache/restore")
    history = plan["with"]["path"]
    assert history == "~/.cache/nbe/durations.marshal" and plan["with"]["lookup-only"] is True
    assert data["jobs"]["plan"]["outputs"]["durations"] == "${{ steps.%s.outputs.cache-matched-key }}" % plan["id"]
    # the check jobs: the durations not from their own cache but the plan's exact key, one for all
    (cache,) = steps_using("check", "actions/cache")
    assert f"!{history}" in cache["with"]["path"].split()
    (durations,) = steps_using("check", "actions/cache/restore")
    assert durations["with"]["path"] == history
    assert durations["with"]["key"] == "${{ needs.plan.outputs.durations }}"
    assert durations["with"]["fail-on-cache-miss"] is True and "restore-keys" not in durations["with"]
    # the report job: the merged report's durations recorded and saved where the plan looks next time
    report = data["jobs"]["report"]
    assert "plan" in report["needs"]
    assert any("python -m conformance.check.history record nbe-report.json" in step.get("run", "")
               for step in report["steps"])
    (saved,) = steps_using("report", "actions/cache/save")
    assert saved["with"]["path"] == history
    assert saved["with"]["key"].startswith(plan["with"]["restore-keys"])


def test_every_python_module_it_runs_exists():
    import importlib.util

    modules = [m for job in yaml.safe_load(WORKFLOW.read_text())["jobs"].values() for step in job["steps"]
               for m in re.findall(r"python -m ([\w.]+)", step.get("run", ""))]
    assert modules
    for module in modules:
        assert importlib.util.find_spec(module) is not None, module
