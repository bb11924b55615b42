"""`nbe report merge`: combine the JSON reports of several shards into one JSON, JUnit and
Markdown report, as if one job had run the whole tree."""

from __future__ import annotations

import argparse
from pathlib import Path

from conformance.errors import UsageError
from conformance.reports import json_report, writers
from conformance.result import exit_code_for


def main(args: argparse.Namespace) -> int:
    results, runtimes, duration = [], set(), 0.0
    seen: dict[tuple[str, str, str], Path] = {}  # a check: (port, runtime, server version)
    for path in map(Path, args.reports):
        data = json_report.read(path)
        runtimes.add(data["runtime"])
        duration = max(duration, data["duration"])  # shards run side by side
        for item in data["results"]:
            result = json_report.from_dict(item)
            key = (result.target, result.runtime, result.server_version)
            if key in seen:
                raise UsageError(f"{path}: {result.name} ({result.runtime}) is also in {seen[key]}; "
                                 "shards must not overlap")
            seen[key] = path
            results.append(result)
    from conformance.server_versions import axis_order

    results.sort(key=lambda r: (r.target, r.runtime, axis_order(r.server_version)))
    runtime = runtimes.pop() if len(runtimes) == 1 else "+".join(sorted(runtimes))
    writers.write_all(results, runtime=runtime, duration=duration,
                      json_path=Path(args.json) if args.json else None,
                      junit_path=Path(args.junit) if args.junit else None,
                      markdown_path=Path(args.markdown) if args.markdown else None, step_summary=None)
    print(f"merged {len(args.reports)} reports: {len(results)} checks")
    return exit_code_for(results)
