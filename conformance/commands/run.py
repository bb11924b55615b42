"""`nbe run`: resolve and narrow targets, choose a runtime, check the ports (in parallel),
report to the console and to the files asked for, exit 0/1."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import NamedTuple, Sequence, TextIO

from conformance.check import Check, CheckOptions, run_check
from conformance.check.scheduler import Scheduler, order_like
from conformance.check.update import SharedUpdates, UpdateMode
from conformance.errors import Terminated, UsageError
from conformance.languages import Languages
from conformance.languages.clients import port_language
from conformance.project import Project, find_project
from conformance.project.examples import load_metas
from conformance.project.ports import Port, resolve
from conformance.project.settings import parse_image_flags
from conformance.project.staleness import Stale
from conformance.reports.console import ConsoleReporter
from conformance.result import CheckResult, Status, exit_code_for
from conformance.runtimes import RuntimeRequest, choose_runtime
from conformance.servers.versions import Server, parse_images, parse_versions


def main(args: argparse.Namespace) -> int:
    if args.record and os.environ.get("CI", "").lower() == "true":
        raise UsageError("--record is refused when CI=true: the site's recordings are made by people, not by CI")
    if args.record and not args.update:
        raise UsageError("--record needs --update: it records a port's run only where --update would accept it "
                         "(nbe run TARGET --update --record)")
    if args.override and not args.update:
        raise UsageError("--override needs --update: it records a port's output as its language's own expected "
                         "file (nbe run TARGET --update --override)")
    if args.update and os.environ.get("CI", "").lower() == "true":
        raise UsageError("--update is refused when CI=true: expected files are recorded by people, not by CI")
    project = find_project(args.root)
    languages = Languages(project.root)
    servers = server_axis(args, project)
    if args.update and len(servers) > 1:
        raise UsageError("--update records one output per port: choose one server, not a matrix of "
                         f"{len(servers)} ({', '.join(s.label for s in servers)})")
    checks, why_empty = select(project, args, languages, servers)
    if not checks:
        if why_empty.is_an_answer:  # nothing changed, or an empty shard: a real, green answer
            print(f"nbe: {why_empty.message}; nothing to check")
            return 0
        raise UsageError(why_empty.message)
    reporter = _Witness(sys.stdout, checks, verbose=args.verbose)
    try:
        results, runtime_name, elapsed = check_ports(project, checks, languages, args, reporter)
    except (KeyboardInterrupt, Terminated) as stop:  # cleanup is done: the reports say what finished, then 130/143
        _write_cut_reports(args, reporter, stop)
        raise
    write_reports(args, results, runtime_name, elapsed)
    return exit_code_for(results)


def check_ports(project: Project, selected: Sequence[Port | Check], languages: Languages, args: argparse.Namespace,
                reporter: ConsoleReporter) -> tuple[list[CheckResult], str, float]:
    """Run the checks of `selected` (ports, or ports against servers of the version matrix) as
    `nbe run`'s flags say (also for `nbe drift`): (results in tree order, the runtime's name, seconds)."""
    checks = [item if isinstance(item, Check) else Check(item) for item in selected]
    ports = list(dict.fromkeys(check.port for check in checks))
    metas = load_metas(project, ports, languages)
    if getattr(args, "cluster", False):
        metas = {name: meta._replace(topology="cluster") for name, meta in metas.items()}
    for port in ports:  # a malformed language.yaml stops nbe before anything runs
        port_language(project.examples / port.name, port.language, languages)
    checks = with_binaries(checks)  # an unknown version stops nbe here, before anything runs
    images = parse_images(getattr(args, "server_image", None) or [])
    request = RuntimeRequest(args.runtime, parse_image_flags(args.image), images[0] if len(images) == 1 else None)
    runtime, why = choose_runtime(request, project)
    actual_dir = getattr(args, "actual_dir", None)
    update = _update_mode(project, args)
    options = CheckOptions(timeout=args.timeout, update=update,
                           actual_dir=Path(actual_dir).resolve() if actual_dir else None,
                           stale=_stale_recordings(project, checks))
    jobs = args.jobs or os.cpu_count() or 1
    reporter.started(runtime.name, why, len(checks), jobs, servers=_labels(checks))
    # with --update a shared file's verdict comes once every port has run: results are shown then
    scheduler: Scheduler[Check] = Scheduler(
        jobs=jobs, retries=getattr(args, "retries", 0), fail_fast=getattr(args, "fail_fast", False),
        on_start=lambda check: reporter.check_started(check.name),
        on_result=reporter.result if update is None else reporter.ran)
    started = time.monotonic()
    with runtime:
        results = scheduler.run(checks, lambda check: run_check(
            project, check.port, metas[check.port.example_name], languages, runtime, options, check.server))
    elapsed = time.monotonic() - started
    results = order_like(results, _port_by_port(checks))
    if update is not None:
        results = update.shared.settle(results)
        for result in results:
            reporter.show(result)
    reporter.finished(results, elapsed, not_run=len(scheduler.not_run))
    return results, runtime.name, elapsed


def _stale_recordings(project: Project, checks: list[Check]) -> dict[str, Stale] | None:
    """For a tree of per-port recordings (NATS by Example's layout) with a git history: which are
    older than their port's sources. None for nbe's layout, or a tree with no history."""
    if project.expected.is_dir() or not (project.root / ".git").exists():
        return None
    from conformance.project.staleness import stale_recordings

    return stale_recordings(project.root, [check.port.name for check in checks])


def _update_mode(project: Project, args: argparse.Namespace) -> UpdateMode | None:
    if not getattr(args, "update", False):
        return None
    return UpdateMode(SharedUpdates(project), record=getattr(args, "record", False),
                      override=getattr(args, "override", False))


class EmptySelection(NamedTuple):
    message: str
    is_an_answer: bool  # True when selecting nothing is a correct outcome, not a mistake


def server_axis(args: argparse.Namespace, project: Project) -> list[Server]:
    """The servers each port is checked against: --server-version (else nbe.yaml's
    `server_versions:`), then each --server-image when there are several or versions too.
    One image alone stays the docker runtime's server, as it always was; with none of these, the
    release the tree's own compose file runs (tree_server), else the installed one: [Server()]."""
    from conformance.project.settings import load_project_config

    versions = parse_versions(args.server_version, "--server-version") if args.server_version else []
    config = load_project_config(project) if not versions else None
    if config is not None and config.server_versions:
        versions = list(config.server_versions)
    images = parse_images(args.server_image or [])
    if not versions and not images:
        from conformance.servers.tree import tree_server

        return [tree_server(project.root)]
    if not versions and len(images) <= 1:
        return [Server()]
    return [Server(version=v) for v in versions] + [Server(image=i) for i in images]


def with_binaries(checks: list[Check]) -> list[Check]:
    """Each version's binary, fetched into nbe's cache the first time it is asked for."""
    from conformance.servers.versions import fetch_all

    versions = list(dict.fromkeys(c.server.version for c in checks if c.server.version))
    if not versions:
        return checks
    binaries = fetch_all(versions)
    return [c._replace(server=c.server._replace(binary=str(binaries[c.server.version]))) if c.server.version else c
            for c in checks]


def _port_by_port(checks: list[Check]) -> list[Check]:
    """Tree order, each port's servers together in the order asked for: how results are shown."""
    port_rank = {port: rank for rank, port in enumerate(dict.fromkeys(c.port for c in checks))}
    server_rank = {server: rank for rank, server in enumerate(dict.fromkeys(c.server for c in checks))}
    return sorted(checks, key=lambda c: (port_rank[c.port], server_rank[c.server]))


def _labels(checks: list[Check]) -> list[str]:
    return list(dict.fromkeys(c.server.label for c in checks if c.server.label))


def select(project: Project, args: argparse.Namespace, languages: Languages,
           servers: Sequence[Server] = (Server(),)) -> tuple[list[Check], EmptySelection]:
    """The checks to run (each port against each server), and why there are none when that is so."""
    ports = resolve(project, args.targets)
    if not ports:
        return [], EmptySelection(f"no ports under {project.relative(project.examples)}/", False)
    if args.language:
        from conformance.project.selection import by_language, check_languages

        check_languages(args.language, languages.names())
        selected = by_language(ports, args.language)
        if not selected:
            present = ", ".join(sorted({p.language for p in ports}))
            return [], EmptySelection(f"--language {' '.join(args.language)} selects none of the "
                                            f"{len(ports)} ports (their languages: {present})", False)
        ports = selected
    if args.changed_since:
        from conformance.project.selection import changed_since

        selected = changed_since(project, ports, args.changed_since)
        if not selected:
            return [], EmptySelection(f"no change since {args.changed_since} affects the "
                                            f"{len(ports)} selected ports", True)
        ports = selected
    # server by server: two checks of one port start apart, so a cold build is not done twice at once
    checks = [Check(port, server) for server in servers for port in ports]
    if args.shard:
        from conformance.project.selection import parse_shard, shard

        k, n = parse_shard(args.shard)
        chosen = shard(checks, k, n)
        if not chosen:
            noun = "ports" if len(checks) == len(ports) else "checks (ports and servers)"
            return chosen, EmptySelection(f"shard {k}/{n} holds none of the {len(checks)} selected {noun}", True)
        checks = chosen
    return checks, EmptySelection("", False)


def write_reports(args: argparse.Namespace, results: list[CheckResult], runtime: str, elapsed: float) -> None:
    from pathlib import Path

    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if not (args.json or args.junit or args.markdown or args.html or summary):
        return
    from conformance.reports import writers

    writers.write_all(results, runtime=runtime, duration=elapsed,
                      json_path=Path(args.json) if args.json else None,
                      junit_path=Path(args.junit) if args.junit else None,
                      markdown_path=Path(args.markdown) if args.markdown else None,
                      step_summary=Path(summary) if summary else None,
                      html_path=Path(args.html) if args.html else None, root=args.root)


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

    def __init__(self, stream: TextIO, checks: list[Check], *, verbose: bool) -> None:
        super().__init__(stream, verbose=verbose)
        self.checks = checks
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

    def elapsed(self) -> float:
        return time.monotonic() - self.began

    def cut_short(self, stop: BaseException) -> list[CheckResult]:
        """Every check, in tree order: its result, or an error saying that `stop` cut it or kept it from starting."""
        by = "SIGTERM" if isinstance(stop, Terminated) else "Ctrl-C"
        finished = {r.name for r in self.results}
        cut = [self._interrupted(check, by) for check in self.checks if check.name not in finished]
        return order_like(self.results + cut, _port_by_port(self.checks))

    def _interrupted(self, check: Check, by: str) -> CheckResult:
        result = CheckResult(target=check.port.name, server_version=check.server.label, runtime=self.runtime,
                             status=Status.ERROR, reason=f"not run: interrupted by {by} before it started",
                             duration=0.0, notes=(f"nbe run was stopped by {by}: this is no verdict on the port",))
        began = self.starts.get(check.name)
        if began is None:
            return result
        return result._replace(reason=f"interrupted by {by} before it finished", started_at=began[0],
                               duration=time.monotonic() - began[1])
