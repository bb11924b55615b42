"""One check, start to finish: which language runs the port, run it through a runtime, judge
what it printed (judge.py), apply a known failure from meta.yaml. Beside it, many checks: the
scheduler and the durations it orders by (history), --update (update), the asciicasts --record
writes (casts), and the hints a verdict may carry (hints)."""

from __future__ import annotations

import time
from pathlib import Path
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from conformance.check.judge import judge
from conformance.check.update import UpdateMode
from conformance.languages import Languages
from conformance.languages.clients import PortLanguage, port_language
from conformance.project import Project
from conformance.project.examples import load_metas
from conformance.project.expected import RECORDING, STATE, WIRE, expected_for
from conformance.project.meta import Meta
from conformance.project.ports import Check, Port
from conformance.project.recorded_time import timeout_for
from conformance.project.staleness import Stale
from conformance.result import CheckResult, Status, check_name
from conformance.result.causes import CLIENT_OUTPUT, CONTENT, cause_of
from conformance.runtimes.compose import port_compose, services_reason
from conformance.runtimes.docker.dockerfile import dockerfile_note
from conformance.runtimes.protocol import Job, Outcome, Runtime
from conformance.servers.versions import Server

DEFAULT_TIMEOUT = 30.0
# A port compared with its own recording (NATS by Example's tree) sets no timeout: its runner has
# none, and its clients' default fetch and request expiries are 30 s, which a port may wait out.
RECORDING_TIMEOUT = 60.0


class CheckOptions(NamedTuple):
    timeout: float | None = None  # --timeout wins over meta.yaml's
    update: UpdateMode | None = None  # --update (with --record, --override), None without it
    actual_dir: Path | None = None  # --actual-dir
    # the ports whose recording is older than their sources, from the tree's git history; None: no history
    stale: Mapping[str, Stale] | None = None
    wire: bool = False  # --wire: the port's operations on the server are judged too
    state: bool = False  # --state: what the port left on its server is judged too


class Ready(NamedTuple):
    """A port read and validated before any check runs: its example's meta.yaml and the
    language that runs it (or, in `language.why_not`, why none does: a skip)."""

    port: Port
    meta: Meta
    language: PortLanguage


def prepare(project: Project, checks: Sequence[Check], languages: Languages, *,
            cluster: bool = False) -> dict[Port, Ready]:
    """Every port of `checks`, read once: a malformed meta.yaml or language.yaml stops nbe here,
    before anything runs (ConfigError naming the file). `cluster` (--cluster) runs every example
    on a cluster."""
    ports = list(dict.fromkeys(check.port for check in checks))
    metas = load_metas(project, ports, languages)
    if cluster:
        metas = {name: meta._replace(topology="cluster") for name, meta in metas.items()}
    return {port: Ready(port, metas[port.example_name],
                        port_language(project.examples / port.name, port.language, languages))
            for port in ports}


def run_check(project: Project, ready: Ready, runtime: Runtime, options: CheckOptions,
              server: Server = Server()) -> CheckResult:
    """The check's result; whatever goes wrong inside it is its own error, never the run's end."""
    started_at, started = time.time(), time.monotonic()
    try:
        result = _check(project, ready, runtime, options, server)
    except Exception as exc:
        result = _unexpected(ready.port, runtime, exc)
    result = _apply_known_failure(_with_cause(result, options.stale), ready.meta)
    return result._replace(duration=time.monotonic() - started - result.queued, started_at=started_at,
                           server_version=server.label)


def _with_cause(result: CheckResult, stale: Mapping[str, Stale] | None) -> CheckResult:
    """The result with its cause; a recording that differs is content drift when the port's sources
    changed after it, and the client's doing when they did not (known from the tree's history)."""
    cause = cause_of(result)
    if cause != CONTENT or result.expected_kind != RECORDING or stale is None:
        return result._replace(cause=cause)
    if result.target in stale:
        return result._replace(cause=CONTENT, notes=result.notes + (f"the recording is {stale[result.target]}",))
    return result._replace(cause=CLIENT_OUTPUT, notes=result.notes + (
        "the port's sources have not changed since its recording: its client (or the server) prints this now",))


