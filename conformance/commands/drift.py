"""`nbe drift`: run the ports (or read `--json` reports) and group each example's ports by what
they print. Exit 0 whatever the ports print, since drift is a report; 2 for usage and
configuration errors, as everywhere in nbe."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from conformance.commands.targets import normalise
from conformance.compare.words import quantity
from conformance.errors import EXIT_OK, UsageError
from conformance.languages import Languages
from conformance.project import Project, find_project
from conformance.project.references import references
from conformance.reports.colour import use_colour
from conformance.reports.console import ConsoleReporter
from conformance.reports.drift import ExampleDrift, by_aspect, drift
from conformance.result import CheckResult

if TYPE_CHECKING:
    from conformance.project.staleness import Regeneration

# (dest, flag) of the flags that say how ports run: meaningless when results are read
_RUN_FLAGS = (("runtime", "--runtime"), ("timeout", "--timeout"), ("image", "--image"),
              ("server_image", "--server-image"), ("cluster", "--cluster"), ("jobs", "--jobs"))


def main(args: argparse.Namespace) -> int:
    if args.from_json:
        project, results = _read(args)
    else:
        project, results = _run(args)
    if args.wire or args.state:
        results = by_aspect(results, "wire" if args.wire else "state")
    examples = _ports_by_example([(r.example, r.language) for r in results])
    reference_of = references(project, Languages(project.root), examples) if project else {}
    drifts = drift(results, reference_of, per_server=True)
    regenerate = _to_regenerate(project, results)
    from conformance.reports import drift_text

    sys.stdout.write(drift_text.render(drifts, regenerate))
    _write_markdown(args, drifts, regenerate)
    return EXIT_OK


def _to_regenerate(project: Project | None, results: list[CheckResult]) -> list[Regeneration]:
    """The recordings to regenerate; which are stale, the project's git history says."""
    from conformance.project.staleness import stale_recordings, to_regenerate

    stale = stale_recordings(project.root, [r.target for r in results]) if project else {}
    return to_regenerate(results, stale)


def _run(args: argparse.Namespace) -> tuple[Project, list[CheckResult]]:
    """Each port against each server of the axis, as `nbe run` checks them: several
    --server-image (or nbe.yaml's `server_versions:`) are a matrix, one image is the server."""
    from conformance.check.many import check_ports
    from conformance.commands.run import run_options
    from conformance.project.ports import Check, resolve
    from conformance.project.settings import project_servers

    project = find_project(args.root)
    languages = Languages(project.root)
    ports = resolve(project, normalise(project, args.targets))
    if not ports:
        raise UsageError(f"no ports under {project.relative(project.examples)}/")
    # a bad `reference:` stops nbe before anything runs
    references(project, languages, _ports_by_example([(p.example_name, p.language) for p in ports]))
    checks = [Check(port, server) for server in project_servers(project, images=args.server_image)
              for port in ports]
    results, _, _ = check_ports(project, checks, languages, run_options(args, wire=args.wire, state=args.state),
                                _Progress(sys.stderr, verbose=args.verbose, colour=use_colour(args.color, sys.stderr)))
    return project, results


def _read(args: argparse.Namespace) -> tuple[Project | None, list[CheckResult]]:
    from conformance.reports.json_report import read_results

    for dest, flag in _RUN_FLAGS:
        if getattr(args, dest):
            raise UsageError(f"{flag} says how ports run; with --json, nbe drift reads results and runs nothing")
    try:
        project: Project | None = find_project(args.root)
    except UsageError:
        if args.root or os.environ.get("NBE_ROOT"):
            raise
        project = None  # reports read outside any project: no meta.yaml or nbe.yaml names a reference
    results = read_results([Path(p) for p in args.from_json], normalise(project, args.targets))
    return project, results


def _ports_by_example(pairs: list[tuple[str, str]]) -> dict[str, set[str]]:
    """The languages of each example's ports, from (example, language) pairs."""
    found: dict[str, set[str]] = {}
    for example, language in pairs:
        found.setdefault(example, set()).add(language)
    return found


def _write_markdown(args: argparse.Namespace, drifts: list[ExampleDrift], regenerate: list[Regeneration]) -> None:
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if not (args.markdown or summary):
        return
    from conformance.atomic import write_atomically
    from conformance.reports import drift_markdown

    text = drift_markdown.render(drifts, regenerate=regenerate)
    if args.markdown:
        write_atomically(Path(args.markdown), text)
        # stdout is the drift report: the file written is said beside the progress lines
        examples = quantity(len({d.example for d in drifts}), "example")
        print(f"wrote {args.markdown}: {examples}", file=sys.stderr)
    if summary:
        with Path(summary).open("a", encoding="utf-8") as step_summary:  # GitHub appends steps' summaries
            step_summary.write(text)


class _Progress(ConsoleReporter):
    """nbe run's console lines on stderr, without the diffs against expected files and the
    matrix: stdout is the drift report's."""

    def _details(self, r: CheckResult) -> list[str]:
        return super()._details(r) if self.verbose else []

    def _matrix(self, results: list[CheckResult]) -> None:
        pass
