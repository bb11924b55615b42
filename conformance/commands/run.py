"""`nbe run`: resolve and narrow targets, choose a runtime, check the ports (in parallel),
report to the console and to the files asked for, exit 0/1."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from conformance.check import history
from conformance.check.many import RunOptions, check_ports, port_by_port, refuse_update
from conformance.check.scheduler import order_like
from conformance.commands.targets import normalise
from conformance.compare.words import quantity
from conformance.errors import Terminated, UsageError
from conformance.languages import Languages
from conformance.project import Project, find_project
from conformance.project.ports import Check
from conformance.project.selection import select
from conformance.project.settings import parse_image_flags, project_servers
from conformance.reports.colour import use_colour
from conformance.reports.console import ConsoleReporter
from conformance.result import CheckResult, Status, exit_code_for
from conformance.servers.versions import parse_images


def main(args: argparse.Namespace) -> int:
    project = find_project(args.root)
    languages = Languages(project.root)
    servers = project_servers(project, args.server_version, args.server_image)
    options = run_options(args, retries=args.retries, fail_fast=args.fail_fast,
                          actual_dir=Path(args.actual_dir) if args.actual_dir else None,
                          update=args.update, record=args.record, override=args.override, wire=args.wire,
                          state=args.state, sharded=bool(args.shard))
    refuse_update(options, servers)  # under CI, against a matrix, --record alone (as pytest --nbe-update)
    checks, why_empty = select(project, languages, normalise(project, args.targets), language=args.language,
                               changed=args.changed_since, shard_of=args.shard,
                               shard_durations=history.durations, servers=servers)
    if not checks:
        if why_empty.is_an_answer:  # nothing changed, or an empty shard: a real, green answer
            print(f"nbe: {why_empty.message}; nothing to check")
            return 0
        raise UsageError(why_empty.message)
    reporter = _Witness(sys.stdout, checks, verbose=args.verbose, colour=use_colour(args.color, sys.stdout))
    try:
        results, runtime_name, elapsed = check_ports(project, checks, languages, options, reporter)
    except (KeyboardInterrupt, Terminated) as stop:  # cleanup is done: the reports say what finished, then 130/143
        _write_cut_reports(args, reporter, stop)
        raise
    try:
        write_reports(args, results, runtime_name, elapsed)
    finally:
        reporter.summarise()  # the verdict is the run's last line, after the files written
    return exit_code_for(results)


def run_options(args: argparse.Namespace, **only_run: Any) -> RunOptions:
    """The options of the check flags `nbe run` and `nbe drift` share; `only_run` holds those
    of run's own flags (--update, --retries, ...)."""
    return RunOptions(runtime=args.runtime, images=parse_image_flags(args.image),
                      server_images=tuple(parse_images(args.server_image)), cluster=args.cluster,
                      timeout=args.timeout, jobs=args.jobs, **only_run)


def write_reports(args: argparse.Namespace, results: list[CheckResult], runtime: str, elapsed: float) -> None:
    """The report files asked for, each said on stdout as `nbe report html` says its page."""
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if not (args.json or args.junit or args.markdown or args.html or summary):
        return
    from conformance.reports import writers

    written = writers.write_all(results, runtime=runtime, duration=elapsed,
                                json_path=Path(args.json) if args.json else None,
                                junit_path=Path(args.junit) if args.junit else None,
                                markdown_path=Path(args.markdown) if args.markdown else None,
                                step_summary=Path(summary) if summary else None,
                                html_path=Path(args.html) if args.html else None, root=args.root)
    for path in written:
        print(f"wrote {path}: {quantity(len(results), 'check')}", flush=True)


def _write_cut_reports(args: argparse.Namespace, reporter: _Witness, stop: BaseException) -> None:
    """The reports of a run that Ctrl-C or SIGTERM stopped. One that cannot be written is said
    so: the exit code stays the signal's."""
    if not reporter.runtime:
        return  # stopped before any check began: nothing ran to report on
    try:
        write_reports(args, reporter.cut_short(stop), reporter.runtime, reporter.elapsed())
    except OSError as exc:
        print(f"nbe: could not write the reports of the interrupted run: {exc}", file=sys.stderr)


class _Witness(ConsoleReporter):
    """The console reporter, keeping what it was told, so that the reports of a run Ctrl-C or
    SIGTERM stopped hold the checks that finished, and every other check as interrupted."""

    def __init__(self, stream: TextIO, checks: list[Check], *, verbose: bool, colour: bool) -> None:
        super().__init__(stream, verbose=verbose, colour=colour)
        self.checks = checks
        self.summary: tuple[list[CheckResult], float, int] | None = None  # finished()'s, shown by summarise()
        self.runtime = ""  # known once the checks begin
        self.began = 0.0
        self.results: list[CheckResult] = []
        self.starts: dict[str, tuple[float, float]] = {}  # a check's name: when it began (wall clock, monotonic)

    def started(self, runtime: str, why: str, count: int, jobs: int = 1, servers: list[str] | None = None) -> None:
        self.runtime, self.began = runtime, time.monotonic()
        super().started(runtime, why, count, jobs, servers)

    def check_started(self, target: str) -> None:
        self.starts[target] = (time.time(), time.monotonic())
        super().check_started(target)

    def ran(self, r: CheckResult) -> None:
        self.results.append(r)
        super().ran(r)

    def finished(self, results: list[CheckResult], elapsed: float, not_run: int = 0) -> None:
        self.summary = (results, elapsed, not_run)  # shown once the report files are written

    def summarise(self) -> None:
        if self.summary is not None:
            super().finished(*self.summary)
            self.summary = None

    def elapsed(self) -> float:
        return time.monotonic() - self.began

    def cut_short(self, stop: BaseException) -> list[CheckResult]:
        """Every check, in tree order: its result, or an error saying that `stop` cut it or kept it from starting."""
        by = "SIGTERM" if isinstance(stop, Terminated) else "Ctrl-C"
        finished = {r.name for r in self.results}
        cut = [self._interrupted(check, by) for check in self.checks if check.name not in finished]
        return order_like(self.results + cut, port_by_port(self.checks))

    def _interrupted(self, check: Check, by: str) -> CheckResult:
        result = CheckResult(target=check.port.name, server_version=check.server.label, runtime=self.runtime,
                             status=Status.ERROR, reason=f"not run: interrupted by {by} before it started",
                             duration=0.0, notes=(f"nbe run was stopped by {by}: this is no verdict on the port",))
        began = self.starts.get(check.name)
        if began is None:
            return result
        return result._replace(reason=f"interrupted by {by} before it finished", started_at=began[0],
                               duration=time.monotonic() - began[1])
