"""One check, start to finish: run a port through a runtime, normalise, compare, record."""

from __future__ import annotations

import time
from typing import NamedTuple

from conformance.capture import STDOUT_CAP
from conformance.clients import port_language
from conformance.atomic import write_atomically
from conformance.expected import ExpectedFile, UnreadableExpected, expected_for, remove_stale
from conformance.language import Languages
from conformance.matching import compare
from conformance.meta import Meta
from conformance.normalize import decode, normalize
from conformance.project import Project
from conformance.result import CheckResult, Status
from conformance.rules import apply_rules
from conformance.runtime import Job, Outcome, Runtime
from conformance.targets import Port

DEFAULT_TIMEOUT = 30.0


class CheckOptions(NamedTuple):
    timeout: float | None = None  # --timeout wins over meta.yaml's
    update: bool = False


def run_check(project: Project, port: Port, meta: Meta, languages: Languages, runtime: Runtime,
              options: CheckOptions) -> CheckResult:
    """The check's result; whatever goes wrong inside it is its own error, never the run's end."""
    started_at, started = time.time(), time.monotonic()
    try:
        result = _check(project, port, meta, languages, runtime, options)
    except Exception as exc:
        result = _unexpected(port, runtime, exc)
    result = _apply_known_failure(result, meta)
    return result._replace(duration=time.monotonic() - started, started_at=started_at)


def _unexpected(port: Port, runtime: Runtime, exc: Exception) -> CheckResult:
    import traceback

    return CheckResult(target=port.name, runtime=runtime.name, status=Status.ERROR, duration=0.0,
                       reason=f"the check could not finish: {type(exc).__name__}: {exc}",
                       details="".join(traceback.format_exception(exc)))


def _check(project: Project, port: Port, meta: Meta, languages: Languages, runtime: Runtime,
           options: CheckOptions) -> CheckResult:
    base = CheckResult(target=port.name, runtime=runtime.name, status=Status.PASS, reason="", duration=0.0)
    known = meta.known.get(port.language)
    if known and known.kind == "skip":
        return base._replace(status=Status.SKIP, reason=f"skipped in meta.yaml: {known.reason}")
    port_dir = project.examples / port.name
    language, why_not = port_language(port_dir, port.language, languages)
    if language is None:
        return base._replace(status=Status.SKIP, reason=why_not)
    timeout = options.timeout or meta.timeout or DEFAULT_TIMEOUT
    job = Job(port, port_dir, language, meta, timeout)
    outcome = runtime.execute(job)
    expected = expected_for(project, port)
    base = base._replace(expected_file=project.relative(expected.path), override=expected.override)
    return _judge(project, port, meta, outcome, expected, base, options, timeout)


def _judge(project: Project, port: Port, meta: Meta, outcome: Outcome, expected: ExpectedFile,
           base: CheckResult, options: CheckOptions, timeout: float) -> CheckResult:
    if outcome.captured is None:
        return base._replace(status=outcome.status or Status.ERROR, reason=outcome.reason,
                             details=outcome.details)
    captured = outcome.captured
    actual, hits = apply_rules(normalize(decode(captured.stdout)), meta.rules, port.language)
    stderr_tail = decode(captured.stderr_tail[-4096:])
    base = base._replace(stdout=actual, stderr_tail=stderr_tail, rules_fired=hits,
                         exit_code=captured.returncode)
    if captured.timed_out:
        return base._replace(status=Status.TIMEOUT,
                             reason=f"killed after {timeout:g}s (the whole process group)")
    if not captured.stdout_overflow and captured.returncode != 0:
        return base._replace(status=Status.ERROR, reason=_exit_reason(captured.returncode))
    try:
        expected_text = expected.read()
    except UnreadableExpected as exc:
        return base._replace(status=Status.ERROR, reason=f"{project.relative(expected.path)}: {exc}")
    if captured.stdout_overflow:  # never recorded, also with --update: a flood is not an output
        return _overflowed(project, port, expected, expected_text, actual, base)
    if expected_text is None:
        if options.update:
            return _record(project, expected, actual, base, "recorded")
        _save_actual(expected, actual)
        return base._replace(
            status=Status.ERROR, actual_file=project.relative(expected.actual_path),
            reason=f"expected file missing: {project.relative(expected.path)}; "
                   f"record it with: nbe run {port.name} --update")
    matches, rendered, diff = compare(expected_text, actual, project.relative(expected.path),
                                      f"actual output of {port.name}")
    if matches:
        remove_stale(expected.actual_path)
        return base
    if options.update:
        return _record(project, expected, rendered, base, "updated")
    _save_actual(expected, actual)
    return base._replace(status=Status.FAIL, diff=diff,
                         actual_file=project.relative(expected.actual_path),
                         reason=f"output differs from {project.relative(expected.path)}")


def _overflowed(project: Project, port: Port, expected: ExpectedFile, expected_text: str | None, actual: str,
                base: CheckResult) -> CheckResult:
    _save_actual(expected, actual)
    diff = "" if expected_text is None else compare(expected_text, actual, project.relative(expected.path),
                                                    f"actual output of {port.name}")[2]
    return base._replace(status=Status.FAIL, diff=diff, actual_file=project.relative(expected.actual_path),
                         reason=f"stdout passed the {STDOUT_CAP // 1024} KiB cap; the port was stopped")


def _exit_reason(returncode: int | None) -> str:
    if returncode is not None and returncode < 0:
        return f"the port was killed by signal {-returncode}"
    return f"the port exited with code {returncode}"


def _save_actual(expected: ExpectedFile, actual: str) -> None:
    write_atomically(expected.actual_path, actual)


def _record(project: Project, expected: ExpectedFile, text: str, base: CheckResult, verb: str) -> CheckResult:
    write_atomically(expected.path, text)
    remove_stale(expected.actual_path)
    return base._replace(updated=True, reason=f"{verb} {project.relative(expected.path)}")


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
