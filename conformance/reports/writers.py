"""Writing every report asked for from one list of results (nbe run, nbe report merge and html)."""

from __future__ import annotations

from pathlib import Path

from conformance.project.staleness import Regeneration
from conformance.reports import json_report, junit, markdown
from conformance.result import CheckResult


def write_all(results: list[CheckResult], *, runtime: str, duration: float, json_path: Path | None,
              junit_path: Path | None, markdown_path: Path | None, step_summary: Path | None,
              html_path: Path | None = None, root: str | None = None) -> list[Path]:
    """The files written (JSON, JUnit, Markdown, HTML: those asked for; not the step summary,
    which is appended to). `root`: the project (--root) whose meta.yaml files name the HTML page's
    drift references and whose git history tells which recordings are stale."""
    regenerate = recordings_to_regenerate(results, root) if markdown_path or step_summary or html_path else []
    if json_path:
        json_report.write(json_path, json_report.envelope(results, runtime=runtime, duration=duration))
    if junit_path:
        junit.write(junit_path, results, duration=duration)
    if markdown_path or step_summary:
        text = markdown.render(results, regenerate=regenerate)
        if markdown_path:
            from conformance.atomic import write_atomically

            write_atomically(markdown_path, text)
        if step_summary:
            with step_summary.open("a", encoding="utf-8") as summary:  # GitHub appends steps' summaries
                summary.write(text)
    if html_path:
        from conformance.reports import html

        html.write(html_path, results, runtime=runtime, duration=duration, root=root, regenerate=regenerate)
    return [path for path in (json_path, junit_path, markdown_path, html_path) if path]


def recordings_to_regenerate(results: list[CheckResult], root: str | None) -> list[Regeneration]:
    """The recordings to regenerate: stale by the project's git history (when the reports are
    written inside a project), or shown by the results to be of a failed run or out of date."""
    from conformance.errors import NbeError
    from conformance.project import find_project
    from conformance.project.staleness import stale_recordings, to_regenerate

    try:
        project = find_project(root)
    except NbeError:
        return to_regenerate(results, {})
    return to_regenerate(results, stale_recordings(project.root, [r.target for r in results]))
