"""The documentation keeps up with the code: every flag of every command's --help (and of the
pytest plugin) is documented somewhere in README.md or docs/, and every link between the pages
leads to a page and a heading that exist."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
COMMANDS = [["run"], ["list"], ["new"], ["doctor"], ["report", "merge"], ["report", "html"], ["drift"], ["clean"], []]
_FLAG = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")
_LINK = re.compile(r"\]\(([^)\s]+)\)")


def _documented() -> str:
    return "\n".join(page.read_text() for page in PAGES)


def _flags_of(command: list[str]) -> set[str]:
    shown = subprocess.run([sys.executable, "-m", "conformance", *command, "--help"], capture_output=True,
                           text=True, check=True, cwd=REPO).stdout
    return set(_FLAG.findall(shown)) - {"--help"}


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: " ".join(command) or "nbe")
def test_every_flag_of_a_commands_help_is_documented(command: list[str]) -> None:
    documented = set(_FLAG.findall(_documented()))
    missing = sorted(_flags_of(command) - documented)
    assert not missing, f"nbe {' '.join(command)} --help has flags no page documents: {missing}"


def test_every_flag_of_the_pytest_plugin_is_documented() -> None:
    source = "\n".join(path.read_text() for path in (REPO / "conformance" / "pytest_plugin").glob("*.py"))
    flags = set(re.findall(r"[\"'](--nbe[a-z0-9-]*)[\"']", source))
    assert flags, "the plugin's flags were not found"
    missing = sorted(flags - set(_FLAG.findall(_documented())))
    assert not missing, f"pytest flags no page documents: {missing}"


def _anchors(page: Path) -> set[str]:
    """GitHub's anchors of a page's headings: lower case, punctuation but `-` and `_` dropped,
    spaces as `-`."""
    headings = re.findall(r"^#+ (.+)$", page.read_text(), re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-") for heading in headings}


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.relative_to(REPO).as_posix())
def test_every_link_between_the_pages_leads_somewhere(page: Path) -> None:
    broken = []
    for target in _LINK.findall(page.read_text()):
        if re.match(r"[a-z]+:", target):
            continue  # a link out of the project: not checked here
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        if not linked.exists():
            broken.append(f"{target}: no {path}")
        elif anchor and linked.suffix == ".md" and anchor not in _anchors(linked):
            broken.append(f"{target}: no heading #{anchor} in {linked.relative_to(REPO)}")
    assert not broken, f"{page.relative_to(REPO)}: {broken}"
