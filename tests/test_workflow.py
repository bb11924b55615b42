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
