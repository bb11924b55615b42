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
    assert set(data["jobs"]) == {"check", "report"}
    matrix = data["jobs"]["check"]["strategy"]["matrix"]
    assert matrix["runtime"] == ["local", "docker"]
    assert data["jobs"]["report"]["needs"] == "check"


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
