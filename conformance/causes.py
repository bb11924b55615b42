"""Why a check did not pass, from one fixed vocabulary, so that a maintainer reading a result,
a report or the page knows what to do next. A result made where the cause is known carries it;
`cause_of` names it for every other result from what the result says."""

from __future__ import annotations

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
}
