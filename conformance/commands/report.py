"""`nbe report merge`: combine the JSON reports of several shards into one JSON, JUnit and
Markdown report, as if one job had run the whole tree. `nbe report html`: the conformance page
of one or more JSON reports (shards are combined as merge combines them)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from conformance.errors import UsageError
from conformance.reports import json_report, writers
from conformance.result import CheckResult, exit_code_for


def main(args: argparse.Namespace) -> int:
    if args.report_command == "html":
        return _html(args)
    results, runtime, duration = read_reports([Path(p) for p in args.reports])
    writers.write_all(results, runtime=runtime, duration=duration,
                      json_path=Path(args.json) if args.json else None,
                      junit_path=Path(args.junit) if args.junit else None,
                      markdown_path=Path(args.markdown) if args.markdown else None, step_summary=None)
    print(f"merged {len(args.reports)} reports: {len(results)} checks")
    return exit_code_for(results)


def _html(args: argparse.Namespace) -> int:
    """Exit 0 once the page is written, whatever the checks' statuses: the page is a view of a
    verdict that `nbe run` (or `nbe report merge`) already gave."""
    results, runtime, duration = read_reports([Path(p) for p in args.reports])
    output = Path(args.output)
    writers.write_all(results, runtime=runtime, duration=duration, json_path=None, junit_path=None,
                      markdown_path=None, step_summary=None, html_path=output, root=args.root)
    print(f"wrote {output}: {len(results)} checks from {len(args.reports)} "
          f"report{'' if len(args.reports) == 1 else 's'}")
    return 0


def read_reports(paths: list[Path]) -> tuple[list[CheckResult], str, float]:
    """The results of nbe JSON reports, in tree order, with their runtime and duration as one
    run's; UsageError naming the file for a report that is not one, or that overlaps another."""
    results, runtimes, duration = [], set(), 0.0
    seen: dict[tuple[str, str, str], Path] = {}  # a check: (port, runtime, server version)
    for path in paths:
        data = json_report.read(path)
        if not isinstance(data.get("results"), list) or not isinstance(data.get("duration"), (int, float)):
            raise UsageError(f"{path}: an nbe JSON report without its \"results\" list or \"duration\"")
        runtimes.add(str(data.get("runtime", "")))
        duration = max(duration, data["duration"])  # shards run side by side
        for item in data["results"]:
            result = _result(path, item)
            key = (result.target, result.runtime, result.server_version)
            if key in seen:
                raise UsageError(f"{path}: {result.name} ({result.runtime}) is also in {seen[key]}; "
                                 "shards must not overlap")
            seen[key] = path
            results.append(result)
    from conformance.server_versions import axis_order

    results.sort(key=lambda r: (r.target, r.runtime, axis_order(r.server_version)))
    runtime = runtimes.pop() if len(runtimes) == 1 else "+".join(sorted(runtimes))
    return results, runtime, duration


def _result(path: Path, item: Any) -> CheckResult:
    """One result of a report; a result that lacks a key or holds a wrong value names its file."""
    try:
        return json_report.from_dict(item)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        raise UsageError(f"{path}: a result nbe cannot read ({type(exc).__name__}: {exc})") from None
