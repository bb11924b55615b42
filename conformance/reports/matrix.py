"""The matrix every report shows: examples as rows, languages as columns. When the results
come from more than one runtime, each language gets a column per runtime, and with a server
matrix a column per server version, so one result never hides another."""

from __future__ import annotations

from typing import NamedTuple

from conformance.result import CheckResult


class Column(NamedTuple):
    language: str
    runtime: str
    label: str
    server: int = 0  # its place on the server axis, so versions keep the order they were asked in


class Matrix(NamedTuple):
    examples: list[str]
    columns: list[Column]
    cells: dict[tuple[str, Column], CheckResult]

    def cell(self, example: str, column: Column) -> CheckResult | None:
        return self.cells.get((example, column))


def matrix(results: list[CheckResult]) -> Matrix:
    runtimes = sorted({r.runtime for r in results})
    several = len(runtimes) > 1
    servers = list(dict.fromkeys(r.server_version for r in results))  # in the order asked for
    by_server = len(servers) > 1 or servers != [""]

    def column(result: CheckResult) -> Column:
        label = f"{result.language} ({result.runtime})" if several else result.language
        if by_server:
            label += f" @{result.server_version or 'default'}"
        return Column(result.language, result.runtime if several else "", label, servers.index(result.server_version))

    cells = {(r.example, column(r)): r for r in results}
    columns = sorted({col for _, col in cells}, key=lambda c: (c.language, c.runtime, c.server))
    examples = list(dict.fromkeys(r.example for r in results))  # the results' (tree) order
    return Matrix(examples, columns, cells)
