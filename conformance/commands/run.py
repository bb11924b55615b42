"""`nbe run`: resolve and narrow targets, choose a runtime, check the ports (in parallel),
report to the console and to the files asked for, exit 0/1."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import NamedTuple

from conformance.check import CheckOptions, run_check
from conformance.clients import port_language
from conformance.console import ConsoleReporter
from conformance.errors import UsageError
from conformance.examples import load_metas
from conformance.language import Languages
from conformance.project import Project, find_project
from conformance.project_config import parse_image_flags
from conformance.result import CheckResult, exit_code_for
from conformance.runtimes import RuntimeRequest, choose_runtime
from conformance.scheduler import Scheduler, order_like
from conformance.targets import Port, resolve


def main(args: argparse.Namespace) -> int:
    if args.update and os.environ.get("CI", "").lower() == "true":
        raise UsageError("--update is refused when CI=true: expected files are recorded by people, not by CI")
    project = find_project(args.root)
    languages = Languages(project.root)
    ports, why_empty = select(project, args, languages)
    if not ports:
        if why_empty.is_an_answer:  # nothing changed, or an empty shard: a real, green answer
            print(f"nbe: {why_empty.message}; nothing to check")
            return 0
        raise UsageError(why_empty.message)
    reporter = ConsoleReporter(sys.stdout, verbose=args.verbose)
    results, runtime_name, elapsed = check_ports(project, ports, languages, args, reporter)
    write_reports(args, results, runtime_name, elapsed)
    return exit_code_for(results)


def check_ports(project: Project, ports: list[Port], languages: Languages, args: argparse.Namespace,
                reporter: ConsoleReporter) -> tuple[list[CheckResult], str, float]:
    """Run the checks of `ports` as `nbe run`'s flags say (also for `nbe drift`):
    (results in tree order, the runtime's name, seconds)."""
    metas = load_metas(project, ports, languages)
    if getattr(args, "cluster", False):
        metas = {name: meta._replace(topology="cluster") for name, meta in metas.items()}
    for port in ports:  # a malformed language.yaml stops nbe before anything runs
        port_language(project.examples / port.name, port.language, languages)
    request = RuntimeRequest(args.runtime, parse_image_flags(args.image), args.server_image)
    runtime, why = choose_runtime(request, project)
    actual_dir = getattr(args, "actual_dir", None)
    options = CheckOptions(timeout=args.timeout, update=getattr(args, "update", False),
                           actual_dir=Path(actual_dir).resolve() if actual_dir else None)
    jobs = args.jobs or os.cpu_count() or 1
    reporter.started(runtime.name, why, len(ports), jobs)
    scheduler = Scheduler(jobs=jobs, retries=getattr(args, "retries", 0), fail_fast=getattr(args, "fail_fast", False),
                          on_start=lambda port: reporter.check_started(port.name), on_result=reporter.result)
    started = time.monotonic()
    with runtime:
        results = scheduler.run(ports, lambda port: run_check(
            project, port, metas[port.example_name], languages, runtime, options))
    elapsed = time.monotonic() - started
    results = order_like(results, ports)
    reporter.finished(results, elapsed, not_run=len(scheduler.not_run))
    return results, runtime.name, elapsed


class EmptySelection(NamedTuple):
    message: str
    is_an_answer: bool  # True when selecting nothing is a correct outcome, not a mistake


def select(project: Project, args: argparse.Namespace, languages: Languages) -> tuple[list[Port], EmptySelection]:
    """The ports to check, and why there are none when that is so."""
    ports = resolve(project, args.targets)
    if not ports:
        return ports, EmptySelection(f"no ports under {project.relative(project.examples)}/", False)
    if args.language:
        from conformance.selection import by_language, check_languages

        check_languages(args.language, languages.names())
        selected = by_language(ports, args.language)
        if not selected:
            present = ", ".join(sorted({p.language for p in ports}))
            return selected, EmptySelection(f"--language {' '.join(args.language)} selects none of the "
                                            f"{len(ports)} ports (their languages: {present})", False)
        ports = selected
    if args.changed_since:
        from conformance.selection import changed_since

        selected = changed_since(project, ports, args.changed_since)
        if not selected:
            return selected, EmptySelection(f"no change since {args.changed_since} affects the "
                                            f"{len(ports)} selected ports", True)
        ports = selected
    if args.shard:
        from conformance.selection import parse_shard, shard

        k, n = parse_shard(args.shard)
        selected = shard(ports, k, n)
        if not selected:
            return selected, EmptySelection(f"shard {k}/{n} holds none of the {len(ports)} selected ports", True)
        ports = selected
    return ports, EmptySelection("", False)


def write_reports(args: argparse.Namespace, results: list[CheckResult], runtime: str, elapsed: float) -> None:
    from pathlib import Path

    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if not (args.json or args.junit or args.markdown or summary):
        return
    from conformance.reports import writers

    writers.write_all(results, runtime=runtime, duration=elapsed,
                      json_path=Path(args.json) if args.json else None,
                      junit_path=Path(args.junit) if args.junit else None,
                      markdown_path=Path(args.markdown) if args.markdown else None,
                      step_summary=Path(summary) if summary else None)
