"""The plugin speaks pytest's language: nbe's hints name its flags and its command, and its
flags are `nbe run`'s under its prefix."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import REPO
from conformance.pytest_plugin import AS_IN_NBE_RUN
from conformance.pytest_plugin.checks import in_plugin_words, result_in_plugin_words
from conformance.result import Aspect, CheckResult, Status

PLUGIN = REPO / "conformance" / "pytest_plugin"


@pytest.mark.parametrize(("nbe", "plugin"), [
    ("nbe run a/b/python --update", "pytest --nbe a/b/python --nbe-update"),
    ("(record it: nbe run a/b/go --update --wire)", "(record it: pytest --nbe a/b/go --nbe-update --nbe-wire)"),
    ("nbe run a/b --update (shared), or alone: nbe run a/b/go --update --override",
     "pytest --nbe a/b --nbe-update (shared), or alone: pytest --nbe a/b/go --nbe-update --nbe-override"),
    ("to retry: nbe run a/b/go --retries 2", "to retry: nbe run a/b/go --retries 2"),  # no --nbe-retries
    ("--runtime docker: no engine; use --runtime local", "--nbe-runtime docker: no engine; use --nbe-runtime local"),
    ("pass --image python=REF", "pass --nbe-image python=REF"),
    ("--server-version 2.x: not a version", "--nbe-server-version 2.x: not a version"),
    ("--server-image, --images and nbe clean --images", "--server-image, --images and nbe clean --images"),
    ("nbe run was stopped", "nbe run was stopped"),
])
def test_nbe_words_become_the_plugins(nbe, plugin):
    assert in_plugin_words(nbe) == plugin
    assert in_plugin_words(plugin) == plugin  # the plugin's words stay as they are


def test_a_result_keeps_what_the_port_printed_and_a_logs_own_flags():
    result = CheckResult(target="a/b/python", runtime="local", status=Status.FAIL, duration=0.1,
                         reason="differs; nbe run a/b/python --update", accept="nbe run a/b/python --update",
                         notes=("ran with --timeout 5",), stdout="--update\n", stderr_tail="--timeout",
                         diff="+--runtime\n", details="pip --timeout 60\nthen: nbe run a/b/python --update",
                         aspects=(Aspect("wire", Status.SKIP, "record it: nbe run a/b/python --update --wire"),))
    words = result_in_plugin_words(result)
    assert words.reason == "differs; pytest --nbe a/b/python --nbe-update"
    assert words.accept == "pytest --nbe a/b/python --nbe-update"
    assert words.notes == ("ran with --nbe-timeout 5",)
    assert words.details == "pip --timeout 60\nthen: pytest --nbe a/b/python --nbe-update"
    assert words.aspects[0].reason == "record it: pytest --nbe a/b/python --nbe-update --nbe-wire"
    assert (words.stdout, words.stderr_tail, words.diff) == (result.stdout, result.stderr_tail, result.diff)


def test_the_plugins_flags_are_nbe_runs_under_its_prefix():
    source = "\n".join(path.read_text() for path in PLUGIN.glob("*.py"))
    registered = set(re.findall(r"addoption\(\s*\"--nbe-([a-z-]+)\"", source))
    assert registered == set(AS_IN_NBE_RUN)
    shown = "".join(subprocess.run([sys.executable, "-m", "conformance", *command, "--help"], capture_output=True,
                                   text=True, check=True, cwd=REPO).stdout for command in ([], ["run"]))
    assert {f"--{name}" for name in AS_IN_NBE_RUN} <= set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", shown))
