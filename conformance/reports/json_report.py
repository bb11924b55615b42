"""The versioned JSON report, written and read here. Its keys are a contract (pinned by
tests/reports/test_reports.py): add keys freely, but renaming or removing one needs a new SCHEMA_VERSION.
`read_reports` is the one reader of reports (`nbe report merge`, `nbe report html`, `nbe drift
--json`, `nbe list`): a check is keyed by (port, runtime, server version), so a server matrix
reads as its checks and only a check found in two reports is refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NamedTuple

from conformance import __version__
from conformance.compare.rules import RuleHit
from conformance.errors import UsageError
from conformance.result import Aspect, CheckResult, Status

SCHEMA = "nbe-results"
SCHEMA_VERSION = 2  # 2: a result carries its server_version; merging keys checks by it too
READABLE = (1, 2)  # a version-1 result is one against the default server


def to_dict(result: CheckResult) -> dict[str, Any]:
    return {
        "target": result.target,
        "example": result.example,
        "language": result.language,
        "runtime": result.runtime,
        "server_version": result.server_version or None,  # null: the server nbe is installed with
        "status": result.status.value,
        "reason": result.reason,
        "duration": round(result.duration, 3),
        "attempts": result.attempts,
        "started_at": round(result.started_at, 3),
        "notes": list(result.notes),
        "expected_file": result.expected_file,
        "override": result.override,
        "expected_kind": result.expected_kind,
        "actual_file": result.actual_file,
        "rules_fired": [{"description": h.description, "pattern": h.pattern, "times": h.times}
                        for h in result.rules_fired],
        "exit_code": result.exit_code,
        "diff": result.diff,
        "stdout": result.stdout,
        "stderr_tail": result.stderr_tail,
        "details": result.details,
        "updated": result.updated,
        "cause": result.cause or None,  # why it did not pass (causes.py); null for a pass
        # the verdicts beside stdout's that were asked for: {"wire": {...}} with --wire, else {}
        "aspects": {a.name: _aspect_dict(a) for a in result.aspects},
    }


def _aspect_dict(aspect: Aspect) -> dict[str, Any]:
    return {"status": aspect.status.value, "reason": aspect.reason, "expected_file": aspect.expected_file,
            "actual_file": aspect.actual_file, "diff": aspect.diff, "notes": list(aspect.notes),
            "updated": aspect.updated, "actual": aspect.actual}


def from_dict(data: dict[str, Any]) -> CheckResult:
    return CheckResult(
        target=data["target"], runtime=data["runtime"], status=Status(data["status"]), reason=data["reason"],
        duration=data["duration"], details=data["details"], diff=data["diff"],
        expected_file=data["expected_file"], override=data["override"],
        expected_kind=data.get("expected_kind", ""), actual_file=data["actual_file"],
        rules_fired=tuple(RuleHit(h["description"], h["pattern"], h["times"]) for h in data["rules_fired"]),
        exit_code=data["exit_code"], stdout=data["stdout"], stderr_tail=data["stderr_tail"],
        updated=data["updated"], attempts=data["attempts"], started_at=data.get("started_at", 0.0),
        notes=tuple(data.get("notes", ())), server_version=data.get("server_version") or "",
        cause=data.get("cause") or "",
        aspects=tuple(Aspect(name, Status(a["status"]), a["reason"], a["expected_file"], a["actual_file"], a["diff"],
                             tuple(a["notes"]), a["updated"], a.get("actual", ""))
                      for name, a in data.get("aspects", {}).items()),
    )


def envelope(results: list[CheckResult], *, runtime: str, duration: float) -> dict[str, Any]:
    summary = {status.value: 0 for status in Status}
    for result in results:
        summary[result.status.value] += 1
    return {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "nbe_version": __version__,
        "runtime": runtime,
        "duration": round(duration, 3),
        "passed": not any(r.status.fails_the_run for r in results),
        "summary": summary,
        "results": [to_dict(r) for r in results],
    }


def write(path: Path, data: dict[str, Any]) -> None:
    from conformance.atomic import write_atomically

    write_atomically(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def read(path: Path) -> dict[str, Any]:
    """A report written by nbe; UsageError naming the file for anything else."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"{path}: not a readable nbe JSON report ({exc})") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise UsageError(f"{path}: not an nbe JSON report (no \"schema\": \"{SCHEMA}\")")
    if data.get("schema_version") not in READABLE:
        raise UsageError(f"{path}: report schema version {data.get('schema_version')} "
                         f"(this nbe reads {', '.join(map(str, READABLE))})")
    return data


class Reports(NamedTuple):
    """What several reports hold, read as one run's."""

    results: list[CheckResult]  # by port, runtime and server (the matrix's order)
    runtime: str  # "local", or the runtimes joined: "docker+local"
    duration: float  # the longest: shards run side by side


def read_reports(paths: list[Path]) -> Reports:
    """The results of nbe JSON reports; UsageError naming the file for a report that is not
    one, or that holds a check another report holds too."""
    results, runtimes, duration = [], set(), 0.0
    seen: dict[tuple[str, str, str], Path] = {}  # a check: (port, runtime, server version)
    for path in paths:
        data = read(path)
        if not isinstance(data.get("results"), list) or not isinstance(data.get("duration"), (int, float)):
            raise UsageError(f"{path}: an nbe JSON report without its \"results\" list or \"duration\"")
        runtimes.add(str(data.get("runtime", "")))
        duration = max(duration, data["duration"])
        for item in data["results"]:
            result = _result(path, item)
            key = (result.target, result.runtime, result.server_version)
            if key in seen:
                raise UsageError(f"{path}: {result.name} ({result.runtime}) is also in {seen[key]}; "
                                 "shards must not overlap")
            seen[key] = path
            results.append(result)
    from conformance.servers.versions import axis_order

    results.sort(key=lambda r: (r.target, r.runtime, axis_order(r.server_version)))
    runtime = runtimes.pop() if len(runtimes) == 1 else "+".join(sorted(runtimes))
    return Reports(results, runtime, duration)


def read_results(paths: list[Path], targets: list[str]) -> list[CheckResult]:
    """The results of the reports (`nbe drift --json`), narrowed to `targets` as `nbe run`
    narrows the tree's ports; UsageError when none is left to group."""
    results = read_reports(paths).results
    if not results:
        raise UsageError(f"{', '.join(map(str, paths))}: no results to group")
    return _narrowed(results, targets) if targets else results


def _narrowed(results: list[CheckResult], targets: list[str]) -> list[CheckResult]:
    from conformance.project.ports import Port, checked_name, named

    ports = {r.target: Port.of(r.target) for r in results}
    chosen: set[Port] = set()
    for target in targets:
        checked_name(target)  # a name that could leave the tree is refused as such
        try:
            chosen.update(named(list(ports.values()), [target]))
        except UsageError:
            raise UsageError(f"target {target!r} matches no result in the reports") from None
    return [r for r in results if ports[r.target] in chosen]

def _result(path: Path, item: Any) -> CheckResult:
    """One result of a report; a result that lacks a key or holds a wrong value names its file."""
    try:
        return from_dict(item)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        raise UsageError(f"{path}: a result nbe cannot read ({type(exc).__name__}: {exc})") from None
