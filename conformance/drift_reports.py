"""Results for `nbe drift --json`: read from nbe's JSON reports (shards, runtimes, server
versions) by the reports' one reader, narrowed to the targets asked for as `nbe run` narrows
the tree's ports."""

from __future__ import annotations

from pathlib import Path

from conformance.errors import UsageError
from conformance.project.ports import Port, _named, checked_name
from conformance.reports.json_report import read_reports
from conformance.result import CheckResult


def read_results(paths: list[Path], targets: list[str]) -> list[CheckResult]:
    results = read_reports(paths).results
    if not results:
        raise UsageError(f"{', '.join(map(str, paths))}: no results to group")
    return _narrowed(results, targets) if targets else results


def _narrowed(results: list[CheckResult], targets: list[str]) -> list[CheckResult]:
    ports = {r.target: _port(r.target) for r in results}
    chosen: set[Port] = set()
    for target in targets:
        checked_name(target)  # a name that could leave the tree is refused as such
        try:
            chosen.update(_named(list(ports.values()), [target]))
        except UsageError:
            raise UsageError(f"target {target!r} matches no result in the reports") from None
    return [r for r in results if ports[r.target] in chosen]


def _port(target: str) -> Port:
    rest, _, language = target.rpartition("/")
    category, _, example = rest.partition("/")
    return Port(category, example, language)
