"""A hint for a port that failed on JetStream while its example has JetStream off: the clients'
errors ("service unavailable", "JetStream not enabled") do not say the server was started so."""

from __future__ import annotations

import re

from conformance.project.meta import Meta
from conformance.result import CheckResult, Status

HINT = "; JetStream is off for this example (meta.yaml server: {jetstream: false})"
# nats-py: ServiceUnavailableError; nats.go, nats.js, the CLI: "JetStream not enabled"
_JETSTREAM_MISSING = re.compile(r"service\s?unavailable|jetstream (?:is )?not (?:enabled|available)", re.IGNORECASE)


def with_jetstream_hint(result: CheckResult, meta: Meta) -> CheckResult:
    """`result` with the hint in its reason when it is such a failure; else as it is."""
    if meta.jetstream or result.status not in (Status.FAIL, Status.ERROR):
        return result
    printed = f"{result.stdout}\n{result.stderr_tail}"
    if not _JETSTREAM_MISSING.search(printed):
        return result
    return result._replace(reason=result.reason + HINT)
