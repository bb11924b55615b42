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


# A table of measured figures: a cell that starts with a number and a time unit ("21.6 s",
# "**538 ms**") or a pair of times ("1.2 / 0.1").
_FIGURE_CELL = re.compile(r"^\**\d+(?:\.\d+)?(?: ?(?:ms|s)\b| / \d)")
_SCRIPT = re.compile(r"benchmarks/(\w+\.py)")
_COMMIT = re.compile(r"\bcommits?\s+([0-9a-f]{7,40})\b")
_MACHINE = re.compile(r"\b\d+ cores\b")


def _figure_tables(page: Path) -> list[tuple[int, str]]:
    """Each table of figures on the page: its first line's number, and the text above it back to
    the previous heading or table (where it must say how it was measured)."""
    found, above, table_start, figures = [], [], 0, False
    for number, line in enumerate([*page.read_text().splitlines(), ""], start=1):
        if line.startswith("|"):
            table_start = table_start or number
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            figures = figures or any(_FIGURE_CELL.match(cell) for cell in cells[1:])
            continue
        if table_start:
            if figures:
                found.append((table_start, "\n".join(above)))
            above, table_start, figures = [], 0, False
        above = [] if line.startswith("#") else [*above, line]
    return found


def _known_commit(commit: str) -> bool | None:
    """Whether the commit is in this clone's history; None when there is no full history to ask."""
    shallow = subprocess.run(["git", "rev-parse", "--is-shallow-repository"], cwd=REPO, capture_output=True, text=True)
    if shallow.returncode != 0 or shallow.stdout.strip() != "false":
        return None
    return subprocess.run(["git", "cat-file", "-e", f"{commit}^{{commit}}"], cwd=REPO,
                          capture_output=True).returncode == 0


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.relative_to(REPO).as_posix())
def test_every_table_of_figures_says_its_script_commit_and_machine(page: Path) -> None:
    unsourced = []
    for line, above in _figure_tables(page):
        scripts, commits = _SCRIPT.findall(above), _COMMIT.findall(above)
        if not scripts or not all((REPO / "benchmarks" / script).is_file() for script in scripts):
            unsourced.append(f"line {line}: no script in benchmarks/ that reruns it")
        if not commits or any(_known_commit(commit) is False for commit in commits):
            unsourced.append(f"line {line}: no commit of this history it was measured at")
        if not _MACHINE.search(above):
            unsourced.append(f"line {line}: no machine (its cores)")
    assert not unsourced, f"{page.relative_to(REPO)}: {unsourced}"