def _unexpected(port: Port, runtime: Runtime, exc: Exception) -> CheckResult:
    import traceback

    return CheckResult(target=port.name, runtime=runtime.name, status=Status.ERROR, duration=0.0,
                       reason=f"the check could not finish: {type(exc).__name__}: {exc}",
                       details="".join(traceback.format_exception(exc)))


def _check(project: Project, ready: Ready, runtime: Runtime, options: CheckOptions, server: Server) -> CheckResult:
    port, meta = ready.port, ready.meta
    base = CheckResult(target=port.name, runtime=runtime.name, status=Status.PASS, reason="", duration=0.0)
    known = meta.known.get(port.language)
    if known and known.kind == "skip":
        return base._replace(status=Status.SKIP, reason=f"skipped in meta.yaml: {known.reason}")
    port_dir = project.examples / port.name
    language, why_not = ready.language
    if language is None:
        return base._replace(status=Status.SKIP, reason=why_not)
    compose = port_compose(project.root, port_dir)
    if compose is not None and compose.others:
        return base._replace(status=Status.SKIP, reason=services_reason(compose))
    expected = expected_for(project, port, options.actual_dir)
    given = options.timeout or meta.timeout
    default = RECORDING_TIMEOUT if expected.kind == RECORDING else DEFAULT_TIMEOUT
    timeout, longer = (given, "") if given else timeout_for(port_dir, default)
    # compared with its own terminal recording, the port runs as it was recorded (capture.py)
    job = Job(port, port_dir, language, meta, timeout, server, terminal=expected.kind == RECORDING,
              gives_url=compose is None or compose.gives_url, wire=options.wire, state=options.state)
    outcome = runtime.execute(job)
    base = base._replace(expected_file=expected.shown, override=expected.override,
                         expected_kind=expected.kind)
    from conformance.check.hints import with_jetstream_hint

    verdict = judge(port, meta, outcome, expected, base._replace(queued=outcome.queued),
                    timeout=timeout, update=options.update)
    notes: tuple[str, ...] = (longer,) if longer else ()
    if runtime.name == "local" and (unused := dockerfile_note(port_dir, language.name)):
        notes += (unused,)
    if notes:
        verdict = verdict._replace(notes=verdict.notes + notes)
    if (options.wire or options.state) and verdict.status in (Status.PASS, Status.FAIL):  # it ran to its own end
        verdict = _on_the_server(project, port, meta, outcome, options, verdict, job.gives_url)
    return with_jetstream_hint(verdict, meta)


def _on_the_server(project: Project, port: Port, meta: Meta, outcome: Outcome, options: CheckOptions,
                   verdict: CheckResult, has_server: bool) -> CheckResult:
    """The verdict with what the port did on its server (--wire) and left there (--state)."""
    from conformance.check.behaviour import judge_state, judge_wire, serverless, with_aspect

    if not has_server:  # its tree's compose recipe runs it with no server of nbe's: nothing to read
        return verdict._replace(aspects=serverless(options.wire, options.state))

    if options.wire:
        wire_file = expected_for(project, port, options.actual_dir, names=WIRE)
        verdict = with_aspect(verdict, judge_wire(port, meta, outcome.wire, wire_file, options.update))
    if options.state:
        state_file = expected_for(project, port, options.actual_dir, names=STATE)
        verdict = with_aspect(verdict, judge_state(port, meta, outcome.state, state_file, options.update))
    return verdict


def _apply_known_failure(result: CheckResult, meta: Meta) -> CheckResult:
    known = meta.known.get(result.language)
    if not known or known.kind != "xfail":
        return result
    if result.status is Status.PASS:
        return result._replace(status=Status.XPASS,
                               reason=f"listed as a known failure but passed; remove it from meta.yaml ({known.reason})")
    if result.status in (Status.FAIL, Status.ERROR, Status.TIMEOUT):
        return result._replace(status=Status.XFAIL,
                               reason=f"known failure: {known.reason} ({result.status.value}: {result.reason})")
    return result
