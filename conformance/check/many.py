"""Many checks at once, as `nbe run` and `nbe drift` make them: the options their flags give
(one frozen value), the runtime chosen once, the checks scheduled side by side, and the results
in tree order."""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from conformance.check import CheckOptions, prepare, run_check
from conformance.check.scheduler import Scheduler, order_like
from conformance.check.update import SharedUpdates, UpdateMode
from conformance.errors import UsageError
from conformance.languages import Languages
from conformance.project import Project
from conformance.project.ports import Check
from conformance.project.staleness import Stale
from conformance.reports.console import ConsoleReporter
from conformance.result import CheckResult
from conformance.runtimes import RuntimeRequest, choose_runtime
from conformance.servers.versions import Server


class RunOptions(NamedTuple):
    """How a run's checks run: `nbe run`'s flags (`nbe drift` gives a part of them). A NamedTuple:
    frozen, and cheaper to import than a dataclass (inspect), on every run's path."""

    runtime: str | None = None  # --runtime; None: NBE_RUNTIME, else auto
    images: Mapping[str, str] = MappingProxyType({})  # --image LANG=REF, parsed
    server_images: Sequence[str] = ()  # --server-image, parsed: one alone is the docker runtime's server
    cluster: bool = False  # --cluster
    timeout: float | None = None  # --timeout
    jobs: int | None = None  # --jobs; None: one per core
    retries: int = 0  # --retries
    fail_fast: bool = False  # --fail-fast
    actual_dir: Path | None = None  # --actual-dir
    update: bool = False  # --update
    record: bool = False  # --record
    override: bool = False  # --override
    wire: bool = False  # --wire
    state: bool = False  # --state
    sharded: bool = False  # --shard: its durations are not remembered (check/history.py)


def check_ports(project: Project, checks: list[Check], languages: Languages, options: RunOptions,
                reporter: ConsoleReporter) -> tuple[list[CheckResult], str, float]:
    """Run `checks` (ports against servers of the axis) as `options` say: (results in tree
    order, the runtime's name, seconds)."""
    ready = prepare(project, checks, languages, cluster=options.cluster)
    checks = with_binaries(checks)  # an unknown version stops nbe here, before anything runs
    runtime, why = choose_runtime(runtime_request(options), project)
    check_options = options_of_a_check(project, checks, options)
    update = check_options.update
    jobs = options.jobs or os.cpu_count() or 1
    try:  # the reporter's ticker (a long check's elapsed time) ends with the run, however it ends
        reporter.started(runtime.name, why, len(checks), jobs, servers=_labels(checks))
        # with --update a shared file's verdict comes once every port has run: results are shown then
        scheduler: Scheduler[Check] = Scheduler(
            jobs=jobs, retries=options.retries, fail_fast=options.fail_fast,
            on_start=lambda check: reporter.check_started(check.name),
            on_result=reporter.result if update is None else reporter.ran, remember_durations=not options.sharded)
        started = time.monotonic()
        with runtime:
            results = scheduler.run(checks, lambda check: run_check(
                project, ready[check.port], runtime, check_options, check.server))
        elapsed = time.monotonic() - started
    finally:
        reporter.close()
    results = order_like(results, port_by_port(checks))
    if update is not None:
        results = update.shared.settle(results)
        for result in results:
            reporter.show(result)
    reporter.finished(results, elapsed, not_run=len(scheduler.not_run))
    return results, runtime.name, elapsed


def refuse_update(options: RunOptions, servers: Sequence[Server]) -> None:
    """UsageError when --update (with --record, --override) cannot run: under CI, against a
    matrix of servers, or --record or --override without --update."""
    ci = os.environ.get("CI", "").lower() == "true"
    if options.record and ci:
        raise UsageError("--record is refused when CI=true: the site's recordings are made by people, not by CI")
    if options.record and not options.update:
        raise UsageError("--record needs --update: it records a port's run only where --update would accept it "
                         "(nbe run <category>/<example>/<language> --update --record)")
    if options.override and not options.update:
        raise UsageError("--override needs --update: it records a port's output as its language's own expected "
                         "file (nbe run <category>/<example>/<language> --update --override)")
    if not options.update:
        return
    if ci:
        raise UsageError("--update is refused when CI=true: expected files are recorded by people, not by CI")
    if len(servers) > 1:
        raise UsageError("--update records one output per port: choose one server, not a matrix of "
                         f"{len(servers)} ({', '.join(s.label for s in servers)})")


def runtime_request(options: RunOptions) -> RuntimeRequest:
    """The runtime the options ask for: --runtime, the base images, and one --server-image alone."""
    one_image = options.server_images[0] if len(options.server_images) == 1 else None
    matrix = tuple(options.server_images) if len(options.server_images) > 1 else ()
    return RuntimeRequest(options.runtime, dict(options.images), one_image, matrix)


def options_of_a_check(project: Project, checks: list[Check], options: RunOptions) -> CheckOptions:
    """What each check is told: the timeout, --update's mode (with its collector of shared
    writes), where actual outputs go, which recordings are stale, --wire and --state."""
    return CheckOptions(timeout=options.timeout, update=_update_mode(project, options),
                        actual_dir=options.actual_dir.resolve() if options.actual_dir else None,
                        stale=_stale_recordings(project, checks), wire=options.wire, state=options.state)


def with_binaries(checks: list[Check]) -> list[Check]:
    """Each version's binary, fetched into nbe's cache the first time it is asked for."""
    from conformance.servers.versions import fetch_all

    versions = list(dict.fromkeys(c.server.version for c in checks if c.server.version))
    if not versions:
        return checks
    binaries = fetch_all(versions)
    return [c._replace(server=c.server._replace(binary=str(binaries[c.server.version]))) if c.server.version else c
            for c in checks]


def port_by_port(checks: list[Check]) -> list[Check]:
    """Tree order, each port's servers together in the order asked for: how results are shown."""
    port_rank = {port: rank for rank, port in enumerate(dict.fromkeys(c.port for c in checks))}
    server_rank = {server: rank for rank, server in enumerate(dict.fromkeys(c.server for c in checks))}
    return sorted(checks, key=lambda c: (port_rank[c.port], server_rank[c.server]))


def _labels(checks: list[Check]) -> list[str]:
    return list(dict.fromkeys(c.server.label for c in checks if c.server.label))


def _stale_recordings(project: Project, checks: list[Check]) -> dict[str, Stale] | None:
    """For a tree of per-port recordings (NATS by Example's layout) with a git history: which are
    older than their port's sources. None for nbe's layout, or a tree with no history."""
    if project.expected.is_dir() or not (project.root / ".git").exists():
        return None
    from conformance.project.staleness import stale_recordings

    return stale_recordings(project.root, [check.port.name for check in checks])


def _update_mode(project: Project, options: RunOptions) -> UpdateMode | None:
    if not options.update:
        return None
    return UpdateMode(SharedUpdates(project), record=options.record, override=options.override)
