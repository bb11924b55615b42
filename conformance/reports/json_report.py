"""The versioned JSON report. Its keys are a contract (pinned by tests/test_reports.py):
add keys freely, but renaming or removing one needs a new SCHEMA_VERSION."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conformance import __version__
from conformance.errors import UsageError
from conformance.result import CheckResult, Status
from conformance.rules import RuleHit

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
    }


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
