"""Results for `nbe drift --json`: read from nbe's JSON reports (shards, runtimes), narrowed to
the targets asked for."""

from __future__ import annotations

from pathlib import Path

from conformance.errors import UsageError
from conformance.reports import json_report
from conformance.result import CheckResult
from conformance.targets import checked_name


def read_results(paths: list[Path], targets: list[str]) -> list[CheckResult]:
    results = []
    seen: dict[tuple[str, str], Path] = {}
    for path in paths:
        for item in json_report.read(path)["results"]:
            key = (item["target"], item["runtime"])
            if key in seen:
                raise UsageError(f"{path}: {item['target']} ({item['runtime']}) is also in {seen[key]}")
            seen[key] = path
            results.append(json_report.from_dict(item))
    if not results:
        raise UsageError(f"{', '.join(map(str, paths))}: no results to group")
    return _named(results, targets) if targets else results


def _named(results: list[CheckResult], targets: list[str]) -> list[CheckResult]:
    chosen: set[str] = set()
    for target in targets:
        name = checked_name(target)
        matched = {r.target for r in results if r.target == name or r.target.startswith(name + "/")}
        if not matched:
            raise UsageError(f"target {target!r} matches no result in the reports")
        chosen |= matched
    return [r for r in results if r.target in chosen]
