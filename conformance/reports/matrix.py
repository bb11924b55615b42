"""The matrix every report shows: examples as rows, languages as columns. When the results
come from more than one runtime, each language gets a column per runtime, so one runtime's
result never hides another's."""

from __future__ import annotations

from typing import NamedTuple

from conformance.result import CheckResult


class Column(NamedTuple):
    language: str
    runtime: str
    label: str


class Matrix(NamedTuple):
    examples: list[str]
    columns: list[Column]
    cells: dict[tuple[str, Column], CheckResult]

    def cell(self, example: str, column: Column) -> CheckResult | None:
        return self.cells.get((example, column))


def matrix(results: list[CheckResult]) -> Matrix:
    runtimes = sorted({r.runtime for r in results})
    several = len(runtimes) > 1

    def column(result: CheckResult) -> Column:
        label = f"{result.language} ({result.runtime})" if several else result.language
        return Column(result.language, result.runtime if several else "", label)

    cells = {(r.example, column(r)): r for r in results}
    columns = sorted({col for _, col in cells})
    examples = list(dict.fromkeys(r.example for r in results))  # the results' (tree) order
    return Matrix(examples, columns, cells)
