"""Writing every report asked for from one list of results (nbe run, nbe report merge and html)."""

from __future__ import annotations

from pathlib import Path

from conformance.reports import json_report, junit, markdown
from conformance.result import CheckResult


def write_all(results: list[CheckResult], *, runtime: str, duration: float, json_path: Path | None,
              junit_path: Path | None, markdown_path: Path | None, step_summary: Path | None,
              html_path: Path | None = None, root: str | None = None) -> None:
    """`root`: the project (--root) whose meta.yaml files name the HTML page's drift references."""
    if json_path:
        json_report.write(json_path, json_report.envelope(results, runtime=runtime, duration=duration))
    if junit_path:
        junit.write(junit_path, results, duration=duration)
    if markdown_path or step_summary:
        text = markdown.render(results)
        if markdown_path:
            from conformance.atomic import write_atomically

            write_atomically(markdown_path, text)
        if step_summary:
            with step_summary.open("a", encoding="utf-8") as summary:  # GitHub appends steps' summaries
                summary.write(text)
    if html_path:
        from conformance.reports import html

        html.write(html_path, results, runtime=runtime, duration=duration, root=root)
