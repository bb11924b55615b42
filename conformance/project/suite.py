"""The suite at a glance: examples as rows, languages as columns, with the reasons as numbered
notes under the table. Before anything runs, a cell says only what the tree says: the example
has a port in that language (not a verdict), or a client falls short (a `skip` or `xfail` in
meta.yaml, also for a language with no port folder). Given a run's results (`--from
REPORT.json`), a port's cell is its result, or `not run` when the report holds none: a pass is
shown only where a run produced one. `nbe list --matrix` prints it; `--markdown` prints it as
the Markdown table the README shows."""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from conformance.languages import Languages
from conformance.languages.clients import port_language
from conformance.project import Project
from conformance.project.meta import Meta
from conformance.project.ports import Port
from conformance.result import CheckResult, Status

REFERENCE = "python"  # the suite's reference language comes first
PORT = "port"  # a port, and no result says what it does
NOT_RUN = "not run"  # a port the given results hold nothing for
# A port checked several times (runtimes, server versions) shows each status it got, worst first.
WORST_FIRST = [Status.FAIL, Status.ERROR, Status.TIMEOUT, Status.XPASS, Status.FLAKY, Status.XFAIL,
               Status.SKIP, Status.PASS]
MARKDOWN = {PORT: "●", "pass": "✅", "": "—"}  # the Markdown table's symbols for some words


class SuiteMatrix(NamedTuple):
    examples: list[str]
    languages: list[str]
    cells: dict[tuple[str, str], str]  # (example, language) -> "port", "pass", "skip [1]", ...
    notes: list[str]  # "[1] c, os/intro: skip: reason"
    from_results: bool = False  # the cells of ports are results, not just "port"

    def cell(self, example: str, language: str) -> str:
        return self.cells.get((example, language), "")


def suite_matrix(project: Project, ports: list[Port], metas: dict[str, Meta], languages: Languages,
                 only: list[str] | None = None, results: list[CheckResult] | None = None) -> SuiteMatrix:
    """The matrix of `ports`; with `only`, known gaps of those languages alone; with `results`,
    each port's verdict."""
    examples = list(dict.fromkeys(p.example_name for p in ports))
    verdicts = _verdicts(results or [])
    found: dict[tuple[str, str], tuple[str, str]] = {}  # (example, language) -> (word, reason)
    for port in ports:
        cell = _tree_cell(project, port, metas[port.example_name], languages)
        if results is not None:
            cell = verdicts.get(port.name, (NOT_RUN, "") if cell[0] == PORT else cell)
        found[port.example_name, port.language] = cell
    # A known gap may have no folder at all (nothing to port to): it still shows.
    for example in examples:
        for language, known in metas[example].known.items():
            if not only or language in only:
                found.setdefault((example, language), (known.kind, known.reason))
    # The reference first, then the languages with the most of the suite.
    count = Counter(language for _, language in found)
    columns = sorted(count, key=lambda name: (name != REFERENCE, -count[name], name))
    cells, notes = _numbered(examples, columns, found)
    return SuiteMatrix(examples, columns, cells, notes, results is not None)


def _tree_cell(project: Project, port: Port, meta: Meta, languages: Languages) -> tuple[str, str]:
    """What the tree says of a port folder: a known gap, a folder nbe cannot run, or a port."""
    known = meta.known.get(port.language)
    if known:
        return known.kind, known.reason
    definition, why_not = port_language(project.examples / port.name, port.language, languages)
    if definition is None:
        return "cannot run", why_not or "no language definition"
    return PORT, ""


def _verdicts(results: list[CheckResult]) -> dict[str, tuple[str, str]]:
    """target -> (word, reason) of the results for it."""
    by_target: dict[str, list[CheckResult]] = {}
    for result in results:
        by_target.setdefault(result.target, []).append(result)
    return {target: _verdict(checks) for target, checks in by_target.items()}


def _verdict(checks: list[CheckResult]) -> tuple[str, str]:
    """The statuses of one port's checks, worst first, and the worst one's reason (but a pass's);
    with several checks (runtimes, server versions), which one it was."""
    statuses = sorted({c.status for c in checks}, key=WORST_FIRST.index)
    worst = next(c for c in checks if c.status is statuses[0])
    word = "/".join(s.value for s in statuses)
    if worst.status is Status.PASS:
        return word, ""
    if len(checks) == 1:
        return word, worst.reason
    server = f", server {worst.server_version}" if worst.server_version else ""
    return word, f"{worst.reason} ({worst.runtime}{server})"


def _numbered(examples: list[str], columns: list[str], found: dict[tuple[str, str], tuple[str, str]]
              ) -> tuple[dict[tuple[str, str], str], list[str]]:
    """The cells, a cell with a reason pointing at its note; notes are numbered in reading order."""
    cells: dict[tuple[str, str], str] = {}
    notes: list[str] = []
    for example in examples:
        for language in columns:
            if (example, language) not in found:
                continue
            word, reason = found[example, language]
            if reason:
                notes.append(f"[{len(notes) + 1}] {language}, {example}: {word}: {reason}")
                word = f"{word} [{len(notes)}]"
            cells[example, language] = word
    return cells, notes


def legend(table: SuiteMatrix, symbol: dict[str, str]) -> str:
    """What the cells mean, in the symbols of one rendering (e.g. ✅ for a pass in Markdown)."""
    none = symbol.get("", "-")
    if table.from_results:
        return (f"{symbol.get('pass', 'pass')}: a run met the canonical output; another word: the run's "
                f"status (the note says why); {NOT_RUN}: the report has no result; {none}: no port")
    return (f"{symbol.get(PORT, PORT)}: has a port, not a verdict (--from REPORT.json shows a run's); "
            f"skip, xfail: a gap meta.yaml knows of; {none}: no port")


def render_text(table: SuiteMatrix) -> str:
    header = ["example", *table.languages]
    rows = [[example, *(table.cell(example, language) or "-" for language in table.languages)]
            for example in table.examples]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(value.ljust(width) for value, width in zip(row, widths)).rstrip()
             for row in [header, *rows]]
    return "\n".join(lines + ["", legend(table, {})] + table.notes).rstrip() + "\n"


def render_markdown(table: SuiteMatrix) -> str:
    lines = ["| example | " + " | ".join(table.languages) + " |",
             "|---|" + "---|" * len(table.languages)]
    for example in table.examples:
        cells = [_markdown_cell(table.cell(example, language)) for language in table.languages]
        lines.append(f"| `{example}` | " + " | ".join(cells) + " |")
    below = [legend(table, MARKDOWN), *table.notes]
    return "\n".join(lines + [""] + [f"{line}  " for line in below]).rstrip() + "\n"


def _markdown_cell(cell: str) -> str:
    word, space, note = cell.partition(" [")
    return MARKDOWN.get(word, word) + space + note
