"""The suite at a glance, before anything runs: examples as rows, languages as columns, and in
each cell whether the example has a port in that language, and where a client falls short (a
`skip` or `xfail` in meta.yaml, also for a language with no port folder), with the reasons as
numbered notes under the table. `nbe list --matrix` prints it; `--markdown` prints it as the
Markdown table the README shows."""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from conformance.clients import port_language
from conformance.language import Languages
from conformance.meta import Meta
from conformance.project import Project
from conformance.targets import Port

REFERENCE = "python"  # the suite's reference language comes first


class SuiteMatrix(NamedTuple):
    examples: list[str]
    languages: list[str]
    cells: dict[tuple[str, str], str]  # (example, language) -> "port", "skip [1]", ...
    notes: list[str]  # "[1] c, os/intro: skip: reason"

    def cell(self, example: str, language: str) -> str:
        return self.cells.get((example, language), "")


def suite_matrix(project: Project, ports: list[Port], metas: dict[str, Meta], languages: Languages,
                 only: list[str] | None = None) -> SuiteMatrix:
    """The matrix of `ports`; with `only`, known gaps of those languages alone."""
    examples = list(dict.fromkeys(p.example_name for p in ports))
    found: dict[tuple[str, str], tuple[str, str]] = {}  # (example, language) -> (word, reason)
    for port in ports:
        example, language = port.example_name, port.language
        known = metas[example].known.get(language)
        definition, why_not = port_language(project.examples / port.name, language, languages)
        if known:
            found[example, language] = (known.kind, known.reason)
        elif definition is None:
            found[example, language] = ("cannot run", why_not or "no language definition")
        else:
            found[example, language] = ("port", "")
    # A known gap may have no folder at all (nothing to port to): it still shows.
    for example in examples:
        for language, known in metas[example].known.items():
            if not only or language in only:
                found.setdefault((example, language), (known.kind, known.reason))
    # The reference first, then the languages with the most of the suite.
    count = Counter(language for _, language in found)
    columns = sorted(count, key=lambda name: (name != REFERENCE, -count[name], name))
    # Notes are numbered in reading order: row by row, left to right.
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
    return SuiteMatrix(examples, columns, cells, notes)


def render_text(table: SuiteMatrix) -> str:
    header = ["example", *table.languages]
    rows = [[example, *(table.cell(example, language) or "-" for language in table.languages)]
            for example in table.examples]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(value.ljust(width) for value, width in zip(row, widths)).rstrip()
             for row in [header, *rows]]
    return "\n".join(lines + [""] + table.notes).rstrip() + "\n"


def render_markdown(table: SuiteMatrix) -> str:
    symbol = {"port": "✅"}
    lines = ["| example | " + " | ".join(table.languages) + " |",
             "|---|" + "---|" * len(table.languages)]
    for example in table.examples:
        cells = [symbol.get(table.cell(example, language), table.cell(example, language)) or "—"
                 for language in table.languages]
        lines.append(f"| `{example}` | " + " | ".join(cells) + " |")
    return "\n".join(lines + [""] + [f"{note}  " for note in table.notes]).rstrip() + "\n"
