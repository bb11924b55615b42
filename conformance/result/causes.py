"""Why a check did not pass, from one fixed vocabulary, so that a maintainer reading a result,
a report or the page knows what to do next. A result made where the cause is known carries it;
`cause_of` names it for every other result from what the result says."""

from __future__ import annotations

import re

from conformance.result import CheckResult, Status

# nbe could not build or run the port: nbe's own fault (a recipe, a layout it does not follow)
NBE = "nbe"
# nbe could not build or run the port because of this machine (a package fetch, memory, a tool)
MACHINE = "machine"
# the port does not compile (or load) against the client version it declares
CLIENT_API = "client-api"
# the port ran and exited non-zero, or was killed: it fails on its own
PORT_FAILED = "port-failed"
# the recording the port is compared with is of a run that failed (a traceback, `exit status 1`)
FAILED_RECORDING = "failed-recording"
# the same lines in another order; `compare: {order: any}` in meta.yaml accepts it
ORDER = "order"
# only volatile values differ (times, dates, durations, ids); a mask accepts them
VOLATILE = "volatile"
# the port is unchanged since its recording, but its client (or the server) prints something else now
CLIENT_OUTPUT = "client-output"
# the port prints other lines than its expected output
CONTENT = "content"
# killed at the timeout
TIMEOUT = "timeout"
# needs what this machine lacks (a toolchain, a language definition, a Docker engine)
NEEDS = "needs"
# a folder nbe cannot run as a port (no entry file), or one meta.yaml says to skip
NOT_A_PORT = "not-a-port"
LISTED_SKIP = "listed-skip"
# there is no expected output to compare with yet
NO_EXPECTED = "no-expected"
# nbe run was stopped (Ctrl-C, SIGTERM) before the check finished
INTERRUPTED = "interrupted"
# it prints what it should, but its operations on the server differ from the expected wire file (--wire)
WIRE = "wire"
# it prints what it should, but leaves other streams, consumers or counts on its server than the expected state (--state)
STATE = "state"

DESCRIPTIONS = {
    NBE: "nbe could not build or run it (nbe's fault)",
    MACHINE: "nbe could not build or run it (this machine's fault)",
    CLIENT_API: "the port does not compile against its declared client",
    PORT_FAILED: "the port itself failed when run",
    FAILED_RECORDING: "the recording is of a failed run",
    ORDER: "same lines, another order",
    VOLATILE: "volatile values only",
    CLIENT_OUTPUT: "the client prints something else now",
    CONTENT: "content drift",
    TIMEOUT: "timeout",
    NEEDS: "needs what this machine lacks",
    NOT_A_PORT: "not a port nbe can run",
    LISTED_SKIP: "skipped in meta.yaml",
    NO_EXPECTED: "no expected output yet",
    INTERRUPTED: "interrupted",
    WIRE: "other operations on the wire",
    STATE: "other state left on the server",
}


def describe(cause: str) -> str:
    return DESCRIPTIONS.get(cause, cause)


def cause_of(result: CheckResult) -> str:
    """The result's cause: the one it was given where it was made, else read from what it says."""
    if result.cause or result.status in (Status.PASS, Status.FLAKY):
        return result.cause
    if result.status is Status.SKIP:
        return _skip_cause(result.reason)
    if result.status is Status.TIMEOUT:
        return TIMEOUT
    if result.status is Status.FAIL:
        if any(note.startswith("the recording is of a failed run") for note in result.notes):
            return FAILED_RECORDING
        return PORT_FAILED if "cap; the port was stopped" in result.reason else CONTENT
    return _error_cause(result)


def _skip_cause(reason: str) -> str:
    if reason.startswith("skipped in meta.yaml"):
        return LISTED_SKIP
    return NOT_A_PORT if reason.startswith("not a port") else NEEDS


def _error_cause(result: CheckResult) -> str:
    reason = result.reason
    if reason.startswith(("build failed", "image build failed", "build timed out")):
        return build_failure_cause(f"{reason}\n{result.details}")
    if reason.startswith(("the port exited", "the port was killed", "the port exceeded")):
        return PORT_FAILED
    if reason.startswith("expected file missing"):
        return NO_EXPECTED
    if reason.startswith(("update conflict", "not updated")):
        return CONTENT
    if reason.startswith(("interrupted", "not run: interrupted")):
        return INTERRUPTED
    if reason.startswith(("the Docker engine", "output stream lost", "the server image")):
        return MACHINE
    return NBE  # nats-server did not start, a check that could not finish: nbe's to fix


_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
# A build that could not fetch what it needs, or ran out of room: this machine, not the port.
_MACHINE_LOG = re.compile(
    r"could not resolve|temporary failure in name resolution|connection (?:refused|reset|timed out)"
    r"|network is unreachable|ENOTFOUND|ECONNRESET|ETIMEDOUT|EAI_AGAIN|TLS handshake timeout"
    r"|certificate verify failed|x509: certificate|no space left on device|cannot allocate memory"
    r"|is not on this engine and could not be pulled",
    re.IGNORECASE)
# A compiler's error at a line of the port's own sources: the port against its client's API.
_SOURCE_ERROR = re.compile(
    r"(?:^|[\s/])(?:main|Main|app|lib)\.(?:go|rs|java|c|cpp|ts|js|py|cs):\d+"  # main.go:12:3: ...
    r"|--> (?:src/)?(?:main|lib)\.rs:\d+"  # rustc
    r"|error: cannot find symbol|error\[E\d+\]",
    re.MULTILINE)


def build_failure_cause(log: str) -> str:
    """Whose a failed build is, from its log: this machine's, the port's against its client, or nbe's."""
    log = _ANSI.sub("", log)  # a Docker build's log is coloured
    if _MACHINE_LOG.search(log):
        return MACHINE
    return CLIENT_API if _SOURCE_ERROR.search(log) else NBE
