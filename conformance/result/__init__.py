"""One frozen result per check; every reporter reads the same stream of these. Its status says
what happened; `causes` says why, in the words every report uses."""

from __future__ import annotations

import enum
from typing import NamedTuple, Protocol

from conformance.compare.rules import RuleHit


class Named(Protocol):
    """A check to schedule: a port, or a port against one server of the version matrix."""

    @property
    def name(self) -> str: ...


class Status(str, enum.Enum):
    PASS = "pass"
    FAIL = "fail"
    ERROR = "error"
    TIMEOUT = "timeout"
    SKIP = "skip"
    XFAIL = "xfail"
    XPASS = "xpass"
    FLAKY = "flaky"  # failed, then passed on a retry: never reported as a plain pass

    @property
    def fails_the_run(self) -> bool:
        return self in (Status.FAIL, Status.ERROR, Status.TIMEOUT, Status.XPASS)


class Aspect(NamedTuple):
    """A verdict beside stdout's: what the port did on the wire (--wire), with its own diff."""

    name: str  # "wire"
    status: Status  # PASS, FAIL, ERROR; SKIP: nothing to compare with yet (the actual one is saved)
    reason: str = ""
    expected_file: str = ""  # relative to the project root
    actual_file: str = ""  # where the actual transcript was saved
    diff: str = ""
    notes: tuple[str, ...] = ()
    updated: bool = False  # --update wrote its expected file
    actual: str = ""  # what was compared (the transcript, after meta.yaml's rules); "" when there was none


class CheckResult(NamedTuple):
    target: str  # <category>/<example>/<language>
    runtime: str
    status: Status
    reason: str  # one line a person reads first
    duration: float
    details: str = ""  # log or stderr tail behind the reason
    diff: str = ""
    expected_file: str = ""  # relative to the project root
    override: bool = False  # compared with <language>.txt rather than output.txt
    expected_kind: str = ""  # "override", "canonical" or "recording" (the port's own output.txt)
    actual_file: str = ""  # where the actual output was saved on a mismatch
    rules_fired: tuple[RuleHit, ...] = ()
    exit_code: int | None = None
    stdout: str = ""  # normalised actual output, after rules
    stderr_tail: str = ""
    updated: bool = False  # --update wrote the expected file
    attempts: int = 1  # more than one with --retries
    started_at: float = 0.0  # wall-clock time the check began (seconds since the epoch)
    notes: tuple[str, ...] = ()  # what a person should know about how it was judged
    queued: float = 0.0  # waiting for its turn (`parallel: false`): not the check's own time
    server_version: str = ""  # the matrix's server (a version, or an image); "": the default one
    accept: str = ""  # for a port whose output is not the expected one: the command that accepts it
    cause: str = ""  # why it did not pass, one of causes.DESCRIPTIONS; "" for a pass
    aspects: tuple[Aspect, ...] = ()  # the verdicts beside stdout's that were asked for (--wire)

    def aspect(self, name: str) -> Aspect | None:
        return next((a for a in self.aspects if a.name == name), None)

    @property
    def diffs(self) -> str:
        """Every diff it has: stdout's, then each aspect's (--wire) under its name."""
        parts = [self.diff] if self.diff else []
        parts += [f"{a.name}: {a.reason}\n{a.diff}" for a in self.aspects if a.diff]
        return "\n".join(part.rstrip("\n") for part in parts) + "\n" if parts else ""

    @property
    def name(self) -> str:
        """The check's name: the target, and the server when a matrix chose one."""
        return check_name(self.target, self.server_version)

    @property
    def example(self) -> str:
        return self.target.rsplit("/", 1)[0]

    @property
    def language(self) -> str:
        return self.target.rsplit("/", 1)[1]


def check_name(target: str, server: str) -> str:
    return f"{target} [server {server}]" if server else target


def exit_code_for(results: list[CheckResult]) -> int:
    return 1 if any(r.status.fails_the_run for r in results) else 0
