"""`nbe report merge`: combine the JSON reports of several shards into one JSON, JUnit and
Markdown report, as if one job had run the whole tree. `nbe report html`: the conformance page
of one or more JSON reports (shards are combined as merge combines them)."""

from __future__ import annotations

import argparse
from pathlib import Path

from conformance.compare.words import quantity
from conformance.reports import writers
from conformance.reports.json_report import read_reports
from conformance.result import CheckResult, exit_code_for


def main(args: argparse.Namespace) -> int:
    if args.report_command == "html":
        return _html(args)
    results, runtime, duration = read_reports([Path(p) for p in args.reports])
    written = writers.write_all(results, runtime=runtime, duration=duration,
                                json_path=Path(args.json) if args.json else None,
                                junit_path=Path(args.junit) if args.junit else None,
                                markdown_path=Path(args.markdown) if args.markdown else None, step_summary=None)
    for path in written:  # each file said as `nbe run` and `nbe report html` say theirs
        print(f"wrote {path}: {_counts(results, args.reports)}")
    print(f"merged {quantity(len(args.reports), 'report')}: {quantity(len(results), 'check')}")
    return exit_code_for(results)


def _html(args: argparse.Namespace) -> int:
    """Exit 0 once the page is written, whatever the checks' statuses: the page is a view of a
    verdict that `nbe run` (or `nbe report merge`) already gave."""
    results, runtime, duration = read_reports([Path(p) for p in args.reports])
    output = Path(args.output)
    writers.write_all(results, runtime=runtime, duration=duration, json_path=None, junit_path=None,
                      markdown_path=None, step_summary=None, html_path=output, root=args.root)
    print(f"wrote {output}: {_counts(results, args.reports)}")
    return 0


def _counts(results: list[CheckResult], reports: list[str]) -> str:
    return f"{quantity(len(results), 'check')} from {quantity(len(reports), 'report')}"
